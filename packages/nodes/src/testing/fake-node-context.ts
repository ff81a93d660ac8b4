import { parseNodeConfig } from '../sdk/config.ts';
import {
  idempotencyKeyFor,
  type GuardedFetch,
  type InferFn,
  type LogFields,
  type MediaPutOptions,
  type MediaStore,
  type ResumeInfo,
} from '../sdk/context.ts';
import type { AnyNodeDefinition } from '../sdk/define-node.ts';
import { NodeConfigError } from '../sdk/errors.ts';
import type { InputValues, NodeContextOf } from '../sdk/executor.ts';
import type { MediaRef } from '../sdk/port-values.ts';

/**
 * A node context for unit tests of executors: real config parsing, an in-memory
 * content-addressed media store, captured logs, a fixed clock. Services a test does not
 * provide (inference, fetch) fail loudly instead of pretending to work.
 */

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields: LogFields | undefined;
}

export interface FakeNodeContextOptions<TDef extends AnyNodeDefinition> {
  /** Raw config, parsed with the definition's schema (defaults applied) like the engine does. */
  config?: unknown;
  inputs: InputValues<TDef['inputs']>;
  runId?: string;
  stepId?: string;
  nodeId?: string;
  attempt?: number;
  now?: Date;
  resume?: ResumeInfo;
  secrets?: Record<string, string>;
  infer?: InferFn;
  fetch?: GuardedFetch;
  signal?: AbortSignal;
}

export type FakeNodeContext<TDef extends AnyNodeDefinition> = NodeContextOf<TDef> & {
  readonly logs: LogLine[];
};

export function createFakeNodeContext<TDef extends AnyNodeDefinition>(
  definition: TDef,
  options: FakeNodeContextOptions<TDef>,
): FakeNodeContext<TDef> {
  const runId = options.runId ?? 'run_test';
  const nodeId = options.nodeId ?? definition.type;
  const logs: LogLine[] = [];
  const log = (level: LogLine['level']) => (message: string, fields?: LogFields) => {
    logs.push({ level, message, fields });
  };
  const secrets = options.secrets ?? {};
  const now = options.now ?? new Date('2026-01-01T00:00:00.000Z');
  return {
    config: parseNodeConfig(definition, options.config ?? {}),
    inputs: options.inputs,
    runId,
    stepId: options.stepId ?? `${runId}:${nodeId}:1`,
    nodeId,
    attempt: options.attempt ?? 1,
    idempotencyKey: idempotencyKeyFor(runId, nodeId),
    logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
    signal: options.signal ?? new AbortController().signal,
    media: createMemoryMediaStore(),
    infer:
      options.infer ??
      (async (request) => {
        throw new Error(`fake context: no inference handler for model '${request.model}'`);
      }),
    secrets: {
      async get(name) {
        const value = Object.hasOwn(secrets, name) ? secrets[name] : undefined;
        if (value === undefined) throw new NodeConfigError(`No credential named '${name}'`, { field: 'secret' });
        return value;
      },
    },
    fetch:
      options.fetch ??
      (async (input) => {
        throw new Error(`fake context: no fetch handler for ${String(input)}`);
      }),
    now: () => new Date(now.getTime()),
    resume: options.resume,
    logs,
  };
}

/** In-memory content-addressed store, keyed by sha256 like the real one. */
export function createMemoryMediaStore(): MediaStore {
  const stored = new Map<string, { ref: MediaRef; bytes: Uint8Array }>();
  return {
    async put(data, options: MediaPutOptions) {
      const bytes = await collect(data);
      const sha256 = await sha256Hex(bytes);
      const ref: MediaRef = {
        mediaId: `media_${sha256.slice(0, 24)}`,
        sha256,
        contentType: options.contentType,
        size: bytes.byteLength,
        ...(options.width === undefined ? {} : { width: options.width }),
        ...(options.height === undefined ? {} : { height: options.height }),
        ...(options.durationMs === undefined ? {} : { durationMs: options.durationMs }),
      };
      if (!stored.has(ref.mediaId)) stored.set(ref.mediaId, { ref, bytes });
      return stored.get(ref.mediaId)?.ref ?? ref;
    },
    async get(ref) {
      const entry = stored.get(ref.mediaId);
      if (entry === undefined) throw new Error(`media ${ref.mediaId} not found`);
      return entry.bytes;
    },
    async stat(ref) {
      return stored.get(ref.mediaId)?.ref ?? null;
    },
  };
}

/** Web Crypto rather than node:crypto, so this kit has no Node-only imports. */
async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new Uint8Array(bytes));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function collect(data: Uint8Array | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  if (data instanceof Uint8Array) return data;
  const chunks: Uint8Array[] = [];
  for await (const chunk of data as AsyncIterable<Uint8Array>) chunks.push(chunk);
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
