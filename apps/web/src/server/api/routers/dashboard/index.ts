import { router } from '@/server/api/trpc';
import { getDashboardProcedure } from './get-dashboard';

export const dashboardRouter = router({
  get: getDashboardProcedure,
});
