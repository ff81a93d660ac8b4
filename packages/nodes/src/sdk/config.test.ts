import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configIssues, configJsonSchema, formatConfigPath, parseNodeConfig } from './config.ts';
import { defineNode } from './define-node.ts';
import { NodeConfigError } from './errors.ts';

const def = defineNode({
  type: 'sample',
  version: 1,
  title: 'Sample',
  category: 'vision',
  description: 'x',
  config: z.strictObject({
    minConfidence: z
      .number()
      .min(0)
      .max(1)
      .default(0.4)
      .meta({ title: 'Minimum confidence', description: 'Lower scores are dropped', widget: 'slider', step: 0.05 }),
    model: z.string().min(1).meta({ title: 'Model', widget: 'model-picker' }),
    headers: z.record(z.string(), z.string()).default({}),
    rows: z.array(z.strictObject({ min: z.number() })).default([]),
    code: z
      .string()
      .min(3)
      .regex(/^[a-z]+$/, 'letters only')
      .optional(),
  }),
  inputs: {},
  outputs: {},
});

describe('configJsonSchema', () => {
  const schema = configJsonSchema(def) as {
    properties: Record<string, Record<string, unknown>>;
    required?: string[];
  };

  it('keeps UI hints from .meta()', () => {
    expect(schema.properties['minConfidence']).toMatchObject({
      title: 'Minimum confidence',
      description: 'Lower scores are dropped',
      widget: 'slider',
      step: 0.05,
      default: 0.4,
      minimum: 0,
      maximum: 1,
    });
    expect(schema.properties['model']).toMatchObject({ widget: 'model-picker' });
  });

  it('leaves fields with defaults optional so a form can stay blank', () => {
    expect(schema.required).toEqual(['model']);
  });

  it('is computed once per definition', () => {
    expect(configJsonSchema(def)).toBe(configJsonSchema(def));
  });
});

describe('configIssues', () => {
  it('returns nothing for a valid config', () => {
    expect(configIssues(def, { model: 'm' })).toEqual([]);
  });

  it('returns one issue per field with its path', () => {
    const issues = configIssues(def, { minConfidence: 2, rows: [{ min: 'x' }] });
    expect(issues.map((i) => formatConfigPath(i.path))).toEqual(['minConfidence', 'model', 'rows[0].min']);
  });

  it('keeps the first issue when a field fails several checks', () => {
    expect(def.config.safeParse({ model: 'm', code: '1' }).error?.issues).toHaveLength(2);
    const issues = configIssues(def, { model: 'm', code: '1' });
    expect(issues).toEqual([
      { path: ['code'], message: 'Too small: expected string to have >=3 characters', code: 'too_small' },
    ]);
  });

  it('says Required for a missing field', () => {
    expect(configIssues(def, {})).toEqual([{ path: ['model'], message: 'Required', code: 'invalid_type' }]);
    expect(configIssues(def, { model: 5 })[0]?.message).toBe('Invalid input: expected string, received number');
  });

  it('splits unknown keys into one issue each', () => {
    const issues = configIssues(def, { model: 'm', colour: 'red', size: 2 });
    expect(issues).toEqual([
      { path: ['colour'], message: "Unknown setting 'colour'", code: 'unrecognized_keys' },
      { path: ['size'], message: "Unknown setting 'size'", code: 'unrecognized_keys' },
    ]);
  });
});

describe('formatConfigPath', () => {
  it('formats identifiers, indexes and odd keys', () => {
    expect(formatConfigPath(['rows', 2, 'conditions', 0, 'min'])).toBe('rows[2].conditions[0].min');
    expect(formatConfigPath(['headers', 'X-Api-Key'])).toBe('headers["X-Api-Key"]');
    expect(formatConfigPath([])).toBe('');
  });
});

describe('parseNodeConfig', () => {
  it('applies defaults', () => {
    expect(parseNodeConfig(def, { model: 'm' })).toEqual({ model: 'm', minConfidence: 0.4, headers: {}, rows: [] });
  });

  it('throws a NodeConfigError naming the first bad field', () => {
    let caught: unknown;
    try {
      parseNodeConfig(def, { model: '', minConfidence: -1 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(NodeConfigError);
    expect((caught as NodeConfigError).field).toBe('minConfidence');
    expect((caught as NodeConfigError).message).toMatch(/^Invalid Sample configuration: minConfidence: .*; model: /);
  });
});
