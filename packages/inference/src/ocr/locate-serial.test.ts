import { describe, expect, it } from 'vitest';
import { locateSerial, type OcrLine, type OcrLineWord } from './locate-serial.ts';

/** A word laid out left to right from `x`, 10 px per character, with per-character boxes. */
function word(text: string, x: number, y = 0, confidence = 0.9): OcrLineWord {
  return {
    text,
    confidence,
    box: { x, y, width: text.length * 10, height: 20 },
    symbols: [...text].map((c, i) => ({ text: c, box: { x: x + i * 10, y, width: 10, height: 20 } })),
  };
}
const line = (...words: OcrLineWord[]): OcrLine => ({ words });

describe('locateSerial', () => {
  it('boxes just the serial characters inside a word, after look-alike corrections', () => {
    const found = locateSerial([line(word('S/N:AB1234S67O', 100))], '[A-Z]{2}[0-9]{8}');
    expect(found).toMatchObject({ serial: 'AB12345670', raw: 'AB1234S67O', substitutions: 2 });
    // "S/N:" is 4 characters: the serial starts 40 px into the word.
    expect(found!.box).toEqual({ x: 140, y: 0, width: 100, height: 20 });
    expect(found!.confidence).toBeCloseTo(0.9);
  });

  it('joins a serial OCR split into words, and prefers a whole word over a glued one', () => {
    const split = locateSerial(
      [line(word('S/N', 0), word('SN-4X7Q-', 50), word('20931', 140, 0, 0.7))],
      'SN-[0-9][A-Z][0-9][A-Z]-[0-9]{5}',
    );
    expect(split).toMatchObject({ serial: 'SN-4X7Q-20931' });
    expect(split!.box).toEqual({ x: 50, y: 0, width: 140, height: 20 });
    expect(split!.confidence).toBeCloseTo(0.8);

    const lines = [line(word('SN-4X7Q-', 0), word('20931', 90)), line(word('SN-1A2B-33333', 0, 40))];
    expect(locateSerial(lines, 'SN-[0-9][A-Z][0-9][A-Z]-[0-9]{5}')?.serial).toBe('SN-1A2B-33333');
  });

  it('does not invent serials by gluing a label word to its neighbour', () => {
    // "SER" + "2298981090" would read "ER22989810" inside the glued text.
    expect(locateSerial([line(word('SER', 0), word('2298981090', 40))], '[A-Z]{2}[0-9]{8}')).toBeNull();
    expect(locateSerial([line(word('BGA4079443', 0), word('|', 110))], '[A-Z]{2}[0-9]{8}')).toBeNull();
  });

  it('falls back to word boxes when the symbols do not spell the word', () => {
    const w = { ...word('AB12345678', 10), symbols: [] };
    expect(locateSerial([line(w)], '[A-Z]{2}[0-9]{8}')?.box).toEqual(w.box);
    expect(locateSerial([], '[A-Z]{2}[0-9]{8}')).toBeNull();
  });
});
