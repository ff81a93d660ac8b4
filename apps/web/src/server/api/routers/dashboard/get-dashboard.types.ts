import { z } from 'zod';

export const ZGetDashboardInput = z.object({
  workspaceId: z.uuid(),
  /** The window: the last N hours (up to 90 days). */
  hours: z
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24),
});

const hourly = z.object({
  hour: z.string(),
  queued: z.number().int(),
  running: z.number().int(),
  waiting: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  canceled: z.number().int(),
});

export const ZGetDashboardOutput = z.object({
  window: z.object({ from: z.string(), to: z.string(), hours: z.number().int() }),
  runsPerHour: z.array(hourly),
  latency: z.array(
    z.object({
      nodeType: z.string(),
      attempts: z.number().int(),
      failed: z.number().int(),
      p50Ms: z.number(),
      p95Ms: z.number(),
      p99Ms: z.number(),
    }),
  ),
  backlog: z.object({
    queuedRuns: z.number().int(),
    oldestQueuedSeconds: z.number(),
    waitingRuns: z.number().int(),
    openTasks: z.number().int(),
    overdueTasks: z.number().int(),
    queues: z.array(
      z.object({
        queue: z.string(),
        ready: z.number().int(),
        deferred: z.number().int(),
        active: z.number().int(),
        oldestReadySeconds: z.number(),
      }),
    ),
  }),
  automation: z.object({
    finishedRuns: z.number().int(),
    automatedRuns: z.number().int(),
    automationRate: z.number().nullable(),
    decisions: z.number().int(),
    overrides: z.number().int(),
    overrideRate: z.number().nullable(),
  }),
  confidence: z.array(
    z.object({
      model: z.string(),
      version: z.string(),
      count: z.number().int(),
      bins: z.array(z.number().int()),
      mean: z.number().nullable(),
      previousCount: z.number().int(),
      psi: z.number().nullable(),
    }),
  ),
});
