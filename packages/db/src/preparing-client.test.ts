import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { preparedName } from './preparing-client.ts';

// preparedName keeps its counts and names in module state shared by the whole process, so
// every test sends texts of its own (a fresh uuid in each) and never relies on name numbers.
const text = (label: string) => `SELECT $1::int /* ${label} ${randomUUID()} */`;

describe('preparedName', () => {
  it('names a text from its third send on, and the name stays the same', () => {
    const q = text('hot');
    expect(preparedName(q)).toBeUndefined();
    expect(preparedName(q)).toBeUndefined();
    const name = preparedName(q);
    expect(name).toMatch(/^cv_\d+$/);
    for (let i = 0; i < 5; i++) expect(preparedName(q)).toBe(name);
  });

  it('counts each text on its own and gives different texts different names', () => {
    const a = text('a');
    const b = text('b');
    // Interleaved: sends of one text never count towards the other.
    expect(preparedName(a)).toBeUndefined();
    expect(preparedName(b)).toBeUndefined();
    expect(preparedName(a)).toBeUndefined();
    expect(preparedName(b)).toBeUndefined();
    const nameA = preparedName(a);
    const nameB = preparedName(b);
    expect(nameA).toBeDefined();
    expect(nameB).toBeDefined();
    expect(nameA).not.toBe(nameB);
    expect(preparedName(a)).toBe(nameA);
    expect(preparedName(b)).toBe(nameB);
  });

  // Last in the file: it uses up the process's names.
  it('stops naming new texts at the cap, and keeps the names it gave', () => {
    const early = text('early');
    for (let i = 0; i < 3; i++) preparedName(early);
    const earlyName = preparedName(early);
    expect(earlyName).toBeDefined();
    const names = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const q = text(`fill-${i}`);
      let name: string | undefined;
      for (let k = 0; k < 3; k++) name = preparedName(q);
      if (name) names.add(name);
    }
    // This file's module state (vitest isolates files) already holds 4 names: hot, a, b, early.
    expect(names.size).toBe(400 - 4);
    const late = text('late');
    for (let i = 0; i < 10; i++) expect(preparedName(late)).toBeUndefined();
    expect(preparedName(early)).toBe(earlyName);
  });
});
