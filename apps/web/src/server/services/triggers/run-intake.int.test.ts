import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '@conveyor/db';
import { startRestHarness, type RestHarness } from '../../rest/__tests__/rest-harness.ts';
import { problemType } from '../../rest/problem.ts';
import { loadWebhookTrigger } from './load-webhook-trigger.ts';
import { submitRunIntake, type IntakeRequest } from './run-intake.ts';

// The webhook intake's group commit (run-intake.ts) under concurrency, through the real
// HTTP handler and a real runner: requests that arrive together share a transaction, and
// each still gets its own answer (its run, its key's earlier run, a 422, a replay refusal).
let h: RestHarness;
beforeAll(async () => {
  h = await startRestHarness();
});
afterAll(async () => h?.close());

type Hook = { id: string; secret: string; url: string };
async function newHook(): Promise<Hook> {
  const wf = await h.publish();
  return h.trigger(wf.workflowId);
}

function post(hook: Hook, body: string, headers: Record<string, string> = {}) {
  return fetch(hook.url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'conveyor-signature': h.sign(hook.secret, body), ...headers },
  });
}

async function answer(res: Response) {
  return { status: res.status, replayed: res.headers.get('idempotent-replayed'), body: await res.json() };
}

async function runsOf(hook: Hook): Promise<string[]> {
  const { rows } = await h.t.db.pool.query<{ id: string }>('SELECT id FROM runs WHERE trigger_id = $1', [hook.id]);
  return rows.map((r) => r.id);
}

