import { describe, expect, it } from 'vitest';
import { extractSerial } from './serial.ts';

const SERIAL = '[A-Z]{2}[0-9]{8}';

describe('extractSerial', () => {
  it('returns a match as read when there is one', () => {
    expect(extractSerial('Model X200  S/N AB12345678  Made in EU', SERIAL)).toEqual({
      serial: 'AB12345678',
      raw: 'AB12345678',
      substitutions: 0,
    });
  });

  it('returns null when nothing can be read as a serial', () => {
    expect(extractSerial('no serial here', SERIAL)).toBeNull();
    expect(extractSerial('', SERIAL)).toBeNull();
  });

  it('reads look-alike letters in the digit part as digits', () => {
    expect(extractSerial('S/N AB1234S67O', SERIAL)).toEqual({
      serial: 'AB12345670',
      raw: 'AB1234S67O',
      substitutions: 2,
    });
    expect(extractSerial('SN: XYl2345678', SERIAL)?.serial).toBe('XY12345678');
    expect(extractSerial('SN: XYI2345678', SERIAL)?.serial).toBe('XY12345678');
  });

  it('reads look-alike digits in the letter part as letters', () => {
    expect(extractSerial('serial 0B12345678', SERIAL)).toEqual({
      serial: 'OB12345678',
      raw: '0B12345678',
      substitutions: 1,
    });
    expect(extractSerial('5N00000001', SERIAL)?.serial).toBe('SN00000001');
    expect(extractSerial('1D99999999', SERIAL)?.serial).toBe('ID99999999');
  });

  it('corrects by position: the same character becomes a letter in one place and a digit in another', () => {
    // O at the start must be a letter, O later must be a zero; 5 first is S, S later is 5.
    expect(extractSerial('O5OO1SSIlO', SERIAL)).toEqual({
      serial: 'OS00155110',
      raw: 'O5OO1SSIlO',
      substitutions: 8,
    });
  });

  it('prefers the reading with the fewest corrections', () => {
    // "AB1234567O" needs one swap; "0B..." in the other token would need one too but comes later.
    expect(extractSerial('AB1234567O 0B12345678', SERIAL)?.serial).toBe('AB12345670');
    // The exact token wins over one needing a correction, wherever it is.
    expect(extractSerial('AB1234567O CD12345678', SERIAL)?.serial).toBe('CD12345678');
  });

  it('works per token for anchored patterns', () => {
    expect(extractSerial('Serial: AB12345678', `^${SERIAL}$`)?.serial).toBe('AB12345678');
    expect(extractSerial('Serial: AB1234567O', `^${SERIAL}$`)?.serial).toBe('AB12345670');
  });

  it('leaves characters that are not look-alikes alone', () => {
    expect(extractSerial('AB1234567B', SERIAL)).toBeNull();
    expect(extractSerial('AB12345Z78', SERIAL)).toBeNull();
  });

  it('accepts a RegExp, dropping a global flag so matching is stateless', () => {
    const re = /[A-Z]{2}\d{8}/g;
    expect(extractSerial('AB12345678', re)?.serial).toBe('AB12345678');
    expect(extractSerial('AB12345678', re)?.serial).toBe('AB12345678');
  });

  it('stays bounded on text full of look-alikes', () => {
    const noisy = 'OIS0l5'.repeat(40);
    const started = performance.now();
    expect(extractSerial(noisy, '[A-Z]{3}[0-9]{20}X')).toBeNull();
    expect(performance.now() - started).toBeLessThan(2000);
    expect(extractSerial('OOOOOO', '[0-9]{6}', { maxAttempts: 3 })).toBeNull();
    expect(extractSerial('OOOOOO', '[0-9]{6}')?.serial).toBe('000000');
  });
});
