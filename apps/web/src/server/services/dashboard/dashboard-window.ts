/**
 * The period a dashboard looks at: the last `hours` hours up to `now`, and the period of
 * the same length before it (drift compares the two). Runs are placed by creation time,
 * which the runs table indexes per workspace.
 */
export interface DashboardWindow {
  from: Date;
  to: Date;
  previousFrom: Date;
  hours: number;
}

export function dashboardWindow(hours: number, now: Date = new Date()): DashboardWindow {
  const h = Math.min(Math.max(Math.trunc(hours), 1), 24 * 90);
  // Whole hours, so hourly buckets line up with the window's edges.
  const to = new Date(Math.ceil(now.getTime() / 3_600_000) * 3_600_000);
  const from = new Date(to.getTime() - h * 3_600_000);
  return { from, to, previousFrom: new Date(from.getTime() - h * 3_600_000), hours: h };
}
