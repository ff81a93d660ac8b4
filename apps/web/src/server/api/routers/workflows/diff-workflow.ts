import { workspaceProcedure } from '@/server/api/trpc';
import { diffWorkflow } from '@/server/services/workflows/workflow-versions';
import { ZDiffWorkflowInput, ZDiffWorkflowOutput } from './diff-workflow.types';

/** Field-level diff between two versions, or the latest version and the draft (the default). */
export const diffWorkflowProcedure = workspaceProcedure('workflow:read')
  .input(ZDiffWorkflowInput)
  .output(ZDiffWorkflowOutput)
  .query(({ ctx, input }) =>
    diffWorkflow(
      { db: ctx.db, workspaceId: ctx.workspace.id },
      { workflowId: input.workflowId, from: input.from, to: input.to },
    ),
  );
