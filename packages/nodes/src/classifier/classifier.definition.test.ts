import { describe, expect, it } from 'vitest';
import { configIssues, formatConfigPath } from '../sdk/config.ts';
import { classifierConfigSchema, classifierDefinition } from './classifier.definition.ts';

const paths = (config: unknown) => configIssues(classifierDefinition, config).map((i) => formatConfigPath(i.path));

describe('classifier definition', () => {
  it('emits a classification', () => {
    expect(classifierDefinition.outputs.classification.type).toBe('classification');
    expect(classifierDefinition.category).toBe('vision');
  });

  it('defaults to the defect classifier, strongest photo wins', () => {
    expect(classifierConfigSchema.parse({})).toEqual({ model: 'defect-classifier', aggregate: 'max' });
  });

  it('refuses bad values field by field', () => {
    expect(paths({ aggregate: 'median', modelVersion: '1.0', colour: 'x' })).toEqual([
      'modelVersion',
      'aggregate',
      'colour',
    ]);
    expect(paths({ aggregate: 'mean', modelVersion: '2.0.0-rc.1' })).toEqual([]);
  });
});
