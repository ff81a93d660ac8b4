import { workspaceProcedure } from '@/server/api/trpc';
import { exportDataset } from '@/server/services/inbox/export-dataset';
import { ZExportDatasetInput, ZExportDatasetOutput } from './export-dataset.types';

/** Reviewer corrections as COCO JSON (boxes) or JSONL (boxes and OCR), with lineage. */
export const exportDatasetProcedure = workspaceProcedure('task:read')
  .input(ZExportDatasetInput)
  .output(ZExportDatasetOutput)
  .query(({ ctx, input }) => {
    const { workspaceId: _ws, ...rest } = input;
    return exportDataset({ db: ctx.db, workspaceId: ctx.workspace.id, input: rest });
  });
