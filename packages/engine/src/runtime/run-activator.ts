import { withTransaction } from '@conveyor/db';
import { ACTIVATE_BATCH, promoteQueuedRuns } from './activate-run.ts';
import type { EngineResources } from './resources.ts';

export interface RunActivator {
  /** A workflow has new queued runs (NOTIFY from acceptQueuedRuns). */
  notify(workflowId: string): void;
  /** Looks for every workflow with queued runs (start-up, and the safety-net interval). */
  sweep(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts accepted runs in the runner, in batches: one loop per process takes the workflows
 * it was told about and promotes their queued runs, up to ACTIVATE_BATCH per transaction
 * (promoteQueuedRuns: concurrency limits hold, SKIP LOCKED lets several runners share the
 * work). While a transaction runs, further notifications only mark their workflow, so a
 * burst of intake becomes a few large activations instead of many small ones. The sweep
 * covers NOTIFYs nobody heard (runner down or reconnecting) and runs left queued by a limit
 * that was removed.
 */
export function createRunActivator(r: EngineResources, options: { sweepMs?: number } = {}): RunActivator {
  const dirty = new Set<string>();
  let draining: Promise<void> | undefined;
  let stopped = false;

  const drain = async () => {
    while (dirty.size && !stopped) {
      const [workflowId] = dirty;
      dirty.delete(workflowId!);
      try {
        for (;;) {
          const result = await withTransaction(r.db, (client) => promoteQueuedRuns(r, client, workflowId!));
          if (result.enqueued) r.wake();
          if (result.activated < ACTIVATE_BATCH || stopped) break;
        }
      } catch (error) {
        // Database trouble: the sweep comes back to this workflow.
        r.logger.warn({ err: error, workflowId }, 'could not activate queued runs');
      }
    }
  };
  const kick = () => {
    draining ??= drain().finally(() => {
      draining = undefined;
      if (dirty.size && !stopped) kick();
    });
  };

  const sweep = async () => {
    const { rows } = await r.db.pool.query<{ workflow_id: string }>(
      `SELECT DISTINCT workflow_id FROM runs WHERE status = 'queued'`,
    );
    for (const row of rows) dirty.add(row.workflow_id);
    kick();
  };
  const timer = setInterval(() => {
    sweep().catch((error) => r.logger.warn({ err: error }, 'queued-run sweep failed'));
  }, options.sweepMs ?? 2000);
  timer.unref();

  return {
    notify(workflowId) {
      if (stopped) return;
      dirty.add(workflowId);
      kick();
    },
    sweep,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await draining;
    },
  };
}
