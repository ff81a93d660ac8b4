import { z } from 'zod';

export const uuidParam = (name: string) => z.uuid().meta({ description: `${name} id` });

export const limitQuery = z.coerce.number().int().min(1).max(200).default(50);

export const problemSchema = z
  .object({
    type: z
      .string()
      .meta({ description: 'Stable URI of the error kind, e.g. https://conveyor.dev/problems/not-found' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
  })
  .catchall(z.unknown())
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

export const runStatusEnum = z.enum(['queued', 'running', 'waiting', 'succeeded', 'failed', 'canceled']);

export const runSummarySchema = z
  .object({
    id: z.uuid(),
    status: runStatusEnum,
    workflowId: z.uuid(),
    workflowVersionId: z.uuid(),
    triggerId: z.uuid().nullable(),
    triggerKind: z.enum(['webhook', 'schedule', 'manual', 'api']),
    correlationKey: z.string().nullable(),
    createdAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'RunSummary' });

export const deliverySchema = z
  .object({
    id: z.uuid(),
    purpose: z.string(),
    url: z.string(),
    attempt: z.number().int(),
    status: z.string().meta({ description: 'delivered | retrying | failed' }),
    responseStatus: z.number().int().nullable(),
    error: z.string().nullable(),
    durationMs: z.number().int().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'WebhookDelivery' });

export const runDetailSchema = runSummarySchema
  .extend({
    input: z.unknown(),
    output: z.unknown().nullable(),
    error: z.unknown().nullable(),
    steps: z.array(
      z.object({
        nodeId: z.string(),
        nodeType: z.string(),
        round: z.number().int(),
        status: z.enum(['pending', 'running', 'waiting', 'succeeded', 'failed', 'skipped', 'canceled']),
        attempt: z.number().int(),
        startedAt: z.iso.datetime().nullable(),
        finishedAt: z.iso.datetime().nullable(),
      }),
    ),
    deliveries: z.array(deliverySchema).meta({ description: 'Outbound callback attempts for this run' }),
  })
  .meta({ id: 'Run' });

export const iso = (d: Date | null) => (d ? d.toISOString() : null);
