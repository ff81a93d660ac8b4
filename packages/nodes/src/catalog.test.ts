import { describe, expect, it } from 'vitest';
import { getNodeDefinition, latestNodeDefinition, nodeCatalog } from './catalog.ts';
import { configIssues, configJsonSchema } from './sdk/config.ts';
import { NODE_CATEGORIES, nodeKey } from './sdk/define-node.ts';
import { inputsOf, outputsFor } from './sdk/ports.ts';

describe('nodeCatalog', () => {
  it('holds every node type of the product once per version', () => {
    expect(nodeCatalog.map((d) => nodeKey(d.type, d.version)).sort()).toEqual([
      'classifier@1',
      'delay@1',
      'detector@1',
      'frame-sampler@1',
      'human-task@1',
      'ingest@1',
      'ocr@1',
      'rule@1',
      'webhook@1',
    ]);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(nodeCatalog)).toBe(true);
  });

  it.each(nodeCatalog.map((d) => [d.type, d] as const))(
    '%s has a renderable config form and sane ports',
    (_type, def) => {
      expect(NODE_CATEGORIES).toContain(def.category);
      expect(def.description.length).toBeGreaterThan(20);
      expect(def.icon).toMatch(/^[a-z-]+$/);
      const schema = configJsonSchema(def);
      expect(schema['type']).toBe('object');
      expect(() => JSON.stringify(schema)).not.toThrow();
      const outputs = outputsFor(def, {});
      expect(new Set(outputs.map((p) => p.name)).size).toBe(outputs.length);
      expect(inputsOf(def).every((p) => p.title.length > 0)).toBe(true);
    },
  );

  it('only ingest starts a run', () => {
    expect(nodeCatalog.filter((d) => d.entry).map((d) => d.type)).toEqual(['ingest']);
  });

  it('gives every node except webhook a usable config from defaults alone', () => {
    const needsInput = nodeCatalog.filter((def) => configIssues(def, {}).length > 0).map((d) => d.type);
    expect(needsInput).toEqual(['webhook']);
  });
});

describe('getNodeDefinition', () => {
  it('finds a type by exact version', () => {
    expect(getNodeDefinition('rule', 1)?.title).toBe('Rule');
    expect(getNodeDefinition('rule', 2)).toBeUndefined();
    expect(getNodeDefinition('shell', 1)).toBeUndefined();
  });

  it('looks in a given catalog', () => {
    const [first] = nodeCatalog;
    expect(getNodeDefinition('rule', 1, first ? [first] : [])).toBeUndefined();
  });
});

describe('latestNodeDefinition', () => {
  it('picks the highest version', () => {
    const v1 = getNodeDefinition('delay', 1);
    if (!v1) throw new Error('delay@1 missing');
    const v3 = { ...v1, version: 3 };
    const v2 = { ...v1, version: 2 };
    expect(latestNodeDefinition('delay', [v1, v3, v2])?.version).toBe(3);
    expect(latestNodeDefinition('nope')).toBeUndefined();
  });
});
