import { classifierDefinition } from './classifier/classifier.definition.ts';
import { delayDefinition } from './delay/delay.definition.ts';
import { detectorDefinition } from './detector/detector.definition.ts';
import { frameSamplerDefinition } from './frame-sampler/frame-sampler.definition.ts';
import { humanTaskDefinition } from './human-task/human-task.definition.ts';
import { ingestDefinition } from './ingest/ingest.definition.ts';
import { ocrDefinition } from './ocr/ocr.definition.ts';
import { ruleDefinition } from './rule/rule.definition.ts';
import type { AnyNodeDefinition } from './sdk/define-node.ts';
import { webhookDefinition } from './webhook/webhook.definition.ts';

/** Every node type and version the platform can run. Old versions stay listed forever. */
export type NodeCatalog = readonly AnyNodeDefinition[];

export const nodeCatalog: NodeCatalog = Object.freeze([
  ingestDefinition,
  frameSamplerDefinition,
  detectorDefinition,
  classifierDefinition,
  ocrDefinition,
  ruleDefinition,
  delayDefinition,
  humanTaskDefinition,
  webhookDefinition,
]);

export function getNodeDefinition(
  type: string,
  version: number,
  catalog: NodeCatalog = nodeCatalog,
): AnyNodeDefinition | undefined {
  return catalog.find((def) => def.type === type && def.version === version);
}

/** The newest version of a type: what the editor's palette adds. */
export function latestNodeDefinition(type: string, catalog: NodeCatalog = nodeCatalog): AnyNodeDefinition | undefined {
  let latest: AnyNodeDefinition | undefined;
  for (const def of catalog) {
    if (def.type === type && (latest === undefined || def.version > latest.version)) latest = def;
  }
  return latest;
}
