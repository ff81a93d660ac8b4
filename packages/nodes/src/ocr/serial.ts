/**
 * Serial numbers from OCR'd text. OCR confuses letters and digits that look alike
 * (O/0, I/1, S/5); which one is right depends on where in the serial the character sits.
 * The serial pattern knows that — `[A-Z]{2}[0-9]{8}` wants letters first, digits after —
 * so instead of guessing per character, we try swaps of look-alikes and let the pattern
 * say which reading is a serial, preferring the reading with the fewest swaps.
 */

/** What each look-alike may really be. Lowercase forms are OCR readings of the same shapes. */
const LOOKALIKES: Readonly<Record<string, readonly string[]>> = {
  O: ['0'],
  '0': ['O'],
  o: ['0', 'O'],
  I: ['1'],
  '1': ['I'],
  l: ['1', 'I'],
  i: ['1', 'I'],
  '|': ['1', 'I'],
  S: ['5'],
  '5': ['S'],
  s: ['5', 'S'],
};

export interface SerialMatch {
  /** The serial as the pattern accepts it (after corrections). */
  serial: string;
  /** The same characters as OCR read them. */
  raw: string;
  /** Look-alike characters that were swapped. */
  substitutions: number;
}

export interface ExtractSerialOptions {
  /** Candidate strings with more look-alikes than this are only matched as read. */
  maxLookalikes?: number;
  /** Upper bound on pattern evaluations, so a long text cannot stall the worker. */
  maxAttempts?: number;
}

/**
 * The first serial in `text`: a match of the pattern as read, otherwise the reading with
 * the fewest look-alike swaps that matches, tried over the whole text and each
 * whitespace-separated token (OCR splits and joins words unpredictably). Null when none.
 */
export function extractSerial(
  text: string,
  pattern: string | RegExp,
  options: ExtractSerialOptions = {},
): SerialMatch | null {
  const regex = typeof pattern === 'string' ? new RegExp(pattern, 'u') : withoutGlobal(pattern);
  const direct = matchOf(regex, text);
  if (direct !== null) return { serial: direct.value, raw: direct.value, substitutions: 0 };

  const maxLookalikes = options.maxLookalikes ?? 12;
  let budget = options.maxAttempts ?? 20_000;
  const candidates = [...new Set([text, ...text.split(/\s+/)])]
    .filter((c) => c !== '')
    .map((c) => ({ text: c, positions: lookalikePositions(c) }))
    .filter((c) => c.positions.length > 0 && c.positions.length <= maxLookalikes);

  const most = Math.max(0, ...candidates.map((c) => c.positions.length));
  for (let swaps = 0; swaps <= most; swaps += 1) {
    for (const candidate of candidates) {
      if (swaps === 0 && candidate.text === text) continue; // tried above
      if (swaps > candidate.positions.length) continue;
      for (const variant of variants(candidate.text, candidate.positions, swaps)) {
        if (--budget < 0) return null;
        const match = matchOf(regex, variant);
        if (match !== null) {
          return {
            serial: match.value,
            raw: candidate.text.slice(match.index, match.index + match.value.length),
            substitutions: countDifferences(match.value, candidate.text.slice(match.index)),
          };
        }
      }
    }
  }
  return null;
}

function withoutGlobal(regex: RegExp): RegExp {
  return regex.global || regex.sticky ? new RegExp(regex.source, regex.flags.replace(/[gy]/g, '')) : regex;
}

function matchOf(regex: RegExp, text: string): { value: string; index: number } | null {
  const m = regex.exec(text);
  return m === null || m[0] === '' ? null : { value: m[0], index: m.index };
}

function lookalikePositions(text: string): number[] {
  const positions: number[] = [];
  // Indexes into the UTF-16 string; look-alikes are all ASCII, so swaps keep the length.
  for (let i = 0; i < text.length; i += 1) if (Object.hasOwn(LOOKALIKES, text[i] ?? '')) positions.push(i);
  return positions;
}

/** Every reading of `text` with exactly `swaps` of the look-alike positions replaced. */
function* variants(text: string, positions: readonly number[], swaps: number): Generator<string> {
  if (swaps === 0) {
    yield text;
    return;
  }
  for (const chosen of combinations(positions, swaps)) {
    yield* replacements(text.split(''), chosen, 0);
  }
}

function* replacements(chars: string[], chosen: readonly number[], from: number): Generator<string> {
  if (from === chosen.length) {
    yield chars.join('');
    return;
  }
  const position = chosen[from]!;
  const original = chars[position]!;
  for (const alternative of LOOKALIKES[original] ?? []) {
    chars[position] = alternative;
    yield* replacements(chars, chosen, from + 1);
  }
  chars[position] = original;
}

function* combinations(items: readonly number[], size: number, start = 0, prefix: number[] = []): Generator<number[]> {
  if (prefix.length === size) {
    yield prefix;
    return;
  }
  for (let i = start; i <= items.length - (size - prefix.length); i += 1) {
    yield* combinations(items, size, i + 1, [...prefix, items[i]!]);
  }
}

function countDifferences(a: string, b: string): number {
  let n = 0;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) n += 1;
  return n;
}
