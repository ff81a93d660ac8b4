import { describe, expect, it } from 'vitest';
import { findCycles } from './find-cycles.ts';

describe('findCycles', () => {
  it('finds none in a DAG', () => {
    expect(
      findCycles(
        ['a', 'b', 'c'],
        [
          ['a', 'b'],
          ['b', 'c'],
          ['a', 'c'],
        ],
      ),
    ).toEqual([]);
  });

  it('finds a self-loop', () => {
    expect(
      findCycles(
        ['a', 'b'],
        [
          ['a', 'b'],
          ['b', 'b'],
        ],
      ),
    ).toEqual([['b']]);
  });

  it('gives a concrete loop starting at the earliest node', () => {
    expect(
      findCycles(
        ['x', 'a', 'b', 'c'],
        [
          ['x', 'b'],
          ['b', 'c'],
          ['c', 'a'],
          ['a', 'b'],
        ],
      ),
    ).toEqual([['a', 'b', 'c']]);
  });

  it('reports separate cyclic regions separately, in graph order', () => {
    expect(
      findCycles(
        ['a', 'b', 'c', 'd', 'e'],
        [
          ['d', 'e'],
          ['e', 'd'],
          ['a', 'b'],
          ['b', 'a'],
          ['b', 'c'],
        ],
      ),
    ).toEqual([
      ['a', 'b'],
      ['d', 'e'],
    ]);
  });

  it('takes the shortest loop through a tangled region', () => {
    const edges: [string, string][] = [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
      ['d', 'a'],
      ['b', 'a'],
    ];
    expect(findCycles(['a', 'b', 'c', 'd'], edges)).toEqual([['a', 'b']]);
  });

  it('ignores edges to unknown nodes', () => {
    expect(
      findCycles(
        ['a'],
        [
          ['a', 'zz'],
          ['zz', 'a'],
        ],
      ),
    ).toEqual([]);
  });

  it('copes with long chains', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `n${i}`);
    const edges = ids.slice(1).map((id, i): [string, string] => [`n${i}`, id]);
    edges.push(['n4999', 'n0']);
    expect(findCycles(ids, edges)[0]).toHaveLength(5000);
  });
});
