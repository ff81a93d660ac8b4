import { createCallerFactory, router } from './trpc';
import { dashboardRouter } from './routers/dashboard/index';
import { inboxRouter } from './routers/inbox/index';
import { catalogRouter } from './routers/catalog/index';
import { membersRouter } from './routers/members/index';
import { runsRouter } from './routers/runs/index';
import { tokensRouter } from './routers/tokens/index';
import { triggersRouter } from './routers/triggers/index';
import { workflowsRouter } from './routers/workflows/index';
import { workspacesRouter } from './routers/workspaces/index';

/**
 * The app's API: one router per area. To add an area, import its router and add ONE line
 * below (keep the list alphabetical-ish; no logic here).
 */
export const appRouter = router({
  catalog: catalogRouter,
  dashboard: dashboardRouter,
  inbox: inboxRouter,
  members: membersRouter,
  runs: runsRouter,
  tokens: tokensRouter,
  triggers: triggersRouter,
  workflows: workflowsRouter,
  workspaces: workspacesRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
