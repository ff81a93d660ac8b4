import {
  NodeConfigError,
  idempotencyKeyFor,
  type NodeContext,
  type NodeExecutor,
  type ResumeInfo,
  type ExecuteResult,
} from '@conveyor/nodes/server';
import type { EngineResources } from './resources.ts';

export interface ExecutionInput {
  executor: NodeExecutor;
  workspaceId: string;
  runId: string;
  stepId: string;
  nodeId: string;
  attempt: number;
  config: unknown;
  inputs: Record<string, unknown>;
  resume: ResumeInfo | undefined;
  timeoutMs: number;
  /** Aborted when the run is canceled. */
  cancel: AbortSignal;
}

export class StepTimeoutError extends Error {
  override name = 'TimeoutError';
}

/**
 * Runs one executor with its context. The config is parsed by the node's schema (defaults
 * applied; a bad config is a NodeConfigError, never retried). The per-node timeout aborts
 * the signal and also stops waiting for an executor that ignores it.
 */
export async function executeNode(r: EngineResources, x: ExecutionInput): Promise<ExecuteResult> {
  const parsed = x.executor.definition.config.safeParse(x.config ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new NodeConfigError(`Invalid config: ${issue.message}`, { field: issue.path.join('.') || '(root)' });
  }
  const timeout = new AbortController();
  const signal = AbortSignal.any([x.cancel, timeout.signal]);
  const log = r.logger.child({ runId: x.runId, stepId: x.stepId, nodeId: x.nodeId, attempt: x.attempt });
  const ctx: NodeContext = {
    config: parsed.data,
    inputs: x.inputs,
    runId: x.runId,
    stepId: x.stepId,
    nodeId: x.nodeId,
    attempt: x.attempt,
    idempotencyKey: idempotencyKeyFor(x.runId, x.nodeId),
    logger: {
      debug: (m, f) => log.debug(f ?? {}, m),
      info: (m, f) => log.info(f ?? {}, m),
      warn: (m, f) => log.warn(f ?? {}, m),
      error: (m, f) => log.error(f ?? {}, m),
    },
    signal,
    // Built on first use: most logic nodes never touch media or secrets.
    get media() {
      return r.media(x.workspaceId);
    },
    get infer() {
      return r.infer(x.workspaceId);
    },
    get secrets() {
      return r.secrets(x.workspaceId);
    },
    fetch: (input, init) =>
      r.fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal }),
    now: () => r.now(),
    resume: x.resume,
  };
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new StepTimeoutError(`Node ${x.nodeId} timed out after ${x.timeoutMs} ms`);
      timeout.abort(error);
      reject(error);
    }, x.timeoutMs);
  });
  const canceled = new Promise<never>((_, reject) => {
    if (x.cancel.aborted) reject(abortError());
    x.cancel.addEventListener('abort', () => reject(abortError()), { once: true });
  });
  try {
    return await Promise.race([x.executor.execute(ctx as never, x.inputs as never), timedOut, canceled]);
  } finally {
    clearTimeout(timer);
  }
}

function abortError() {
  const error = new Error('Run canceled');
  error.name = 'AbortError';
  return error;
}
