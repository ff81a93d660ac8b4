import { workspaceProcedure } from '@/server/api/trpc';
import { rollBackDraft } from '@/server/services/workflows/workflow-drafts';
import { ZRollBackInput, ZRollBackOutput } from './roll-back.types';

/** Draft := a published version's graph (the version itself never changes; publish again to make it live). */
export const rollBackProcedure = workspaceProcedure('workflow:edit')
  .input(ZRollBackInput)
  .output(ZRollBackOutput)
  .mutation(({ ctx, input }) =>
    rollBackDraft(
      { db: ctx.db, workspaceId: ctx.workspace.id },
      { workflowId: input.workflowId, versionId: input.versionId, expectedRevision: input.expectedRevision },
    ),
  );
