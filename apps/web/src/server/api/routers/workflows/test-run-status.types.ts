import { z } from 'zod';

export const ZTestRunStatusInput = z.object({ workspaceId: z.uuid(), workflowId: z.uuid(), runId: z.uuid() });

const ZStatus = z.string();

export const ZTestRunStatusOutput = z.object({
  id: z.uuid(),
  status: ZStatus,
  terminal: z.boolean(),
  isTest: z.boolean(),
  version: z.number().int(),
  input: z.unknown(),
  output: z.unknown(),
  error: z.unknown(),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  steps: z.array(
    z.object({
      id: z.uuid(),
      nodeId: z.string(),
      nodeType: z.string(),
      status: ZStatus,
      attempt: z.number().int(),
      maxAttempts: z.number().int(),
      round: z.number().int(),
      inputs: z.unknown(),
      outputs: z.unknown(),
      firedPorts: z.array(z.string()),
      error: z.unknown(),
      waitFor: z.unknown(),
      startedAt: z.date().nullable(),
      finishedAt: z.date().nullable(),
      durationMs: z.number().nullable(),
    }),
  ),
});
