import { describe, expect, it } from 'vitest';
import { configIssues, formatConfigPath } from '../sdk/config.ts';
import { ingestConfigSchema, ingestDefinition } from './ingest.definition.ts';

const paths = (config: unknown) => configIssues(ingestDefinition, config).map((i) => formatConfigPath(i.path));

describe('ingest definition', () => {
  it('is an entry node with media and case-field outputs', () => {
    expect(ingestDefinition.entry).toBe(true);
    expect(Object.keys(ingestDefinition.inputs)).toEqual([]);
    expect(ingestDefinition.outputs.media.type).toBe('media[]');
  });

  it('defaults to common photo types, 25 MB and 1–10 files', () => {
    expect(ingestConfigSchema.parse({})).toEqual({
      acceptedTypes: ['image/jpeg', 'image/png', 'image/webp'],
      maxFileMb: 25,
      minFiles: 1,
      maxFiles: 10,
      requiredFields: [],
    });
  });

  it('accepts wildcards and case fields', () => {
    expect(paths({ acceptedTypes: ['image/*', 'video/mp4', 'application/pdf'], requiredFields: ['claimId'] })).toEqual(
      [],
    );
  });

  it('refuses bad values field by field', () => {
    expect(
      paths({ acceptedTypes: ['jpeg'], maxFileMb: 0, maxFiles: 51, requiredFields: ['claim id'], extra: 1 }),
    ).toEqual(['acceptedTypes[0]', 'maxFileMb', 'maxFiles', 'requiredFields[0]', 'extra']);
    expect(paths({ acceptedTypes: [] })).toEqual(['acceptedTypes']);
  });

  it('refuses fewer-than-most inverted', () => {
    expect(configIssues(ingestDefinition, { minFiles: 5, maxFiles: 2 })).toMatchObject([
      { path: ['minFiles'], message: 'Fewest files cannot exceed most files' },
    ]);
  });
});
