import { workspaceProcedure } from '@/server/api/trpc';
import { saveDraft } from '@/server/services/workflows/workflow-drafts';
import { ZSaveDraftInput, ZSaveDraftOutput } from './save-draft.types';

/** Autosave target. CONFLICT (reason draft_conflict) when someone saved since `expectedRevision`. */
export const saveDraftProcedure = workspaceProcedure('workflow:edit')
  .input(ZSaveDraftInput)
  .output(ZSaveDraftOutput)
  .mutation(({ ctx, input }) =>
    saveDraft(
      { db: ctx.db, workspaceId: ctx.workspace.id },
      { workflowId: input.workflowId, graph: input.graph, expectedRevision: input.expectedRevision },
    ),
  );
