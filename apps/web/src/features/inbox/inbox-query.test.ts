import { describe, expect, it } from 'vitest';
import { inboxQueryString, parseInboxQuery } from './inbox-query';

describe('inbox query in the address', () => {
  it('round-trips view, sort and filters and drops junk', () => {
    const q = parseInboxQuery(
      new URLSearchParams('view=overdue&sort=due&label=laptop&scoreMin=0.4&scoreMax=x&bogus=1'),
    );
    expect(q).toEqual({ view: 'overdue', sort: 'due', filters: { label: 'laptop', scoreMin: 0.4 } });
    expect(inboxQueryString(q)).toBe('?view=overdue&sort=due&label=laptop&scoreMin=0.4');
    expect(parseInboxQuery(new URLSearchParams('view=nope'))).toEqual({ view: 'all', sort: 'priority', filters: {} });
    expect(inboxQueryString({ view: 'all', sort: 'priority', filters: {} })).toBe('');
  });
});
