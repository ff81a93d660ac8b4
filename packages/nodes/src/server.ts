/**
 * Server entry: executors. Imported by the runner, never by the editor.
 */
import type { AnyNodeDefinition } from './sdk/define-node.ts';
import type { NodeExecutor } from './sdk/executor.ts';
import { delayExecutor } from './delay/delay.execute.ts';
import { ruleExecutor } from './rule/rule.execute.ts';

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
export { delayExecutor, ruleExecutor };
export {
  DEFAULT_TOLERANCE_SEC,
  SIGNATURE_HEADER,
  parseSignatureHeader,
  signPayload,
  verifySignature,
  type SignatureFailure,
  type SignatureVerification,
  type VerifyOptions,
} from './webhook/signature.server.ts';

/**
 * Executors available in this process. Node types without one here (detector, OCR, …)
 * are executed by parts that need the inference and media services.
 */
export const nodeExecutors: readonly NodeExecutor[] = Object.freeze([ruleExecutor, delayExecutor]);

export function getNodeExecutor(type: string, version: number): NodeExecutor | undefined {
  return nodeExecutors.find((e) => executorMatches(e.definition, type, version));
}

function executorMatches(def: AnyNodeDefinition, type: string, version: number): boolean {
  return def.type === type && def.version === version;
}
