import { z } from 'zod';
import { isKebabName } from '../sdk/define-node.ts';
import { compileCel } from './cel.ts';
import { fieldPathProblem } from './field-path.ts';

/**
 * The rule node's config: a decision table. Rows are checked top to bottom and the first
 * row whose conditions hold picks the output port (hit policy "first"); when none
 * holds, the default port is taken. Conditions are structured (band, compare, label,
 * count, present) so the editor can render them as form rows and the trace can read
 * like a sentence; `expression` is the escape hatch for anything else, in CEL.
 */

const portName = z
  .string()
  .refine(isKebabName, 'Use lowercase letters, digits and dashes, e.g. more-info')
  .meta({ title: 'Port', widget: 'rule-port' });

const fieldPath = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .superRefine((path, ctx) => {
    const problem = fieldPathProblem(path);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: `Field ${problem}` });
  })
  .meta({
    title: 'Field',
    description: 'The value to test, e.g. classification.scores.defect or text.serial',
    widget: 'fact-field',
  });

const listField = fieldPath.default('detections.items').meta({
  title: 'List',
  description: 'A list of items with label and score, e.g. detections.items',
  widget: 'fact-field',
});

/** Labels are embedded in CEL string literals: no control characters, bounded length. */
const labelName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^\p{Cc}]+$/u, 'Labels cannot contain control characters');

const displayLabel = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .optional()
  .meta({ title: 'Shown as', description: 'How the trace names the value, e.g. "defect score"' });

const finite = z.number().refine(Number.isFinite, 'Must be a finite number');
const score = z.number().min(0).max(1);

export const COMPARE_OPS = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte'] as const;
export type CompareOp = (typeof COMPARE_OPS)[number];
const compareOp = z.enum(COMPARE_OPS).meta({
  title: 'Comparison',
  widget: 'select',
  labels: { eq: 'equals', ne: 'does not equal', lt: 'below', lte: 'at most', gt: 'above', gte: 'at least' },
});

export const bandConditionSchema = z
  .strictObject({
    kind: z.literal('band'),
    field: fieldPath,
    min: finite.optional().meta({ title: 'From (inclusive)' }),
    max: finite.optional().meta({ title: 'Up to (exclusive)' }),
    name: z.string().trim().min(1).max(40).optional().meta({
      title: 'Band name',
      description: 'Named in the trace, e.g. "review"; defaults to the row name',
    }),
    label: displayLabel,
  })
  .superRefine((band, ctx) => {
    if (band.min === undefined && band.max === undefined) {
      ctx.addIssue({ code: 'custom', path: ['min'], message: 'A band needs a lower bound, an upper bound, or both' });
    } else if (band.min !== undefined && band.max !== undefined && band.min >= band.max) {
      ctx.addIssue({ code: 'custom', path: ['max'], message: 'Upper bound must be greater than the lower bound' });
    }
  })
  .meta({ title: 'Value in band', description: 'from ≤ value < up to; adjacent bands never overlap' });

export const compareConditionSchema = z
  .strictObject({
    kind: z.literal('compare'),
    field: fieldPath,
    op: compareOp,
    value: z.union([finite, z.string().max(200), z.boolean()]).meta({ title: 'Value' }),
    label: displayLabel,
  })
  .meta({ title: 'Compare a field' });

export const presentConditionSchema = z
  .strictObject({
    kind: z.literal('present'),
    field: fieldPath,
    present: z.boolean().default(true).meta({ title: 'Must be present', widget: 'switch' }),
    label: displayLabel,
  })
  .meta({ title: 'Field present / missing', description: 'e.g. a serial number was read' });

export const labelConditionSchema = z
  .strictObject({
    kind: z.literal('label'),
    field: listField,
    labels: z.array(labelName).min(1).max(20).meta({ title: 'Any of these labels', widget: 'tags' }),
    minScore: score.default(0.5).meta({ title: 'Minimum score', widget: 'slider', step: 0.05 }),
    present: z.boolean().default(true).meta({ title: 'Must be present', widget: 'switch' }),
    label: displayLabel,
  })
  .meta({ title: 'Label present / absent' });

