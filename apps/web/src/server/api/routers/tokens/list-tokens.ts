import { workspaceProcedure } from '@/server/api/trpc';
import { listApiTokens } from '@/server/services/api-tokens/list-api-tokens';
import { ZListTokensInput, ZListTokensOutput } from './list-tokens.types';

export const listTokensProcedure = workspaceProcedure('token:manage')
  .input(ZListTokensInput)
  .output(ZListTokensOutput)
  .query(({ ctx }) => listApiTokens(ctx, { workspaceId: ctx.workspace.id }));
