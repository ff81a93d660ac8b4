import type { Db } from '@conveyor/db';
import type { DashboardWindow } from './dashboard-window.ts';

export interface AutomationFigures {
  /** Real runs created in the window that have finished (succeeded or failed). */
  finishedRuns: number;
  /** Of those, runs that never opened a review task: models and rules decided alone. */
  automatedRuns: number;
  /** automated / finished; null when nothing finished. */
  automationRate: number | null;
  /** Review decisions taken in the window. */
  decisions: number;
  /** Decisions where the reviewer disagreed with the model's suggestion (`decisions.override`). */
  overrides: number;
  /** overrides / decisions; null without decisions. */
  overrideRate: number | null;
}

export async function getAutomationFigures({
  db,
  workspaceId,
  window,
}: {
  db: Db;
  workspaceId: string;
  window: DashboardWindow;
}): Promise<AutomationFigures> {
  const { rows } = await db.pool.query<{ finished: number; automated: number; decisions: number; overrides: number }>(
    `SELECT count(*) FILTER (WHERE r.status IN ('succeeded', 'failed'))::int AS finished,
            count(*) FILTER (WHERE r.status IN ('succeeded', 'failed')
                               AND NOT EXISTS (SELECT 1 FROM human_tasks t WHERE t.run_id = r.id))::int AS automated,
            (SELECT count(*)::int FROM decisions d JOIN human_tasks t ON t.id = d.task_id JOIN runs tr ON tr.id = t.run_id AND NOT tr.is_test
              WHERE t.workspace_id = $1 AND d.decided_at >= $2 AND d.decided_at < $3) AS decisions,
            (SELECT count(*)::int FROM decisions d JOIN human_tasks t ON t.id = d.task_id JOIN runs tr ON tr.id = t.run_id AND NOT tr.is_test
              WHERE t.workspace_id = $1 AND d.decided_at >= $2 AND d.decided_at < $3 AND d.override) AS overrides
       FROM runs r
      WHERE r.workspace_id = $1 AND NOT r.is_test AND r.created_at >= $2 AND r.created_at < $3`,
    [workspaceId, window.from, window.to],
  );
  const r = rows[0]!;
  return {
    finishedRuns: r.finished,
    automatedRuns: r.automated,
    automationRate: r.finished ? r.automated / r.finished : null,
    decisions: r.decisions,
    overrides: r.overrides,
    overrideRate: r.decisions ? r.overrides / r.decisions : null,
  };
}
