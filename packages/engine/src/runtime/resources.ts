import type { PgBoss } from 'pg-boss';
import type { Db, SqlClient } from '@conveyor/db';
import type { GuardedFetch, InferFn, MediaStore, NodeExecutor, SecretStore } from '@conveyor/nodes/server';
import type { Logger } from 'pino';

/**
 * The bag every runtime module takes (trigger.dev's style): no module reaches for globals,
 * so tests wire real Postgres and pg-boss with their own clock, executors and media.
 */
export interface EngineResources {
  db: Db;
  boss: PgBoss;
  logger: Logger;
  /** `type@version` → executor. */
  executors: Map<string, NodeExecutor>;
  /** Media store scoped to a workspace (rows in media_objects + bytes in the store). */
  media(workspaceId: string): MediaStore;
  /** Inference bound to a workspace (pools read the request's media from it). */
  infer(workspaceId: string): InferFn;
  secrets(workspaceId: string): SecretStore;
  fetch: GuardedFetch;
  now(): Date;
  limits: { maxOutputBytes: number };
  /** Wakes this process's step worker right after a commit that enqueued work. */
  wake(): void;
  /** Whether this process runs step loops (a runner) — else its jobs are announced by NOTIFY. */
  hasStepWorkers(): boolean;
  /** Wakes it when a delayed job (retry backoff, timer) falls due, finer than the poll. */
  wakeAt(when: Date): void;
  /**
   * Fills free concurrency slots of a workflow (activate-run.ts). A hook rather than an
   * import: finishing a run promotes queued runs, whose activation may finish steps —
   * the modules recurse into each other, and the bag breaks the import cycle.
   */
  promoteQueuedRuns(client: SqlClient, workflowId: string): Promise<number>;
}
