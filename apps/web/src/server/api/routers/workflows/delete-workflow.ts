import { workspaceProcedure } from '@/server/api/trpc';
import { deleteWorkflow } from '@/server/services/workflows/workflow-drafts';
import { ZDeleteWorkflowInput, ZDeleteWorkflowOutput } from './delete-workflow.types';

/** Soft delete: versions and runs stay for history; the workflow's triggers are disabled. */
export const deleteWorkflowProcedure = workspaceProcedure('workflow:edit')
  .input(ZDeleteWorkflowInput)
  .output(ZDeleteWorkflowOutput)
  .mutation(({ ctx, input }) => deleteWorkflow({ db: ctx.db, workspaceId: ctx.workspace.id }, input.workflowId));
