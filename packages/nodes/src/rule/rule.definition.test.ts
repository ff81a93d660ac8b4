import { describe, expect, it } from 'vitest';
import { configJsonSchema } from '../sdk/config.ts';
import { outputsFor } from '../sdk/ports.ts';
import { ruleDefinition } from './rule.definition.ts';

describe('rule definition', () => {
  it('declares the default decision ports for an empty config', () => {
    expect(outputsFor(ruleDefinition, {}).map((p) => `${p.name}:${p.type}:${p.title}`)).toEqual([
      'approve:decision:Approve',
      'review:decision:Review',
      'more-info:decision:More info',
    ]);
  });

  it('takes its output ports from the config', () => {
    const ports = outputsFor(ruleDefinition, { ports: [{ name: 'accept' }, { name: 'escalate', title: 'Escalate' }] });
    expect(ports.map((p) => [p.name, p.title])).toEqual([
      ['accept', 'Accept'],
      ['escalate', 'Escalate'],
    ]);
  });

  it('keeps its ports while a row is half-edited', () => {
    const config = {
      ports: [{ name: 'yes' }, { name: 'no' }],
      rows: [{ port: 'yes', conditions: [{ kind: 'band' }] }],
    };
    expect(ruleDefinition.config.safeParse(config).success).toBe(false);
    expect(outputsFor(ruleDefinition, config).map((p) => p.name)).toEqual(['yes', 'no']);
  });

  it('cannot tell its ports when the port list itself is broken', () => {
    expect(ruleDefinition.dynamicOutputs?.({ ports: [{ name: 'Bad Name' }] })).toBeUndefined();
    expect(ruleDefinition.dynamicOutputs?.({ ports: [{ name: 'a' }, { name: 'a' }] })).toBeUndefined();
    expect(ruleDefinition.dynamicOutputs?.(null)).toBeDefined(); // null config → default ports
    expect(outputsFor(ruleDefinition, { ports: 'approve' })).toEqual([]);
  });

  it('renders the decision table widget in the config form', () => {
    const schema = configJsonSchema(ruleDefinition) as { properties: Record<string, { widget?: string }> };
    expect(schema.properties['rows']?.widget).toBe('decision-table');
    expect(schema.properties['ports']?.widget).toBe('port-list');
    expect(JSON.stringify(schema)).toContain('"language":"cel"');
  });
});