describe('webhook intake group commit', () => {
  it('answers 40 concurrent requests with 40 runs, written in fewer transactions than requests', async () => {
    const hook = await newHook();
    const bodies = Array.from({ length: 40 }, (_, i) => JSON.stringify({ claimId: `G-${i}` }));
    const answers = await Promise.all(bodies.map(async (body) => answer(await post(hook, body))));
    expect(answers.map((a) => a.status)).toEqual(Array(40).fill(202));
    const ids = answers.map((a) => a.body.runId as string);
    expect(new Set(ids).size).toBe(40);

    // Each answer is the run of its own body.
    const { rows } = await h.t.db.pool.query<{ id: string; input: { claimId: string } }>(
      'SELECT id, input FROM runs WHERE id = ANY($1::uuid[])',
      [ids],
    );
    const inputOf = new Map(rows.map((r) => [r.id, r.input.claimId]));
    ids.forEach((id, i) => expect(inputOf.get(id)).toBe(`G-${i}`));

    // Rows written by one transaction share its xmin. The runs rows themselves are
    // rewritten by the runner (queued → running → succeeded), so count the intake's rows
    // that are never updated: the run.created events, and the replay-guard rows.
    const created = await h.t.db.pool.query<{ n: number; events: number }>(
      `SELECT count(DISTINCT xmin::text)::int AS n, count(*)::int AS events FROM audit_events
        WHERE run_id = ANY($1::uuid[]) AND action = 'run.created'`,
      [ids],
    );
    expect(created.rows[0]!.events).toBe(40);
    expect(created.rows[0]!.n).toBeLessThan(40);
    const guards = await h.t.db.pool.query<{ n: number; rows: number }>(
      'SELECT count(DISTINCT xmin::text)::int AS n, count(*)::int AS rows FROM seen_signatures WHERE trigger_id = $1',
      [hook.id],
    );
    expect(guards.rows[0]).toEqual({ n: created.rows[0]!.n, rows: 40 });

    // And the runner's activator starts every queued run and finishes it.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const done = await h.t.db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM runs WHERE id = ANY($1::uuid[]) AND status = 'succeeded'`,
        [ids],
      );
      if (done.rows[0]!.n === 40) break;
      if (Date.now() > deadline) throw new Error(`${done.rows[0]!.n} of 40 runs succeeded`);
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  it('concurrent twins with one Idempotency-Key and body make one run; all get it, four as replays', async () => {
    const hook = await newHook();
    const body = JSON.stringify({ claimId: 'T-1' });
    const answers = await Promise.all(
      Array.from({ length: 5 }, async () => answer(await post(hook, body, { 'idempotency-key': 'twin-key' }))),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(5).fill(202));
    const runIds = new Set(answers.map((a) => a.body.runId));
    expect(runIds.size).toBe(1);
    expect(answers.filter((a) => a.replayed === 'true')).toHaveLength(4);
    expect(await runsOf(hook)).toEqual([...runIds]);
  });

  it('one Idempotency-Key with two bodies at once: one body wins, the other gets 422 naming its run', async () => {
    const hook = await newHook();
    const bodies = [JSON.stringify({ claimId: 'K-a' }), JSON.stringify({ claimId: 'K-b' })];
    const sent = [0, 1, 0, 1, 0, 1];
    const answers = await Promise.all(
      sent.map(async (b) => answer(await post(hook, bodies[b]!, { 'idempotency-key': 'contested' }))),
    );
    const runs = await runsOf(hook);
    expect(runs).toHaveLength(1);
    const won = sent[answers.findIndex((a) => a.status === 202)]!;
    for (const [i, a] of answers.entries()) {
      if (sent[i] === won) {
        expect(a.status).toBe(202);
        expect(a.body.runId).toBe(runs[0]);
      } else {
        expect(a.status).toBe(422);
        expect(a.body).toMatchObject({ type: problemType('idempotency-key-reused'), runId: runs[0] });
      }
    }
    expect(answers.filter((a) => a.status === 202 && a.replayed === 'true')).toHaveLength(2);
  });

  it('the same signed bytes sent three times at once make one run; the others are refused as replays', async () => {
    const hook = await newHook();
    const body = JSON.stringify({ claimId: 'R-1' });
    const headers = { 'content-type': 'application/json', 'conveyor-signature': h.sign(hook.secret, body) };
    const answers = await Promise.all(
      Array.from({ length: 3 }, async () => answer(await fetch(hook.url, { method: 'POST', body, headers }))),
    );
    const accepted = answers.filter((a) => a.status === 202);
    expect(accepted).toHaveLength(1);
    const refused = answers.filter((a) => a.status !== 202);
    expect(refused.map((a) => [a.status, a.body.type])).toEqual([
      [401, problemType('signature-replayed')],
      [401, problemType('signature-replayed')],
    ]);
    expect(await runsOf(hook)).toEqual([accepted[0]!.body.runId]);
  });

  it('a request that cannot be written fails alone; the rest of its group gets runs', async () => {
    const hook = await newHook();
    const trigger = await loadWebhookTrigger(h.t.db, hook.id);
    const request = (claimId: string, over: Partial<IntakeRequest['trigger']> = {}): IntakeRequest => {
      const bodyHash = createHash('sha256').update(claimId).digest('hex');
      return {
        trigger: { ...trigger, ...over },
        input: { claimId },
        signature: `${Math.floor(Date.now() / 1000)}:${bodyHash}`,
        idempotencyKey: `key-${claimId}`,
        bodyHash,
        guardTtlSec: 600,
      };
    };
    // Submitted in one tick, so they queue for the same transaction. One pins a version
    // that does not exist; one names a workflow that does not exist (a foreign-key failure
    // in the insert itself, which aborts the transaction).
    const results = await Promise.allSettled([
      submitRunIntake(h.t.db, request('B-1')),
      submitRunIntake(h.t.db, request('B-bad-version', { versionId: randomUUID() })),
      submitRunIntake(h.t.db, request('B-2')),
      submitRunIntake(h.t.db, request('B-bad-workflow', { workflowId: randomUUID() })),
      submitRunIntake(h.t.db, request('B-3')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    const ids = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.runId] : []));
    expect(results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.replayed] : []))).toEqual([false, false, false]);
    expect((await runsOf(hook)).sort()).toEqual([...ids].sort());

    // The failed requests left nothing behind: no key, no replay guard.
    const keys = await h.t.db.pool.query<{ key: string; run_id: string }>(
      'SELECT key, run_id FROM idempotency_keys WHERE trigger_id = $1 ORDER BY key',
      [hook.id],
    );
    expect(keys.rows).toEqual([
      { key: 'key-B-1', run_id: ids[0] },
      { key: 'key-B-2', run_id: ids[1] },
      { key: 'key-B-3', run_id: ids[2] },
    ]);
    const guards = await h.t.db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM seen_signatures WHERE trigger_id = $1',
      [hook.id],
    );
    expect(guards.rows[0]!.n).toBe(3);
  });

  it('two processes given the same requests in opposite orders make one run per request', async () => {
    const hook = await newHook();
    const trigger = await loadWebhookTrigger(h.t.db, hook.id);
    // A second pool is a second intake (one per db handle), as in another web process.
    const otherProcess = createDb({ url: h.t.url, max: 2 });
    try {
      const at = Math.floor(Date.now() / 1000);
      const request = (claimId: string, keyed: boolean): IntakeRequest => {
        const bodyHash = createHash('sha256').update(claimId).digest('hex');
        return {
          trigger,
          input: { claimId },
          signature: `${at}:${bodyHash}`,
          idempotencyKey: keyed ? `key-${claimId}` : null,
          bodyHash,
          guardTtlSec: 600,
        };
      };
      const keyed = Array.from({ length: 10 }, (_, i) => request(`X-k${i}`, true));
      const bare = Array.from({ length: 10 }, (_, i) => request(`X-s${i}`, false));
      const [here, there] = await Promise.all([
        Promise.allSettled([...keyed, ...bare].map((r) => submitRunIntake(h.t.db, r))),
        Promise.allSettled([...keyed, ...bare].reverse().map((r) => submitRunIntake(otherProcess, r))),
      ]);
      there.reverse();
      const runs = await runsOf(hook);
      expect(runs).toHaveLength(20);
      for (let i = 0; i < 20; i++) {
        const pair = [here[i]!, there[i]!];
        if (i < 10) {
          // Same key, same body: both get the one run, one of them as a replay.
          const values = pair.map((r) => (r.status === 'fulfilled' ? r.value : undefined));
          expect(values[0]?.runId).toBeDefined();
          expect(values[1]?.runId).toBe(values[0]?.runId);
          expect(values.map((v) => v?.replayed).sort()).toEqual([false, true]);
        } else {
          // No key: the replay guard lets exactly one through.
          expect(pair.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
          const refused = pair.find((r) => r.status === 'rejected') as PromiseRejectedResult;
          expect(refused.reason).toMatchObject({ slug: 'signature-replayed' });
        }
      }
    } finally {
      await otherProcess.close();
    }
  });
});
