/**
 * The closed set of port types. Closed on purpose: the editor colours handles by type,
 * the validator checks every edge against `portsCompatible`, and the engine can check
 * executor outputs against `portValueSchemas` — none of that works with open-ended types.
 */
export const PORT_TYPES = [
  'media',
  'media[]',
  'detections',
  'classification',
  'text',
  'record',
  'decision',
  'any',
] as const;

export type PortType = (typeof PORT_TYPES)[number];

const portTypeSet: ReadonlySet<string> = new Set(PORT_TYPES);

export function isPortType(value: unknown): value is PortType {
  return typeof value === 'string' && portTypeSet.has(value);
}

/**
 * Whether an output of type `outType` may feed an input of type `inType`.
 *
 * - `any` on either side matches everything (pass-through nodes such as delay, webhook).
 * - A single `media` feeds a `media[]` input: the engine wraps it in a one-item list, so
 *   vision nodes take lists and work the same for one photo or sampled video frames.
 * - A `media[]` does not feed a single `media` input: picking one item would silently
 *   drop the rest.
 */
export function portsCompatible(outType: PortType, inType: PortType): boolean {
  if (outType === 'any' || inType === 'any') return true;
  if (outType === inType) return true;
  return outType === 'media' && inType === 'media[]';
}
