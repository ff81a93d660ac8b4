import { describe, expect, it } from 'vitest';
import { formatDuration } from './format';
import { EMPTY_FILTERS, parseRunFilters, serializeRunFilters, toApiFilters } from './run-filters';

const WF = '0b8e7c2a-1d2f-4e5a-9b7c-123456789abc';

describe('run filters in the URL', () => {
  it('round-trips every filter and leaves defaults out', () => {
    const f = {
      ...EMPTY_FILTERS,
      workflowId: WF,
      statuses: ['failed' as const, 'running' as const],
      triggerKinds: ['api' as const],
      kind: 'real' as const,
      range: '24h' as const,
      search: 'CLM-10',
    };
    const query = serializeRunFilters(f);
    expect(query).toBe(`workflow=${WF}&status=failed%2Crunning&trigger=api&kind=real&range=24h&q=CLM-10`);
    expect(parseRunFilters(new URLSearchParams(query))).toEqual(f);
    expect(serializeRunFilters(EMPTY_FILTERS)).toBe('');
  });

  it('ignores what it does not know rather than failing', () => {
    expect(parseRunFilters(new URLSearchParams('status=failed,bogus&workflow=nope&range=1y&kind=x'))).toEqual({
      ...EMPTY_FILTERS,
      statuses: ['failed'],
    });
  });

  it('turns a time range into a from-time for the API', () => {
    const now = Date.parse('2026-11-20T12:00:00Z');
    expect(toApiFilters({ ...EMPTY_FILTERS, range: '1h' }, now)).toEqual({
      kind: 'all',
      from: '2026-11-20T11:00:00.000Z',
    });
  });
});

describe('formatDuration', () => {
  it('reads naturally at every scale', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(2_345)).toBe('2.35 s');
    expect(formatDuration(245_000)).toBe('4 min 05 s');
    expect(formatDuration(7_800_000)).toBe('2 h 10 min');
  });
});
