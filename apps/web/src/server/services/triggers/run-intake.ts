import { withTransaction, type Db, type SqlClient } from '@conveyor/db';
import { acceptQueuedRuns } from '@conveyor/engine/server';
import { problem } from '../../rest/problem.ts';
import { IDEMPOTENCY_TTL_SEC } from '../../rest/v1/idempotent-start.ts';
import type { WebhookTrigger } from './load-webhook-trigger.ts';

export interface IntakeRequest {
  trigger: WebhookTrigger;
  input: Record<string, unknown>;
  /** `<signed time>:<body sha256>`, the replay guard's key. */
  signature: string;
  idempotencyKey: string | null;
  bodyHash: string;
  /** Seconds a replay-guard row is kept (twice the signature tolerance). */
  guardTtlSec: number;
}

/** The run this request made, or the earlier run its Idempotency-Key already made. */
export type IntakeResult = { runId: string; replayed: boolean };

/** Requests one transaction takes at most. */
const MAX_BATCH = 256;
/** Transactions in flight at once per process: one commits while the next fills. */
const MAX_IN_FLIGHT = 2;

interface Pending extends IntakeRequest {
  resolve: (result: IntakeResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for webhook intake: every signed JSON request that reaches this point waits
 * for the next transaction, which writes the whole group — replay guards, idempotency keys
 * and `queued` runs (acceptQueuedRuns) — in five statements, however many there are. Under
 * light load a request is alone in its transaction and waits for nobody; under a burst
 * the group grows, so the database does a few large writes and one WAL flush where it
 * would do hundreds of small ones. Each request still gets its own answer: its run, its
 * earlier run (same key, same body), a 422 (same key, other body) or a replay refusal.
 * Requests that would collide inside one group (same key or same signature) wait for the
 * next one, so the group's statements never meet themselves.
 */
export function submitRunIntake(db: Pick<Db, 'pool'>, request: IntakeRequest): Promise<IntakeResult> {
  let intake = intakes.get(db);
  if (!intake) intakes.set(db, (intake = createIntake(db)));
  return intake(request);
}

const intakes = new WeakMap<Pick<Db, 'pool'>, (request: IntakeRequest) => Promise<IntakeResult>>();

function createIntake(db: Pick<Db, 'pool'>) {
  let queue: Pending[] = [];
  let inFlight = 0;
  let scheduled = false;

  const take = (): Pending[] => {
    const group: Pending[] = [];
    const rest: Pending[] = [];
    const keys = new Set<string>();
    for (const p of queue) {
      const sig = `s:${p.trigger.id}:${p.signature}`;
      const key = p.idempotencyKey ? `k:${p.trigger.id}:${p.idempotencyKey}` : undefined;
      if (group.length >= MAX_BATCH || keys.has(sig) || (key && keys.has(key))) {
        rest.push(p);
        continue;
      }
      keys.add(sig);
      if (key) keys.add(key);
      group.push(p);
    }
    queue = rest;
    return group;
  };

  const pump = () => {
    scheduled = false;
    while (inFlight < MAX_IN_FLIGHT && queue.length) {
      const group = take();
      inFlight++;
      void answerGroup(db, group).finally(() => {
        inFlight--;
        schedule();
      });
    }
  };
  // One event-loop turn lets the requests that arrived together share a transaction.
  const schedule = () => {
    if (!scheduled && queue.length && inFlight < MAX_IN_FLIGHT) {
      scheduled = true;
      setImmediate(pump);
    }
  };

  return (request: IntakeRequest) =>
    new Promise<IntakeResult>((resolve, reject) => {
      queue.push({ ...request, resolve, reject });
      schedule();
    });
}

type Outcome = IntakeResult | { error: unknown };

/**
 * Writes a group and answers each request. One bad request (its trigger deleted a moment
 * ago, say) must not fail the others: a failed group is written again one request at a time.
 */
async function answerGroup(db: Pick<Db, 'pool'>, group: Pending[]): Promise<void> {
  try {
    const outcomes = await writeGroup(db, group);
    group.forEach((p, i) => settle(p, outcomes[i]!));
  } catch (error) {
    if (group.length === 1) return group[0]!.reject(error);
    await Promise.all(group.map((p) => answerGroup(db, [p])));
  }
}

function settle(p: Pending, outcome: Outcome) {
  if ('error' in outcome) p.reject(outcome.error);
  else p.resolve(outcome);
}

async function writeGroup(db: Pick<Db, 'pool'>, group: Pending[]): Promise<Outcome[]> {
  return withTransaction(db, async (client) => {
    const outcomes: (Outcome | undefined)[] = new Array(group.length);
    // 1. Live idempotency keys: a retry gets its run back (before the replay guard, so even
    //    a verbatim re-send does). Same-key requests of other processes are serialised by
    //    an advisory lock per key, taken in one order so two groups never deadlock.
    const keyed = group.flatMap((p, i) => (p.idempotencyKey ? [i] : []));
    if (keyed.length) {
      const existing = await lockAndReadKeys(
        client,
        keyed.map((i) => group[i]!),
      );
      for (const i of keyed) {
        const p = group[i]!;
        const row = existing.get(`${p.trigger.id}:${p.idempotencyKey}`);
        if (!row) continue;
        outcomes[i] =
          row.body_hash === p.bodyHash
            ? { runId: row.run_id, replayed: true }
            : {
                error: problem(
                  'idempotency-key-reused',
                  'This Idempotency-Key was already used with a different body',
                  {
                    extensions: { runId: row.run_id },
                  },
                ),
              };
      }
    }
    // 2. The replay guard: a signature seen before (in this group's window or earlier) is refused.
    // Rows in signature order: two groups in two processes then take the guard's index
    // entries in the same order and cannot deadlock each other.
    const open = group
      .flatMap((p, i) => (outcomes[i] ? [] : [i]))
      .sort((a, b) => {
        const x = `${group[a]!.trigger.id}:${group[a]!.signature}`;
        const y = `${group[b]!.trigger.id}:${group[b]!.signature}`;
        return x < y ? -1 : x > y ? 1 : 0;
      });
    const guarded = await client.query<{ trigger_id: string; signature: string }>(
      `INSERT INTO seen_signatures (trigger_id, signature, expires_at)
       SELECT u.trigger_id, u.signature, now() + make_interval(secs => u.ttl)
         FROM unnest($1::uuid[], $2::text[], $3::int[]) AS u(trigger_id, signature, ttl)
       ON CONFLICT DO NOTHING
       RETURNING trigger_id, signature`,
      [
        open.map((i) => group[i]!.trigger.id),
        open.map((i) => group[i]!.signature),
        open.map((i) => group[i]!.guardTtlSec),
      ],
    );
    const fresh = new Set(guarded.rows.map((row) => `${row.trigger_id}:${row.signature}`));
    const accepted = open.filter((i) => fresh.has(`${group[i]!.trigger.id}:${group[i]!.signature}`));
    const acceptedSet = new Set(accepted);
    for (const i of open) if (!acceptedSet.has(i)) outcomes[i] = { error: replayedProblem() };

    // 3. The runs, queued for the runner's activator, and the keys that point at them.
    const runIds = await acceptQueuedRuns(
      client,
      accepted.map((i) => {
        const { trigger, input } = group[i]!;
        return {
          workspaceId: trigger.workspaceId,
          workflowId: trigger.workflowId,
          workflowVersionId: trigger.versionId!,
          input,
          triggerKind: 'webhook' as const,
          triggerId: trigger.id,
        };
      }),
    );
    accepted.forEach((i, k) => (outcomes[i] = { runId: runIds[k]!, replayed: false }));
    const newKeys = accepted.filter((i) => group[i]!.idempotencyKey);
    if (newKeys.length) {
      // No live row exists (checked under the key's lock); an expired one is taken over.
      await client.query(
        `INSERT INTO idempotency_keys (trigger_id, key, body_hash, run_id, expires_at)
         SELECT u.trigger_id, u.key, u.body_hash, u.run_id, now() + make_interval(secs => $5)
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[]) AS u(trigger_id, key, body_hash, run_id)
         ON CONFLICT (trigger_id, key) DO UPDATE
           SET body_hash = EXCLUDED.body_hash, run_id = EXCLUDED.run_id, created_at = now(), expires_at = EXCLUDED.expires_at`,
        [
          newKeys.map((i) => group[i]!.trigger.id),
          newKeys.map((i) => group[i]!.idempotencyKey),
          newKeys.map((i) => group[i]!.bodyHash),
          newKeys.map((i) => (outcomes[i] as IntakeResult).runId),
          IDEMPOTENCY_TTL_SEC,
        ],
      );
    }
    return outcomes as Outcome[];
  });
}

async function lockAndReadKeys(client: SqlClient, keyed: Pending[]) {
  const triggers = keyed.map((p) => p.trigger.id);
  const keys = keyed.map((p) => p.idempotencyKey!);
  await client.query(
    `SELECT pg_advisory_xact_lock(h) FROM (
       SELECT DISTINCT hashtextextended(t::text || ':' || k, 0) AS h FROM unnest($1::uuid[], $2::text[]) AS u(t, k)
        ORDER BY h OFFSET 0) l`,
    [triggers, keys],
  );
  const { rows } = await client.query<{ trigger_id: string; key: string; body_hash: string; run_id: string }>(
    `SELECT i.trigger_id, i.key, i.body_hash, i.run_id FROM idempotency_keys i
       JOIN unnest($1::uuid[], $2::text[]) AS u(t, k) ON i.trigger_id = u.t AND i.key = u.k
      WHERE i.expires_at > now()`,
    [triggers, keys],
  );
  return new Map(rows.map((row) => [`${row.trigger_id}:${row.key}`, row]));
}

export const replayedProblem = () =>
  problem('signature-replayed', 'This exact signed request was already accepted; sign each new request afresh');
