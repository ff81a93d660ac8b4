import { workspaceProcedure } from '@/server/api/trpc';
import { publishWorkflow } from '@/server/services/workflows/workflow-versions';
import { ZPublishWorkflowInput, ZPublishWorkflowOutput } from './publish-workflow.types';

/**
 * Publishes the draft as an immutable version. PRECONDITION_FAILED with reason
 * `invalid_graph` (the message lists the issues) or `nothing_to_publish`.
 */
export const publishWorkflowProcedure = workspaceProcedure('workflow:publish')
  .input(ZPublishWorkflowInput)
  .output(ZPublishWorkflowOutput)
  .mutation(({ ctx, input }) =>
    publishWorkflow(
      { db: ctx.db, workspaceId: ctx.workspace.id },
      {
        workflowId: input.workflowId,
        ...(input.expectedRevision === undefined ? {} : { expectedRevision: input.expectedRevision }),
        note: input.note,
        publishedById: ctx.user.id,
      },
    ),
  );
