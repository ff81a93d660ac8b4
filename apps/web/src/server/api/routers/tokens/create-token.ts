import { workspaceProcedure } from '@/server/api/trpc';
import { forbidden } from '@/server/errors';
import { roleRank } from '@/server/auth/permissions';
import { createApiToken } from '@/server/services/api-tokens/create-api-token';
import { ZCreateTokenInput, ZCreateTokenOutput } from './create-token.types';

export const createTokenProcedure = workspaceProcedure('token:manage')
  .input(ZCreateTokenInput)
  .output(ZCreateTokenOutput)
  .mutation(({ ctx, input }) => {
    // A token never holds more power than the person who makes it.
    if (roleRank(input.role) < roleRank(ctx.membership.role))
      throw forbidden(
        `You cannot create a token with a role above your own (${ctx.membership.role})`,
        'role_above_own',
      );
    return createApiToken(ctx, {
      workspaceId: ctx.workspace.id,
      name: input.name,
      role: input.role,
      createdById: ctx.user.id,
      expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
    });
  });
