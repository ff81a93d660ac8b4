import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createWorkflow, createWorkspace } from '@conveyor/db/factories';
import { sha256Json } from '@conveyor/engine/server';
import { createApiToken } from '../../services/api-tokens/create-api-token.ts';
import { startRestHarness, threeNodeGraph, type RestHarness } from '../__tests__/rest-harness.ts';
import { problemType } from '../problem.ts';
import { sweepExpiredKeys } from '../../services/triggers/sweep-expired.ts';

// `Idempotency-Key` on POST /api/v1/workflows/{id}/runs, through the real HTTP server,
// engine and Postgres: a retried start makes one run, per workspace.
let h: RestHarness;
let token: string;

beforeAll(async () => {
  h = await startRestHarness();
  token = (await h.apiToken('editor', { name: 'ci' })).token;
});
afterAll(async () => h?.close());

function start(workflowId: string, body: string, o: { key?: string; token?: string; prefer?: string } = {}) {
  return fetch(`${h.url}/api/v1/workflows/${workflowId}/runs`, {
    method: 'POST',
    body,
    headers: {
      authorization: `Bearer ${o.token ?? token}`,
      'content-type': 'application/json',
      ...(o.key !== undefined ? { 'idempotency-key': o.key } : {}),
      ...(o.prefer ? { prefer: o.prefer } : {}),
    },
  });
}

