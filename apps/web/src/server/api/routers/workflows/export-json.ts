import { workspaceProcedure } from '@/server/api/trpc';
import { exportWorkflow } from '@/server/services/workflows/workflow-json';
import { ZExportJsonInput, ZExportJsonOutput } from './export-json.types';

/** The draft as a portable `conveyor.workflow` file. */
export const exportJsonProcedure = workspaceProcedure('workflow:read')
  .input(ZExportJsonInput)
  .output(ZExportJsonOutput)
  .query(({ ctx, input }) => exportWorkflow({ db: ctx.db, workspaceId: ctx.workspace.id }, input.workflowId));
