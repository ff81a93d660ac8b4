import type { Db } from '@conveyor/db';
import { getAutomationFigures, type AutomationFigures } from './automation-rate.ts';
import { getConfidenceDrift, type ModelConfidence } from './confidence-drift.ts';
import { dashboardWindow } from './dashboard-window.ts';
import { getQueueDepths, getRunBacklog, type QueueDepth, type RunBacklog } from './queue-depth.ts';
import { getRunsPerHour, type HourlyRuns } from './runs-per-hour.ts';
import { getStepLatency, type NodeLatency } from './step-latency.ts';

export interface Dashboard {
  window: { from: string; to: string; hours: number };
  runsPerHour: HourlyRuns[];
  latency: NodeLatency[];
  backlog: RunBacklog & { queues: QueueDepth[] };
  automation: AutomationFigures;
  confidence: ModelConfidence[];
}

/** The workspace dashboard over the last `hours` hours; the parts are read in parallel. */
export async function getDashboard({
  db,
  workspaceId,
  hours = 24,
  now,
}: {
  db: Db;
  workspaceId: string;
  hours?: number;
  now?: Date;
}): Promise<Dashboard> {
  const window = dashboardWindow(hours, now);
  const [runsPerHour, latency, backlog, queues, automation, confidence] = await Promise.all([
    getRunsPerHour({ db, workspaceId, window }),
    getStepLatency({ db, workspaceId, window }),
    getRunBacklog({ db, workspaceId }),
    getQueueDepths({ db }),
    getAutomationFigures({ db, workspaceId, window }),
    getConfidenceDrift({ db, workspaceId, window }),
  ]);
  return {
    window: { from: window.from.toISOString(), to: window.to.toISOString(), hours: window.hours },
    runsPerHour,
    latency,
    backlog: { ...backlog, queues },
    automation,
    confidence,
  };
}
