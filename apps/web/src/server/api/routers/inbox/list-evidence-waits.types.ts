import { z } from 'zod';
import { evidenceWaitsSchema } from '@/server/services/inbox/list-evidence-waits';

export const ZListEvidenceWaitsInput = z.object({ workspaceId: z.uuid() });
export const ZListEvidenceWaitsOutput = evidenceWaitsSchema;