export const countConditionSchema = z
  .strictObject({
    kind: z.literal('count'),
    field: listField,
    labels: z.array(labelName).max(20).default([]).meta({
      title: 'Only these labels',
      description: 'Leave empty to count every item',
      widget: 'tags',
    }),
    minScore: score.default(0).meta({ title: 'Minimum score', widget: 'slider', step: 0.05 }),
    op: compareOp.default('gte'),
    value: z.number().int().min(0).max(10_000).meta({ title: 'Count' }),
    label: displayLabel,
  })
  .meta({ title: 'Count items' });

export const expressionConditionSchema = z
  .strictObject({
    kind: z.literal('expression'),
    expression: z
      .string()
      .trim()
      .min(1)
      .max(1000)
      .superRefine((source, ctx) => {
        const compiled = compileCel(source, 'bool');
        if (!compiled.ok) ctx.addIssue({ code: 'custom', message: `Expression: ${compiled.message}` });
      })
      .meta({ title: 'CEL expression', widget: 'code', language: 'cel' }),
    label: displayLabel,
  })
  .meta({ title: 'Expression (CEL)', description: 'For conditions the other kinds cannot say' });

export const conditionSchema = z.discriminatedUnion('kind', [
  bandConditionSchema,
  compareConditionSchema,
  presentConditionSchema,
  labelConditionSchema,
  countConditionSchema,
  expressionConditionSchema,
]);
export type RuleCondition = z.output<typeof conditionSchema>;

export const ruleRowSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(60).optional().meta({ title: 'Row name' }),
    match: z
      .enum(['all', 'any'])
      .default('all')
      .meta({
        title: 'Match',
        widget: 'select',
        labels: { all: 'all conditions', any: 'any condition' },
      }),
    conditions: z.array(conditionSchema).min(1).max(20),
    port: portName,
    reasonCode: z
      .string()
      .refine(isKebabName, 'Use lowercase letters, digits and dashes')
      .optional()
      .meta({ title: 'Reason code', description: 'Recorded with the decision, e.g. high-confidence-defect' }),
  })
  .meta({ title: 'Row' });
export type RuleRow = z.output<typeof ruleRowSchema>;

export const rulePortSchema = z.strictObject({
  name: portName,
  title: z.string().trim().min(1).max(60).optional().meta({ title: 'Title' }),
});
export type RulePort = z.output<typeof rulePortSchema>;

export const DEFAULT_RULE_PORTS: readonly RulePort[] = [
  { name: 'approve', title: 'Approve' },
  { name: 'review', title: 'Review' },
  { name: 'more-info', title: 'More info' },
];

export const rulePortsSchema = z
  .array(rulePortSchema)
  .min(1)
  .max(12)
  .default(() => DEFAULT_RULE_PORTS.map((p) => ({ ...p })))
  .superRefine((ports, ctx) => {
    const seen = new Set<string>();
    ports.forEach((port, index) => {
      if (seen.has(port.name)) {
        ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `Port '${port.name}' is declared twice` });
      }
      seen.add(port.name);
    });
  })
  .meta({ title: 'Output ports', widget: 'port-list' });

export const ruleConfigSchema = z
  .strictObject({
    ports: rulePortsSchema,
    rows: z.array(ruleRowSchema).max(100).default([]).meta({ title: 'Decision table', widget: 'decision-table' }),
    defaultPort: portName.default('review').meta({
      title: 'When no row matches',
      description: 'Port taken when no row matches',
      widget: 'rule-port',
    }),
  })
  .superRefine((config, ctx) => {
    const names = new Set(config.ports.map((p) => p.name));
    config.rows.forEach((row, index) => {
      if (!names.has(row.port)) {
        ctx.addIssue({ code: 'custom', path: ['rows', index, 'port'], message: `Port '${row.port}' is not declared` });
      }
    });
    if (!names.has(config.defaultPort)) {
      ctx.addIssue({ code: 'custom', path: ['defaultPort'], message: `Port '${config.defaultPort}' is not declared` });
    }
  });

export type RuleConfig = z.output<typeof ruleConfigSchema>;
