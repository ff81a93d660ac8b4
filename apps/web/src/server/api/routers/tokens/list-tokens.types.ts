import { z } from 'zod';
import { apiTokenViewSchema } from '@/server/services/api-tokens/api-token-view';

export const ZListTokensInput = z.object({ workspaceId: z.uuid() });
export const ZListTokensOutput = z.array(apiTokenViewSchema);
