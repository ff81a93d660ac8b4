import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeCatalog } from '@conveyor/nodes';
import { describe, expect, it } from 'vitest';
import { validateGraph } from './validate-graph.ts';

/**
 * Golden workflows: each `<name>.graph.json` sits next to `<name>.expected.json`, the
 * issues the validator must report for it. Run with UPDATE_GOLDEN=1 to rewrite the
 * expected files after an intended change, then review the diff like any other code.
 */
const DIR = join(dirname(fileURLToPath(import.meta.url)), '__golden__');
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const cases = readdirSync(DIR)
  .filter((f) => f.endsWith('.graph.json'))
  .map((f) => f.slice(0, -'.graph.json'.length))
  .sort();

describe('golden workflows', () => {
  it('has cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(5);
  });

  it.each(cases)('%s', (name) => {
    const graph: unknown = JSON.parse(readFileSync(join(DIR, `${name}.graph.json`), 'utf8'));
    const result = validateGraph(graph, nodeCatalog);
    const actual = { ok: result.ok, issues: result.issues.map(({ code, path, message }) => ({ code, path, message })) };
    const expectedFile = join(DIR, `${name}.expected.json`);
    if (UPDATE) writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
    const expected: unknown = JSON.parse(readFileSync(expectedFile, 'utf8'));
    expect(actual).toEqual(expected);
  });
});
