import type { TaskFilters } from '@/server/services/inbox/task-filters';

export type InboxViewName = 'mine' | 'groups' | 'all' | 'overdue';
export type InboxSort = 'priority' | 'due';

export interface InboxQuery {
  view: InboxViewName;
  sort: InboxSort;
  filters: TaskFilters;
}

const VIEWS = new Set(['mine', 'groups', 'all', 'overdue']);
const NUMBERS = ['scoreMin', 'scoreMax', 'minAgeHours', 'maxAgeHours'] as const;
const STRINGS = ['workflowId', 'nodeId', 'label'] as const;

/** The inbox's view, sort and filters live in the address, so links and "next task" keep them. */
export function parseInboxQuery(params: URLSearchParams): InboxQuery {
  const view = params.get('view');
  const filters: TaskFilters = {};
  for (const k of STRINGS) {
    const v = params.get(k);
    if (v) filters[k] = v;
  }
  for (const k of NUMBERS) {
    const v = params.get(k);
    if (v !== null && v !== '' && Number.isFinite(Number(v))) filters[k] = Number(v);
  }
  return {
    view: view && VIEWS.has(view) ? (view as InboxViewName) : 'all',
    sort: params.get('sort') === 'due' ? 'due' : 'priority',
    filters,
  };
}

export function inboxQueryString(q: InboxQuery): string {
  const p = new URLSearchParams();
  if (q.view !== 'all') p.set('view', q.view);
  if (q.sort !== 'priority') p.set('sort', q.sort);
  for (const [k, v] of Object.entries(q.filters)) if (v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}
