import { workspaceProcedure } from '@/server/api/trpc';
import { countOpenTasks } from '@/server/services/workspaces/count-open-tasks';
import { ZGetShellSummaryInput, ZGetShellSummaryOutput } from './get-shell-summary.types';

/** Live counts for the navigation (polled by the shell). */
export const getShellSummaryProcedure = workspaceProcedure('task:read')
  .input(ZGetShellSummaryInput)
  .output(ZGetShellSummaryOutput)
  .query(async ({ ctx }) => ({ openTasks: await countOpenTasks({ db: ctx.db, workspaceId: ctx.workspace.id }) }));
