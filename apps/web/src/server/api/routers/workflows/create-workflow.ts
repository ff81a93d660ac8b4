import { workspaceProcedure } from '@/server/api/trpc';
import { createWorkflow } from '@/server/services/workflows/workflow-drafts';
import { ZCreateWorkflowInput, ZCreateWorkflowOutput } from './create-workflow.types';

export const createWorkflowProcedure = workspaceProcedure('workflow:edit')
  .input(ZCreateWorkflowInput)
  .output(ZCreateWorkflowOutput)
  .mutation(({ ctx, input }) =>
    createWorkflow(
      { db: ctx.db, workspaceId: ctx.workspace.id },
      {
        ...(input.name === undefined ? {} : { name: input.name }),
        ...(input.description === undefined ? {} : { description: input.description }),
        ...(input.templateKey === undefined ? {} : { templateKey: input.templateKey }),
        createdById: ctx.user.id,
      },
    ),
  );
