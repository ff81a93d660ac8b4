import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineNode, isKebabName, nodeKey, type OutputPorts } from './define-node.ts';
import { findInput, findOutput, inputsOf, outputsFor, titleFromName } from './ports.ts';

const base = {
  type: 'sample',
  version: 1,
  title: 'Sample',
  category: 'logic' as const,
  description: 'A sample node',
  config: z.strictObject({ n: z.number().default(1) }),
  inputs: { in: { type: 'any' as const, required: true } },
  outputs: { out: { type: 'record' as const }, error: { type: 'record' as const, kind: 'error' as const } },
};

describe('defineNode', () => {
  it('returns a frozen definition with defaults filled in', () => {
    const def = defineNode(base);
    expect(Object.isFrozen(def)).toBe(true);
    expect(def.entry).toBe(false);
    expect(def.icon).toBeUndefined();
    expect(def.dynamicOutputs).toBeUndefined();
  });

  it.each([
    ['type not kebab-case', { type: 'Sample_Node' }, /type must be kebab-case/],
    ['version zero', { version: 0 }, /version must be a positive integer/],
    ['fractional version', { version: 1.5 }, /version must be a positive integer/],
    ['blank title', { title: '  ' }, /title is required/],
    ['input name not kebab', { inputs: { In: { type: 'any' } } }, /input port 'In' must be kebab-case/],
    ['output name not kebab', { outputs: { more_info: { type: 'any' } } }, /output port 'more_info'/],
    ['unknown port type', { outputs: { out: { type: 'image' } } }, /unknown type 'image'/],
    [
      'error kind on an input',
      { inputs: { in: { type: 'any', kind: 'error' } } },
      /input 'in' cannot be an error port/,
    ],
    ['entry with required input', { entry: true }, /entry node cannot have required inputs/],
  ])('rejects %s', (_name, override, message) => {
    expect(() => defineNode({ ...base, ...override } as typeof base)).toThrow(message);
  });
});

describe('port helpers', () => {
  const def = defineNode(base);

  it('lists inputs with defaults', () => {
    expect(inputsOf(def)).toEqual([
      { name: 'in', type: 'any', title: 'In', description: undefined, required: true, multiple: false },
    ]);
  });

  it('lists static outputs and marks error ports', () => {
    expect(outputsFor(def, {}).map((p) => [p.name, p.kind])).toEqual([
      ['out', 'data'],
      ['error', 'error'],
    ]);
  });

  it('adds config-driven ports, keeping static ones authoritative', () => {
    const noStatic: OutputPorts = {};
    const dynamic = defineNode({
      ...base,
      type: 'switch',
      outputs: { ...noStatic, error: { type: 'record', kind: 'error' } },
      dynamicOutputs(config) {
        const names = (config as { ports?: string[] }).ports;
        return names ? Object.fromEntries(names.map((n) => [n, { type: 'decision' as const }])) : undefined;
      },
    });
    expect(outputsFor(dynamic, { ports: ['yes', 'no', 'error'] }).map((p) => `${p.name}:${p.type}`)).toEqual([
      'yes:decision',
      'no:decision',
      'error:record',
    ]);
    expect(outputsFor(dynamic, {}).map((p) => p.name)).toEqual(['error']);
  });

  it('finds ports by name and ignores inherited names', () => {
    expect(findInput(def, 'in')?.required).toBe(true);
    expect(findInput(def, 'constructor')).toBeUndefined();
    expect(findOutput(def, {}, 'out')?.type).toBe('record');
    expect(findOutput(def, {}, 'nope')).toBeUndefined();
  });

  it('derives titles from kebab names', () => {
    expect(titleFromName('more-info')).toBe('More info');
    expect(titleFromName('media')).toBe('Media');
  });
});

describe('names', () => {
  it('accepts kebab-case only', () => {
    expect(isKebabName('more-info')).toBe(true);
    expect(isKebabName('frame-sampler2')).toBe(true);
    expect(isKebabName('More')).toBe(false);
    expect(isKebabName('a--b')).toBe(false);
    expect(isKebabName('-a')).toBe(false);
    expect(isKebabName('a'.repeat(65))).toBe(false);
  });

  it('keys a type version', () => {
    expect(nodeKey('rule', 2)).toBe('rule@2');
  });
});
