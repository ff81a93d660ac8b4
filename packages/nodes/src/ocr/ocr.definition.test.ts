import { describe, expect, it } from 'vitest';
import { configIssues, formatConfigPath } from '../sdk/config.ts';
import { ocrConfigSchema, ocrDefinition } from './ocr.definition.ts';

const paths = (config: unknown) => configIssues(ocrDefinition, config).map((i) => formatConfigPath(i.path));

describe('ocr definition', () => {
  it('emits text', () => {
    expect(ocrDefinition.outputs.text.type).toBe('text');
  });

  it('defaults to English tesseract and no serial pattern', () => {
    expect(ocrConfigSchema.parse({})).toEqual({ model: 'tesseract-eng', language: 'eng', minConfidence: 0.6 });
  });

  it('accepts a serial pattern that compiles', () => {
    expect(paths({ serialPattern: '[A-Z]{2}[0-9]{8}' })).toEqual([]);
  });

  it('refuses a pattern that does not compile, saying why', () => {
    const issues = configIssues(ocrDefinition, { serialPattern: '[A-Z' });
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toEqual(['serialPattern']);
    expect(issues[0]?.message).toMatch(/^Not a valid regular expression: /);
  });

  it('refuses an empty or overlong pattern and unknown languages', () => {
    expect(paths({ serialPattern: '', language: 'deu' })).toEqual(['language', 'serialPattern']);
    expect(paths({ serialPattern: 'a'.repeat(201) })).toEqual(['serialPattern']);
    expect(paths({ minConfidence: -0.1 })).toEqual(['minConfidence']);
  });
});