const runCount = async (workflowId: string) =>
  (await h.t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM runs WHERE workflow_id = $1', [workflowId]))
    .rows[0]!.n;

describe('Idempotency-Key on start run', () => {
  it('answers a retry with the same key and body with the first run and Idempotent-Replayed', async () => {
    const { workflowId } = await h.publish();
    const body = JSON.stringify({ input: { claimId: 'C-IDEM-1' }, correlationKey: 'C-IDEM-1' });
    const first = await start(workflowId, body, { key: 'claim-C-IDEM-1' });
    expect(first.status).toBe(202);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const run = await first.json();

    const again = await start(workflowId, body, { key: 'claim-C-IDEM-1' });
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('location')).toBe(`/api/v1/runs/${run.id}`);
    expect((await again.json()).id).toBe(run.id);
    // Prefer: wait still applies to the replayed run.
    const waited = await start(workflowId, body, { key: 'claim-C-IDEM-1', prefer: 'wait=10' });
    expect(waited.status).toBe(200);
    expect(waited.headers.get('idempotent-replayed')).toBe('true');
    expect(await waited.json()).toMatchObject({ id: run.id, status: 'succeeded' });
    expect(await runCount(workflowId)).toBe(1);

    // Without a key every request is a new run.
    await start(workflowId, body);
    await start(workflowId, body);
    expect(await runCount(workflowId)).toBe(3);
  });

  it('makes one run from 5 concurrent requests with the same key', async () => {
    const { workflowId } = await h.publish();
    const body = JSON.stringify({ input: { claimId: 'C-RACE' } });
    const answers = await Promise.all(Array.from({ length: 5 }, () => start(workflowId, body, { key: 'race-1' })));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202]);
    const ids = new Set(await Promise.all(answers.map(async (a) => (await a.json()).id)));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(4);
    expect(await runCount(workflowId)).toBe(1);
  });

  it('refuses the same key with another body or on another workflow (422 naming the first run)', async () => {
    const { workflowId } = await h.publish();
    const first = await (await start(workflowId, '{"input":{"claimId":"C-A"}}', { key: 'reuse-1' })).json();
    const other = await start(workflowId, '{"input":{"claimId":"C-B"}}', { key: 'reuse-1' });
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toBe('application/problem+json');
    expect(await other.json()).toMatchObject({ type: problemType('idempotency-key-reused'), runId: first.id });
    // The hash is of the bytes sent: the same JSON spelled differently is another body.
    const respaced = await start(workflowId, '{ "input": { "claimId": "C-A" } }', { key: 'reuse-1' });
    expect(respaced.status).toBe(422);
    const elsewhere = await start((await h.publish()).workflowId, '{"input":{"claimId":"C-A"}}', { key: 'reuse-1' });
    expect(elsewhere.status).toBe(422);
    expect(await elsewhere.json()).toMatchObject({ type: problemType('idempotency-key-reused'), runId: first.id });
    expect(await runCount(workflowId)).toBe(1);
  });

  it('scopes keys to the workspace: another workspace’s token with the same key gets its own run', async () => {
    const mine = await h.publish();
    const ws = await createWorkspace(h.t.db);
    const owner = await createMember(h.t.db, ws.id, 'owner');
    const theirs = (
      await createApiToken({ db: h.t.db }, { workspaceId: ws.id, name: 'other', role: 'owner', createdById: owner.id })
    ).token;
    const wf = await createWorkflow(h.t.db, { workspaceId: ws.id, graph: threeNodeGraph });
    await h.t.db.prisma.workflowVersion.create({
      data: {
        workflowId: wf.id,
        version: 1,
        graph: threeNodeGraph,
        graphHash: `${sha256Json(threeNodeGraph)}-other`,
        published: true,
      },
    });
    const body = '{"input":{"claimId":"C-SHARED"}}';
    const a = await start(mine.workflowId, body, { key: 'shared-key' });
    const b = await start(wf.id, body, { key: 'shared-key', token: theirs });
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(b.headers.get('idempotent-replayed')).toBeNull();
    const [ra, rb] = [await a.json(), await b.json()];
    expect(ra.id).not.toBe(rb.id);
    // Each workspace's retry finds its own run.
    const bAgain = await start(wf.id, body, { key: 'shared-key', token: theirs });
    expect(bAgain.headers.get('idempotent-replayed')).toBe('true');
    expect((await bAgain.json()).id).toBe(rb.id);
  });

  it('refuses a malformed key with 400 before anything is written', async () => {
    const { workflowId } = await h.publish();
    for (const key of ['', 'has space', 'k'.repeat(256), 'caf\u00e9']) {
      const res = await start(workflowId, '{"input":{}}', { key });
      expect(res.status, JSON.stringify(key)).toBe(400);
      expect((await res.json()).type).toBe(problemType('idempotency-key-invalid'));
    }
    expect((await start(workflowId, '{"input":{}}', { key: 'k'.repeat(255) })).status).toBe(202);
    expect(await runCount(workflowId)).toBe(1);
  });

  it('lets a new run take over an expired key, and sweeps expired keys', async () => {
    const { workflowId } = await h.publish();
    const body = '{"input":{"claimId":"C-OLD"}}';
    const old = await (await start(workflowId, body, { key: 'expiring' })).json();
    await h.t.db.pool.query(
      `UPDATE api_idempotency_keys SET expires_at = now() - interval '1 second' WHERE workspace_id = $1 AND key = $2`,
      [h.workspaceId, 'expiring'],
    );
    const fresh = await start(workflowId, body, { key: 'expiring' });
    expect(fresh.status).toBe(202);
    expect(fresh.headers.get('idempotent-replayed')).toBeNull();
    const run = await fresh.json();
    expect(run.id).not.toBe(old.id);
    const { rows } = await h.t.db.pool.query<{ run_id: string; live: boolean }>(
      `SELECT run_id, expires_at > now() + interval '23 hours' AS live FROM api_idempotency_keys
        WHERE workspace_id = $1 AND key = $2`,
      [h.workspaceId, 'expiring'],
    );
    expect(rows).toEqual([{ run_id: run.id, live: true }]);
    expect((await (await start(workflowId, body, { key: 'expiring' })).json()).id).toBe(run.id);

    // The sweep removes expired rows only.
    await start(workflowId, body, { key: 'to-sweep' });
    await h.t.db.pool.query(
      `UPDATE api_idempotency_keys SET expires_at = now() - interval '1 second' WHERE workspace_id = $1 AND key = $2`,
      [h.workspaceId, 'to-sweep'],
    );
    await sweepExpiredKeys(h.t.db, 0, Date.now() + 120_000);
    const keys = await h.t.db.pool.query<{ key: string }>(
      'SELECT key FROM api_idempotency_keys WHERE workspace_id = $1 AND key IN ($2, $3)',
      [h.workspaceId, 'expiring', 'to-sweep'],
    );
    expect(keys.rows.map((r) => r.key)).toEqual(['expiring']);
  });

  it('documents the header, the replay header and the problems in the OpenAPI document', async () => {
    const doc = await (await fetch(`${h.url}/api/v1/openapi.json`)).json();
    const op = doc.paths['/api/v1/workflows/{workflowId}/runs'].post;
    const headers = op.parameters.filter((p: { in: string }) => p.in === 'header').map((p: { name: string }) => p.name);
    expect(headers).toEqual(expect.arrayContaining(['idempotency-key', 'prefer']));
    expect(Object.keys(op.responses['202'].headers)).toEqual(
      expect.arrayContaining(['location', 'idempotent-replayed']),
    );
    expect(op.responses['400'].description).toContain('idempotency-key-invalid');
    expect(op.responses['422'].description).toContain('idempotency-key-reused');
  });
});
