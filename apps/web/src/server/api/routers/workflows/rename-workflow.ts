import { workspaceProcedure } from '@/server/api/trpc';
import { renameWorkflow } from '@/server/services/workflows/workflow-drafts';
import { ZRenameWorkflowInput, ZRenameWorkflowOutput } from './rename-workflow.types';

export const renameWorkflowProcedure = workspaceProcedure('workflow:edit')
  .input(ZRenameWorkflowInput)
  .output(ZRenameWorkflowOutput)
  .mutation(({ ctx, input }) =>
    renameWorkflow(
      { db: ctx.db, workspaceId: ctx.workspace.id },
      {
        workflowId: input.workflowId,
        name: input.name,
        ...(input.description === undefined ? {} : { description: input.description }),
      },
    ),
  );
