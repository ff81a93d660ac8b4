import { z } from 'zod';

export const ZDemoSamplesInput = z.object({ workspaceId: z.uuid() });

export const ZDemoSamplesOutput = z.array(
  z.object({
    key: z.string(),
    title: z.string(),
    description: z.string(),
    fileCount: z.number().int(),
    record: z.record(z.string(), z.string()),
    /** The first photo as a data URL, for the picker's thumbnail. */
    preview: z.string(),
  }),
);
