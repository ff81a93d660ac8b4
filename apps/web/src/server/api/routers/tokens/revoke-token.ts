import { workspaceProcedure } from '@/server/api/trpc';
import { revokeApiToken } from '@/server/services/api-tokens/revoke-api-token';
import { ZRevokeTokenInput, ZRevokeTokenOutput } from './revoke-token.types';

export const revokeTokenProcedure = workspaceProcedure('token:manage')
  .input(ZRevokeTokenInput)
  .output(ZRevokeTokenOutput)
  .mutation(({ ctx, input }) => revokeApiToken(ctx, { workspaceId: ctx.workspace.id, tokenId: input.tokenId }));
