import { createCallerFactory, router } from './trpc';
import { dashboardRouter } from './routers/dashboard/index';
import { membersRouter } from './routers/members/index';
import { runsRouter } from './routers/runs/index';
import { workspacesRouter } from './routers/workspaces/index';

/**
 * The app's API: one router per area. To add an area, import its router and add ONE line
 * below (keep the list alphabetical-ish; no logic here).
 */
export const appRouter = router({
  dashboard: dashboardRouter,
  members: membersRouter,
  runs: runsRouter,
  workspaces: workspacesRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
