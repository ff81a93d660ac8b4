import { z } from 'zod';

export const ZTestRunInput = z
  .object({
    workspaceId: z.uuid(),
    workflowId: z.uuid(),
    /** Uploads from `POST /api/uploads` (this workspace's media ids)… */
    mediaIds: z.array(z.uuid()).max(50).default([]),
    /** …or one of the demo claims (`workflows.demoSamples`). */
    demoSample: z.string().max(64).optional(),
    /** Case fields, e.g. `{ claimId, productSku }`; a demo claim brings its own. */
    record: z.record(z.string().max(64), z.unknown()).default({}),
  })
  .refine((i) => !(i.demoSample && i.mediaIds.length > 0), 'Use either uploads or a demo claim, not both');

export const ZTestRunOutput = z.object({ runId: z.uuid(), status: z.string(), workflowVersionId: z.uuid() });
