import { router } from '@/server/api/trpc';
import { claimTaskProcedure } from './claim-task';
import { countTasksProcedure } from './count-tasks';
import { decideTaskProcedure } from './decide-task';
import { exportDatasetProcedure } from './export-dataset';
import { getTaskProcedure } from './get-task';
import { listEvidenceWaitsProcedure } from './list-evidence-waits';
import { listTasksProcedure } from './list-tasks';
import { nextTaskProcedure } from './next-task';
import { overrideStatsProcedure } from './override-stats';
import { releaseTaskProcedure } from './release-task';

export const inboxRouter = router({
  list: listTasksProcedure,
  counts: countTasksProcedure,
  next: nextTaskProcedure,
  get: getTaskProcedure,
  claim: claimTaskProcedure,
  release: releaseTaskProcedure,
  decide: decideTaskProcedure,
  overrideStats: overrideStatsProcedure,
  exportDataset: exportDatasetProcedure,
  evidenceWaits: listEvidenceWaitsProcedure,
});
