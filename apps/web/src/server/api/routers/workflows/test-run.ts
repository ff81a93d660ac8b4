import { workspaceProcedure } from '@/server/api/trpc';
import { getEngine } from '@/server/engine';
import { findDemoSample, storeDemoSample } from '@/server/services/workflows/demo-samples';
import { startTestRun } from '@/server/services/workflows/start-test-run';
import { findWorkflow } from '@/server/services/workflows/workflow-drafts';
import { WorkflowError } from '@/server/services/workflows/workflow-error';
import { ZTestRunInput, ZTestRunOutput } from './test-run.types';

/**
 * Runs the draft once on sample media, pinned to an unpublished snapshot of it: nothing
 * is published and triggers keep running the latest published version.
 */
export const testRunProcedure = workspaceProcedure('run:start')
  .input(ZTestRunInput)
  .output(ZTestRunOutput)
  .mutation(async ({ ctx, input }) => {
    const scope = { db: ctx.db, workspaceId: ctx.workspace.id };
    const sample = input.demoSample ? findDemoSample(input.demoSample) : undefined;
    if (input.demoSample && !sample)
      throw new WorkflowError('NOT_FOUND', `There is no demo claim '${input.demoSample}'`);
    // Checked before the engine is touched: a wrong id is a plain NOT_FOUND.
    await findWorkflow(scope, input.workflowId);
    const web = await getEngine();
    let mediaIds = input.mediaIds;
    let record = input.record;
    if (sample) {
      mediaIds = (await storeDemoSample(web.media(ctx.workspace.id), sample)).map((m) => m.mediaId);
      record = { ...sample.record, ...input.record };
    }
    return startTestRun(
      { ...scope, engine: web.engine },
      { workflowId: input.workflowId, mediaIds, record, createdById: ctx.user.id },
    );
  });
