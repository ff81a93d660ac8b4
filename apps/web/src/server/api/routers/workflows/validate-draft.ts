import { workspaceProcedure } from '@/server/api/trpc';
import { validateWorkflowDraft } from '@/server/services/workflows/workflow-versions';
import { ZValidateDraftInput, ZValidateDraftOutput } from './validate-draft.types';

/** The shared validator over the saved draft: every issue, each with its path. */
export const validateDraftProcedure = workspaceProcedure('workflow:read')
  .input(ZValidateDraftInput)
  .output(ZValidateDraftOutput)
  .query(({ ctx, input }) => validateWorkflowDraft({ db: ctx.db, workspaceId: ctx.workspace.id }, input.workflowId));
