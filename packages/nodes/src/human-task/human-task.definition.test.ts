import { describe, expect, it } from 'vitest';
import { configIssues, formatConfigPath } from '../sdk/config.ts';
import { outputsFor } from '../sdk/ports.ts';
import { HUMAN_TASK_ACTIONS, humanTaskConfigSchema, humanTaskDefinition } from './human-task.definition.ts';

const paths = (config: unknown) => configIssues(humanTaskDefinition, config).map((i) => formatConfigPath(i.path));

describe('human task definition', () => {
  it('has one decision port per action plus timeout', () => {
    expect(outputsFor(humanTaskDefinition, {}).map((p) => `${p.name}:${p.type}`)).toEqual([
      'approve:decision',
      'reject:decision',
      'more-info:decision',
      'timeout:decision',
    ]);
    expect(Object.keys(humanTaskConfigSchema.parse({}).actions)).toEqual([...HUMAN_TASK_ACTIONS]);
  });

  it('requires evidence media and takes the rest as optional evidence', () => {
    expect(humanTaskDefinition.inputs.media).toMatchObject({ type: 'media[]', required: true });
    expect(humanTaskDefinition.inputs.decision).not.toHaveProperty('required');
  });

  it('defaults to a four-eyes review with reason codes per action', () => {
    const config = humanTaskConfigSchema.parse({});
    expect(config).toMatchObject({
      title: 'Review case',
      group: 'reviewers',
      priority: 'normal',
      slaMinutes: 240,
      noSelfApproval: true,
    });
    expect(config.actions.reject).toEqual({
      reasonCodes: ['no-defect-visible', 'customer-damage', 'serial-mismatch', 'out-of-warranty'],
      requireReason: true,
    });
    expect(config.actions.approve.requireReason).toBe(false);
  });

  it('fills defaults inside a partly given action', () => {
    const config = humanTaskConfigSchema.parse({ actions: { approve: { reasonCodes: ['goodwill'] } } });
    expect(config.actions.approve).toEqual({ reasonCodes: ['goodwill'], requireReason: false });
    expect(config.actions['more-info'].reasonCodes).toContain('photo-unclear');
  });

  it('refuses bad values field by field', () => {
    expect(
      paths({
        title: '',
        group: 'Warranty Team',
        priority: 'asap',
        slaMinutes: 0,
        actions: { reject: { reasonCodes: ['fraud', 'fraud', 'Bad Code'] }, escalate: {} },
      }),
    ).toEqual([
      'title',
      'group',
      'priority',
      'slaMinutes',
      'actions.reject.reasonCodes[2]',
      'actions.reject.reasonCodes[1]',
      'actions.escalate',
    ]);
    expect(paths({ actions: { reject: { reasonCodes: ['fraud', 'fraud'] } } })).toEqual([
      'actions.reject.reasonCodes[1]',
    ]);
    expect(paths({ actions: { approve: { reasonCodes: [] } } })).toEqual(['actions.approve.reasonCodes']);
  });
});
