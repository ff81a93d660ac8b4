import { extractSerial, type PixelBox, type SerialMatch } from '@conveyor/nodes/server';
import { unionRects } from '../imaging/boxes.ts';
import type { PixelRect } from '../imaging/rgb-image.ts';

/** One OCR'd line: words in reading order, each with its characters' boxes when tesseract gave them. */
export interface OcrLine {
  words: OcrLineWord[];
}

export interface OcrLineWord {
  text: string;
  confidence: number;
  box: PixelBox;
  symbols: { text: string; box: PixelBox }[];
}

export interface LocatedSerial extends SerialMatch {
  /** Pixels (whole image) around the serial's characters. */
  box: PixelBox;
  /** Mean confidence of the words the serial was read from, 0..1. */
  confidence: number;
}

/** Longest run of adjacent words a serial may be split over (`SN-4X7Q- 20931`, `AB 1234 5678`). */
const MAX_SPAN = 4;

/**
 * Where a serial is: the words are tried alone first, then runs of adjacent words on one
 * line (OCR splits serials at dashes and wide gaps), with `extractSerial` deciding what
 * reads as a serial (look-alike corrections included). The box covers just the serial's
 * characters when tesseract's symbol boxes line up with the text, else its whole words.
 * Shorter runs win over longer ones (a whole-word serial over one glued from fragments),
 * then reading order.
 */
export function locateSerial(lines: readonly OcrLine[], pattern: string | RegExp): LocatedSerial | null {
  for (let span = 1; span <= MAX_SPAN; span++) {
    for (const line of lines) {
      for (let start = 0; start + span <= line.words.length; start++) {
        const words = line.words.slice(start, start + span);
        // Joined without spaces (a split serial) and, for patterns with spaces, with them.
        for (const separator of span === 1 ? [''] : ['', ' ']) {
          const found = matchIn(words, separator, pattern);
          if (found !== null) return found;
        }
      }
    }
  }
  return null;
}

function matchIn(words: readonly OcrLineWord[], separator: string, pattern: string | RegExp): LocatedSerial | null {
  const text = words.map((w) => w.text).join(separator);
  const match = extractSerial(text, pattern);
  if (match === null) return null;
  const start = text.indexOf(match.raw);
  // Glued from several words, the serial must be exactly those words (give or take
  // punctuation): else gluing a label word to its neighbour invents serials, as
  // `SER` + `2298981090` → `ER22989810`.
  if (words.length > 1) {
    const before = text.slice(0, Math.max(0, start));
    const after = text.slice(start + match.raw.length);
    if (start < 0 || /[\p{L}\p{N}]/u.test(before) || /[\p{L}\p{N}]/u.test(after)) return null;
  }
  const chars = charBoxes(words, separator);
  let box: PixelRect | undefined;
  if (chars !== undefined && start >= 0) {
    box = unionRects(chars.slice(start, start + match.raw.length).filter((b): b is PixelRect => b !== undefined));
  }
  box ??= unionRects(words.map((w) => w.box))!;
  return {
    ...match,
    box,
    confidence: words.reduce((sum, w) => sum + w.confidence, 0) / words.length,
  };
}

/** A box per character of the joined text (undefined for separators); undefined when symbols do not spell the words. */
function charBoxes(words: readonly OcrLineWord[], separator: string): (PixelRect | undefined)[] | undefined {
  const out: (PixelRect | undefined)[] = [];
  for (const [i, word] of words.entries()) {
    if (i > 0) for (let k = 0; k < separator.length; k++) out.push(undefined);
    if (word.symbols.map((s) => s.text).join('') !== word.text) return undefined;
    for (const symbol of word.symbols) for (let k = 0; k < symbol.text.length; k++) out.push(symbol.box);
  }
  return out;
}
