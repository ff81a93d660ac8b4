import { workspaceProcedure } from '@/server/api/trpc';
import { importWorkflow } from '@/server/services/workflows/workflow-json';
import { ZImportJsonInput, ZImportJsonOutput } from './import-json.types';

export const importJsonProcedure = workspaceProcedure('workflow:edit')
  .input(ZImportJsonInput)
  .output(ZImportJsonOutput)
  .mutation(({ ctx, input }) =>
    importWorkflow(
      { db: ctx.db, workspaceId: ctx.workspace.id },
      {
        text: input.text,
        ...(input.workflowId === undefined ? {} : { workflowId: input.workflowId }),
        ...(input.expectedRevision === undefined ? {} : { expectedRevision: input.expectedRevision }),
        createdById: ctx.user.id,
      },
    ),
  );
