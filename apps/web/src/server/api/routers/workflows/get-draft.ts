import { workspaceProcedure } from '@/server/api/trpc';
import { getDraft } from '@/server/services/workflows/workflow-drafts';
import { ZGetDraftInput, ZGetDraftOutput } from './get-draft.types';

export const getDraftProcedure = workspaceProcedure('workflow:read')
  .input(ZGetDraftInput)
  .output(ZGetDraftOutput)
  .query(async ({ ctx, input }) => {
    const draft = await getDraft({ db: ctx.db, workspaceId: ctx.workspace.id }, input.workflowId);
    const permissions = ctx.membership.permissions;
    return {
      ...draft,
      canEdit: permissions.includes('workflow:edit'),
      canPublish: permissions.includes('workflow:publish'),
      canRun: permissions.includes('run:start'),
    };
  });
