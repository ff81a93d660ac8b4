import { RUN_STATUSES, TRIGGER_KINDS, type RunStatus, type TriggerKind } from '@/server/services/runs/run-views';

/**
 * The runs list's filters as they live in the URL (`?status=failed,running&range=24h…`),
 * so a filtered view can be bookmarked, shared and survives a reload.
 */
export const TIME_RANGES = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
} as const;
export type TimeRange = keyof typeof TIME_RANGES | 'all';

export interface RunListFilters {
  workflowId: string | null;
  versionId: string | null;
  statuses: RunStatus[];
  triggerKinds: TriggerKind[];
  kind: 'all' | 'real' | 'test';
  range: TimeRange;
  search: string;
}

export const EMPTY_FILTERS: RunListFilters = {
  workflowId: null,
  versionId: null,
  statuses: [],
  triggerKinds: [],
  kind: 'all',
  range: 'all',
  search: '',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function list<T extends string>(raw: string | null, allowed: readonly T[]): T[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is T => (allowed as readonly string[]).includes(s));
}

/** Reads filters from search params; anything unknown or malformed is ignored, never an error. */
export function parseRunFilters(params: URLSearchParams): RunListFilters {
  const workflow = params.get('workflow');
  const version = params.get('version');
  const kind = params.get('kind');
  const range = params.get('range');
  return {
    workflowId: workflow && UUID.test(workflow) ? workflow : null,
    versionId: version && UUID.test(version) ? version : null,
    statuses: list(params.get('status'), RUN_STATUSES),
    triggerKinds: list(params.get('trigger'), TRIGGER_KINDS),
    kind: kind === 'real' || kind === 'test' ? kind : 'all',
    range: range && (range in TIME_RANGES || range === 'all') ? (range as TimeRange) : 'all',
    search: (params.get('q') ?? '').slice(0, 200),
  };
}

/** The URL query of a filter set, leaving defaults out (an unfiltered list has a clean URL). */
export function serializeRunFilters(f: RunListFilters): string {
  const p = new URLSearchParams();
  if (f.workflowId) p.set('workflow', f.workflowId);
  if (f.versionId) p.set('version', f.versionId);
  if (f.statuses.length) p.set('status', f.statuses.join(','));
  if (f.triggerKinds.length) p.set('trigger', f.triggerKinds.join(','));
  if (f.kind !== 'all') p.set('kind', f.kind);
  if (f.range !== 'all') p.set('range', f.range);
  if (f.search.trim()) p.set('q', f.search.trim());
  return p.toString();
}

export function isFiltered(f: RunListFilters): boolean {
  return serializeRunFilters(f) !== '';
}

/** The API's filter input; the time range becomes a `from` relative to `now`. */
export function toApiFilters(f: RunListFilters, now: number) {
  return {
    ...(f.workflowId ? { workflowId: f.workflowId } : {}),
    ...(f.versionId ? { versionId: f.versionId } : {}),
    ...(f.statuses.length ? { statuses: f.statuses } : {}),
    ...(f.triggerKinds.length ? { triggerKinds: f.triggerKinds } : {}),
    kind: f.kind,
    ...(f.range !== 'all' ? { from: new Date(now - TIME_RANGES[f.range]).toISOString() } : {}),
    ...(f.search.trim() ? { search: f.search.trim() } : {}),
  };
}
