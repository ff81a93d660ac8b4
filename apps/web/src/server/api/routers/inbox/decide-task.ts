import { workspaceProcedure } from '@/server/api/trpc';
import { getEngine } from '@/server/engine';
import { decideTask } from '@/server/services/inbox/decide-task';
import { evidenceLinks } from '@/server/services/inbox/evidence-link-config';
import { ZDecideTaskInput, ZDecideTaskOutput } from './decide-task.types';

/** Approve / reject / more info with a reason, comment and corrections; resumes the run once. */
export const decideTaskProcedure = workspaceProcedure('task:decide')
  .input(ZDecideTaskInput)
  .output(ZDecideTaskOutput)
  .mutation(async ({ ctx, input }) => {
    const { workspaceId: _ws, taskId, ...decision } = input;
    // Only a "more info" can send an upload link.
    const links = decision.action === 'more_info' ? evidenceLinks() : undefined;
    return decideTask({
      db: ctx.db,
      engine: (await getEngine()).engine,
      workspaceId: ctx.workspace.id,
      taskId,
      userId: ctx.user.id,
      input: decision,
      ...(links ? { evidenceLinks: links } : {}),
    });
  });
