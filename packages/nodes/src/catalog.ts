import { classifierDefinition } from './classifier/classifier.definition.js';
import { delayDefinition } from './delay/delay.definition.js';
import { detectorDefinition } from './detector/detector.definition.js';
import { frameSamplerDefinition } from './frame-sampler/frame-sampler.definition.js';
import { humanTaskDefinition } from './human-task/human-task.definition.js';
import { ingestDefinition } from './ingest/ingest.definition.js';
import { ocrDefinition } from './ocr/ocr.definition.js';
import { ruleDefinition } from './rule/rule.definition.js';
import type { AnyNodeDefinition } from './sdk/define-node.js';
import { webhookDefinition } from './webhook/webhook.definition.js';

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
