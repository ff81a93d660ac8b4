import { describe, expect, it } from 'vitest';
import { formatDue, formatDuration, priorityName } from './format';
import { isTyping } from './use-hotkeys';

describe('inbox formatting', () => {
  it('formats durations with two units at most', () => {
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(3 * 3_600_000 + 20 * 60_000 + 5000)).toBe('3h 20m');
    expect(formatDuration(2 * 86_400_000 + 4 * 3_600_000)).toBe('2d 4h');
  });
  it('says how far the SLA is', () => {
    const now = Date.parse('2026-11-29T10:00:00Z');
    expect(formatDue('2026-11-29T13:00:00Z', now)).toEqual({ text: 'due in 3h', overdue: false, soon: false });
    expect(formatDue('2026-11-29T10:30:00Z', now)).toMatchObject({ soon: true });
    expect(formatDue('2026-11-29T06:00:00Z', now)).toEqual({ text: '4h overdue', overdue: true, soon: false });
    expect(formatDue(null, now).text).toBe('no SLA');
  });
  it('names priorities', () => {
    expect(priorityName(0)).toBe('normal');
    expect(priorityName(3)).toBe('urgent+');
  });
  it('never fires shortcuts while typing', () => {
    expect(isTyping({ tagName: 'TEXTAREA' } as unknown as EventTarget)).toBe(true);
    expect(isTyping({ tagName: 'INPUT', type: 'text' } as unknown as EventTarget)).toBe(true);
    expect(isTyping({ tagName: 'INPUT', type: 'checkbox' } as unknown as EventTarget)).toBe(false);
    expect(isTyping({ tagName: 'DIV' } as unknown as EventTarget)).toBe(false);
  });
});
