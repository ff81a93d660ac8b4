/**
 * Server entry: executors. Imported by the runner, never by the editor.
 */
import type { AnyNodeDefinition } from './sdk/define-node.ts';
import type { NodeExecutor } from './sdk/executor.ts';
import { classifierExecutor } from './classifier/classifier.execute.ts';
import { delayExecutor } from './delay/delay.execute.ts';
import { detectorExecutor } from './detector/detector.execute.ts';
import { frameSamplerExecutor } from './frame-sampler/frame-sampler.execute.ts';
import { humanTaskExecutor } from './human-task/human-task.execute.ts';
import { ingestExecutor } from './ingest/ingest.execute.ts';
import { ocrExecutor } from './ocr/ocr.execute.ts';
import { ruleExecutor } from './rule/rule.execute.ts';
import { webhookExecutor } from './webhook/webhook.execute.ts';

export * from './index.ts';
export {
  defineExecutor,
  isSuspension,
  suspend,
  type ExecuteFn,
  type NodeContextOf,
  type SuspendInput,
} from './sdk/executor.ts';
export { idempotencyKeyFor } from './sdk/context.ts';
export {
  createFakeNodeContext,
  type FakeNodeContext,
  type FakeNodeContextOptions,
} from './testing/fake-node-context.ts';
export {
  classifierExecutor,
  delayExecutor,
  detectorExecutor,
  frameSamplerExecutor,
  humanTaskExecutor,
  ingestExecutor,
  ocrExecutor,
  ruleExecutor,
  webhookExecutor,
};
export { extractSerial, type SerialMatch } from './ocr/serial.ts';
export {
  DECISION_ACTIONS,
  HUMAN_TASK_PRIORITY_RANK,
  decisionPayloadSchema,
  type DecisionAction,
  type DecisionPayload,
  type HumanTaskSpec,
} from './human-task/human-task.execute.ts';
export { INGEST_ENVELOPE_KEYS, parseIngestInput, type IngestRequest } from './ingest/ingest.execute.ts';
export { webhookBody } from './webhook/webhook.execute.ts';
export {
  DEFAULT_TOLERANCE_SEC,
  SIGNATURE_HEADER,
  parseSignatureHeader,
  signPayload,
  verifySignature,
  createSignatureVerifier,
  type StreamingSignatureVerifier,
  type SignatureFailure,
  type SignatureVerification,
  type VerifyOptions,
} from './webhook/signature.server.ts';

/**
 * Executors of every catalog node type. They reach inference, media, secrets and HTTP only
 * through the context the engine builds for each step.
 */
export const nodeExecutors: readonly NodeExecutor[] = Object.freeze([
  ingestExecutor,
  frameSamplerExecutor,
  detectorExecutor,
  classifierExecutor,
  ocrExecutor,
  ruleExecutor,
  delayExecutor,
  humanTaskExecutor,
  webhookExecutor,
]);

export function getNodeExecutor(type: string, version: number): NodeExecutor | undefined {
  return nodeExecutors.find((e) => executorMatches(e.definition, type, version));
}

function executorMatches(def: AnyNodeDefinition, type: string, version: number): boolean {
  return def.type === type && def.version === version;
}
