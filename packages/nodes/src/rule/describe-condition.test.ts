import { describe, expect, it } from 'vitest';
import { formatNumber, formatValue } from './describe-condition.ts';

describe('formatNumber', () => {
  it('shows scores with two decimals', () => {
    expect(formatNumber(0.4)).toBe('0.40');
    expect(formatNumber(0.62)).toBe('0.62');
  });

  it('never rounds a value across a threshold', () => {
    expect(formatNumber(0.849)).toBe('0.849');
    expect(formatNumber(0.8499)).toBe('0.8499');
    expect(formatNumber(1 / 3)).toBe('0.333333');
  });

  it('shows integers as they are', () => {
    expect(formatNumber(3)).toBe('3');
    expect(formatNumber(-2)).toBe('-2');
  });
});

describe('formatValue', () => {
  it('formats each kind of value', () => {
    expect(formatValue('AB12')).toBe('"AB12"');
    expect(formatValue(true)).toBe('true');
    expect(formatValue(null)).toBe('null');
    expect(formatValue([1, 2])).toBe('a list of 2');
    expect(formatValue({ a: 1 })).toBe('an object');
  });
});
