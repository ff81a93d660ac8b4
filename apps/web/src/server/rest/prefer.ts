import { problem } from './problem.ts';

/**
 * `Prefer: wait=N` (RFC 7240): how long the client will wait for the run to finish.
 * Undefined when the header asks for nothing; N above `max` is lowered to `max`
 * (and `Preference-Applied` says so).
 */
export function parsePreferWait(header: string | null, max: number): number | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const [name, value] = part
      .split(';')[0]!
      .split('=')
      .map((s) => s.trim());
    if (name?.toLowerCase() !== 'wait') continue;
    const clean = value?.replace(/^"|"$/g, '');
    if (!clean || !/^\d{1,6}$/.test(clean))
      throw problem('invalid-header', 'Prefer: wait must be whole seconds, e.g. wait=10');
    return Math.min(Number(clean), max);
  }
  return undefined;
}
