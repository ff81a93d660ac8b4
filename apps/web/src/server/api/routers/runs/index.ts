import { router } from '@/server/api/trpc';
import { cancelRunProcedure } from './cancel-run';
import { getRunProcedure } from './get-run';
import { listRunsProcedure } from './list-runs';
import { pollRunProcedure } from './poll-run';
import { pollRunsProcedure } from './poll-runs';
import { rerunFromStepProcedure } from './rerun-from-step';
import { runFacetsProcedure } from './run-facets';

export const runsRouter = router({
  list: listRunsProcedure,
  get: getRunProcedure,
  poll: pollRunProcedure,
  pollList: pollRunsProcedure,
  cancel: cancelRunProcedure,
  rerunFromStep: rerunFromStepProcedure,
  facets: runFacetsProcedure,
});
