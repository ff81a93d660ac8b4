import type { MediaRef, ModelRef } from './port-values.ts';

/**
 * What an executor may touch. The engine implements these; executors never reach the
 * database or the queue themselves, which keeps them testable with a fake context and
 * keeps every side effect behind an interface the engine can guard (SSRF, size limits,
 * idempotency).
 */

export interface MediaPutOptions {
  contentType: string;
  /** Original file name, kept for reviewers; never used as a storage key. */
  filename?: string;
  width?: number;
  height?: number;
  durationMs?: number;
}

/** Content-addressed store: bytes go in once, references travel between steps. */
export interface MediaStore {
  /** Stores bytes and returns their reference; storing the same bytes twice is a no-op. */
  put(
    data: Uint8Array | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
    options: MediaPutOptions,
  ): Promise<MediaRef>;
  /** The bytes behind a reference. Throws when the media is gone. */
  get(ref: MediaRef): Promise<Uint8Array>;
  /** The stored metadata, or null when nothing is stored under the reference. */
  stat(ref: MediaRef): Promise<MediaRef | null>;
}

export interface InferRequest {
  /** Registry model name, e.g. `coco-detector`. */
  model: string;
  /** Exact semver to pin; the registry's current version when omitted. */
  version?: string;
  /** Model inputs: media references and parameters, never raw bytes. */
  inputs: Record<string, unknown>;
  /** Higher runs first within the model's pool queue. */
  priority?: number;
}

export interface InferResult<TOutputs = unknown> {
  /** The model that actually ran, recorded with every result for audit and drift. */
  model: ModelRef;
  outputs: TOutputs;
}

export type InferFn = <TOutputs = unknown>(request: InferRequest) => Promise<InferResult<TOutputs>>;

export interface SecretStore {
  /** The decrypted secret; throws NodeConfigError when no credential has that name. */
  get(name: string): Promise<string>;
}

export type LogFields = Record<string, unknown>;

/** Structured logger; the engine binds run, step and node ids to every line. */
export interface NodeLogger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/**
 * `fetch` as supplied by the engine: refuses private, loopback and link-local targets
 * (unless allow-listed) and honours the step's abort signal. Executors must use it
 * instead of the global fetch.
 */
export type GuardedFetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** Why a suspended step was started again. */
export interface ResumeInfo {
  kind: 'timer' | 'task' | 'evidence';
  /** What resumed it: a task decision, the submitted evidence; absent for timers. */
  payload?: unknown;
  /** ISO timestamp of the resume. */
  resumedAt: string;
  /** True when the wait ended because its `resumeAt` deadline passed (SLA, timeout). */
  timedOut: boolean;
}

export interface NodeContext<TConfig = unknown, TInputs = Record<string, unknown>> {
  /** The node's config, already parsed (defaults applied) by its zod schema. */
  readonly config: TConfig;
  readonly inputs: TInputs;
  readonly runId: string;
  readonly stepId: string;
  readonly nodeId: string;
  /** 1 on the first try; the engine increments it on each retry. */
  readonly attempt: number;
  /**
   * Stable across retries and resumes of this node in this run (derived from run and
   * node), so anything sent outside (webhooks, inference) can be deduplicated.
   */
  readonly idempotencyKey: string;
  readonly logger: NodeLogger;
  /** Aborted on cancel (AbortError) or per-node timeout (TimeoutError). */
  readonly signal: AbortSignal;
  readonly media: MediaStore;
  readonly infer: InferFn;
  readonly secrets: SecretStore;
  readonly fetch: GuardedFetch;
  /** The engine's clock; injected so timers and tests agree on "now". */
  now(): Date;
  /** Set when the step resumes after `suspend(...)`; undefined on a first execution. */
  readonly resume: ResumeInfo | undefined;
}

/** The idempotency key for (run, node). One definition, shared by engine and tests. */
export function idempotencyKeyFor(runId: string, nodeId: string): string {
  return `${runId}:${nodeId}`;
}
