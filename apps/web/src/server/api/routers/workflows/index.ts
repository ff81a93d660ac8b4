import { router } from '@/server/api/trpc';
import { createWorkflowProcedure } from './create-workflow';
import { deleteWorkflowProcedure } from './delete-workflow';
import { demoSamplesProcedure } from './demo-samples';
import { diffWorkflowProcedure } from './diff-workflow';
import { exportJsonProcedure } from './export-json';
import { getDraftProcedure } from './get-draft';
import { importJsonProcedure } from './import-json';
import { listTestRunsProcedure } from './list-test-runs';
import { listVersionsProcedure } from './list-versions';
import { listWorkflowsProcedure } from './list-workflows';
import { publishWorkflowProcedure } from './publish-workflow';
import { renameWorkflowProcedure } from './rename-workflow';
import { rollBackProcedure } from './roll-back';
import { saveDraftProcedure } from './save-draft';
import { testRunProcedure } from './test-run';
import { testRunStatusProcedure } from './test-run-status';
import { validateDraftProcedure } from './validate-draft';

export const workflowsRouter = router({
  list: listWorkflowsProcedure,
  create: createWorkflowProcedure,
  rename: renameWorkflowProcedure,
  delete: deleteWorkflowProcedure,
  getDraft: getDraftProcedure,
  saveDraft: saveDraftProcedure,
  validate: validateDraftProcedure,
  publish: publishWorkflowProcedure,
  versions: listVersionsProcedure,
  diff: diffWorkflowProcedure,
  rollBack: rollBackProcedure,
  exportJson: exportJsonProcedure,
  importJson: importJsonProcedure,
  testRun: testRunProcedure,
  testRunStatus: testRunStatusProcedure,
  testRuns: listTestRunsProcedure,
  demoSamples: demoSamplesProcedure,
});
