import type { WorkflowScope } from './workflow-drafts.ts';
import { WorkflowError } from './workflow-error.ts';

/**
 * What the editor polls during a test run: the run and one entry per node (the latest
 * evidence round), with inputs, outputs and errors as the engine stored them.
 */
export async function getTestRunStatus(scope: WorkflowScope, input: { workflowId: string; runId: string }) {
  const run = await scope.db.prisma.run.findFirst({
    where: { id: input.runId, workflowId: input.workflowId, workspaceId: scope.workspaceId },
    include: {
      workflowVersion: { select: { version: true, published: true } },
      steps: {
        orderBy: [{ nodeId: 'asc' }, { round: 'desc' }],
        // Fast steps skip the running mark; their attempts still carry the timing.
        include: { attempts: { orderBy: { attempt: 'desc' }, take: 1, select: { startedAt: true, finishedAt: true } } },
      },
    },
  });
  if (!run) throw new WorkflowError('NOT_FOUND', 'Run not found');
  const latestByNode = new Map<string, (typeof run.steps)[number]>();
  for (const step of run.steps) if (!latestByNode.has(step.nodeId)) latestByNode.set(step.nodeId, step);
  const terminal = run.status === 'succeeded' || run.status === 'failed' || run.status === 'canceled';
  return {
    id: run.id,
    status: run.status,
    terminal,
    isTest: run.isTest,
    version: run.workflowVersion.version,
    input: run.input,
    output: run.output,
    error: run.error,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    steps: [...latestByNode.values()].map((s) => {
      const started = s.startedAt ?? s.attempts[0]?.startedAt ?? null;
      const finished = s.finishedAt ?? s.attempts[0]?.finishedAt ?? null;
      return {
        id: s.id,
        nodeId: s.nodeId,
        nodeType: s.nodeType,
        status: s.status,
        attempt: s.attempt,
        maxAttempts: s.maxAttempts,
        round: s.round,
        inputs: s.inputs,
        outputs: s.outputs,
        firedPorts: s.firedPorts,
        error: s.error,
        waitFor: s.waitFor,
        startedAt: started,
        finishedAt: finished,
        durationMs: started && finished ? finished.getTime() - started.getTime() : null,
      };
    }),
  };
}

/** The test runs of a workflow, newest first: the editor's "recent test runs" menu. */
export async function listTestRuns(scope: WorkflowScope, workflowId: string) {
  const runs = await scope.db.prisma.run.findMany({
    where: { workflowId, workspaceId: scope.workspaceId, isTest: true },
    orderBy: { createdAt: 'desc' },
    take: 10,
    select: { id: true, status: true, createdAt: true, finishedAt: true },
  });
  return runs;
}
