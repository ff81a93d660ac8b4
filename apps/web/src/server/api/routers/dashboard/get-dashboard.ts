import { workspaceProcedure } from '@/server/api/trpc';
import { getDashboard } from '@/server/services/dashboard/get-dashboard';
import { ZGetDashboardInput, ZGetDashboardOutput } from './get-dashboard.types';

/** Throughput, latency, backlog, automation/override rates and confidence drift for the workspace. */
export const getDashboardProcedure = workspaceProcedure('run:read')
  .input(ZGetDashboardInput)
  .output(ZGetDashboardOutput)
  .query(({ ctx, input }) => getDashboard({ db: ctx.db, workspaceId: ctx.workspace.id, hours: input.hours }));
