import { z } from 'zod';
import { NODE_CATEGORIES, PORT_TYPES } from '@conveyor/nodes';

export const ZListNodesInput = z.object({ workspaceId: z.uuid() });

const ZPort = z.object({
  name: z.string(),
  type: z.enum(PORT_TYPES),
  title: z.string(),
  description: z.string().nullable(),
});

export const ZListNodesOutput = z.object({
  nodes: z.array(
    z.object({
      type: z.string(),
      version: z.number().int(),
      title: z.string(),
      category: z.enum(NODE_CATEGORIES),
      description: z.string(),
      icon: z.string().nullable(),
      entry: z.boolean(),
      /** JSON Schema (2020-12) of the config, with the UI hints (`widget`, `step`, …). */
      configSchema: z.record(z.string(), z.unknown()),
      defaultConfig: z.record(z.string(), z.unknown()),
      inputs: z.array(ZPort.extend({ required: z.boolean(), multiple: z.boolean() })),
      outputs: z.array(ZPort.extend({ kind: z.enum(['data', 'error']) })),
      /** Output ports follow the config (a rule's decision-table ports). */
      dynamicOutputs: z.boolean(),
    }),
  ),
  templates: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      description: z.string(),
      nodeCount: z.number().int(),
      nodeTypes: z.array(z.string()),
    }),
  ),
});
