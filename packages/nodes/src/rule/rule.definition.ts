import { defineNode, type OutputPorts } from '../sdk/define-node.ts';
import { ruleConfigSchema, rulePortsSchema } from './rule-config.ts';

/** A rule's ports come from its config; it has no static ones. */
const noStaticOutputs: OutputPorts = {};

export const ruleDefinition = defineNode({
  type: 'rule',
  version: 1,
  title: 'Rule',
  category: 'logic',
  description:
    'Routes each case with a decision table: the first row whose conditions hold picks the output; ' +
    'confidence bands, comparisons, labels and counts read like sentences in the trace.',
  icon: 'git-branch',
  config: ruleConfigSchema,
  inputs: {
    detections: { type: 'detections', title: 'Detections' },
    classification: { type: 'classification', title: 'Classification' },
    text: { type: 'text', title: 'Text (OCR)' },
    record: { type: 'record', title: 'Record', description: 'Any other fields, e.g. the claim' },
  },
  outputs: noStaticOutputs,
  dynamicOutputs(config) {
    // Ports are read on their own so a half-edited row does not detach every edge.
    const raw = typeof config === 'object' && config !== null ? (config as { ports?: unknown }).ports : undefined;
    const parsed = rulePortsSchema.safeParse(raw);
    if (!parsed.success) return undefined;
    return Object.fromEntries(
      parsed.data.map((port) => [
        port.name,
        { type: 'decision' as const, ...(port.title ? { title: port.title } : {}) },
      ]),
    );
  },
});
