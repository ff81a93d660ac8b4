import { z } from 'zod';
import { exportInputSchema } from '@/server/services/inbox/export-dataset';

export const ZExportDatasetInput = exportInputSchema.extend({ workspaceId: z.uuid() });
export const ZExportDatasetOutput = z.object({
  contentType: z.string(),
  filename: z.string(),
  body: z.string(),
  count: z.number().int(),
});
