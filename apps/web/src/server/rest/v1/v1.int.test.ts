import { existsSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createWorkspace } from '@conveyor/db/factories';
import type { Role } from '@conveyor/db';
import { createApiToken } from '../../services/api-tokens/create-api-token.ts';
import { revokeApiToken } from '../../services/api-tokens/revoke-api-token.ts';
import { startRestHarness, type RestHarness } from '../__tests__/rest-harness.ts';
import { problemType } from '../problem.ts';
import { v1Routes } from './routes.ts';

let h: RestHarness;
const tokens: Partial<Record<Role, string>> = {};
let workflowId: string;
let reviewWorkflowId: string;

beforeAll(async () => {
  h = await startRestHarness();
  for (const role of ['owner', 'editor', 'reviewer', 'viewer'] as Role[]) tokens[role] = (await h.apiToken(role)).token;
  workflowId = (await h.publish()).workflowId;
  reviewWorkflowId = (
    await h.publish({
      nodes: [
        { id: 'in', type: 'rest-echo', typeVersion: 1, config: {} },
        { id: 'review', type: 'rest-review', typeVersion: 1, config: {} },
      ],
      edges: [{ from: { node: 'in', port: 'out' }, to: { node: 'review', port: 'in' } }],
    })
  ).workflowId;
});
afterAll(async () => h?.close());

function api(p: string, init: RequestInit & { role?: Role; token?: string } = {}) {
  const token = init.token ?? tokens[init.role ?? 'owner'];
  return fetch(`${h.url}/api/v1${p}`, {
    ...init,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    },
  });
}

async function startRun(wf: string, input: unknown, prefer?: string) {
  return api(`/workflows/${wf}/runs`, {
    method: 'POST',
    body: JSON.stringify({ input }),
    headers: prefer ? { prefer } : {},
  });
}

describe('authentication and roles', () => {
  it('refuses a missing, malformed, unknown or revoked token with 401 problems', async () => {
    const missing = await api('/runs', { token: '' });
    expect(missing.status).toBe(401);
    expect((await missing.json()).type).toBe(problemType('token-missing'));
    expect((await api('/runs', { token: 'not-a-token' })).status).toBe(401);
    const unknown = await api('/runs', { token: `cvy_${'A'.repeat(43)}` });
    expect((await unknown.json()).type).toBe(problemType('token-invalid'));

    const member = await createMember(h.t.db, h.workspaceId, 'admin');
    const { token, apiToken } = await createApiToken(
      { db: h.t.db },
      { workspaceId: h.workspaceId, name: 'short-lived', role: 'admin', createdById: member.id },
    );
    expect((await api('/runs', { token })).status).toBe(200);
    const used = await h.t.db.prisma.apiToken.findUniqueOrThrow({ where: { id: apiToken.id } });
    expect(used.lastUsedAt).not.toBeNull();
    expect(used.tokenHash).not.toContain(token);
    await revokeApiToken({ db: h.t.db }, { workspaceId: h.workspaceId, tokenId: apiToken.id });
    expect((await api('/runs', { token })).status).toBe(401);
  });

  it('checks the token role: a viewer reads but cannot start or cancel runs', async () => {
    expect((await api('/workflows', { role: 'viewer' })).status).toBe(200);
    const start = await api(`/workflows/${workflowId}/runs`, { role: 'viewer', method: 'POST', body: '{"input":{}}' });
    expect(start.status).toBe(403);
    expect((await start.json()).type).toBe(problemType('forbidden'));
  });

  it('scopes everything to the token’s workspace: another workspace’s run is 404', async () => {
    const other = await createWorkspace(h.t.db);
    const user = await createMember(h.t.db, other.id, 'owner');
    const { token } = await createApiToken(
      { db: h.t.db },
      { workspaceId: other.id, name: 'x', role: 'owner', createdById: user.id },
    );
    const run = await (await startRun(workflowId, { claimId: 'MINE' })).json();
    const res = await api(`/runs/${run.id}`, { token });
    expect(res.status).toBe(404);
    expect((await api(`/runs/${run.id}/cancel`, { token, method: 'POST' })).status).toBe(404);
    expect((await api(`/workflows/${workflowId}/runs`, { token, method: 'POST', body: '{"input":{}}' })).status).toBe(
      404,
    );
  });
});

describe('runs', () => {
  it('starts a run (202 + Location), waits with Prefer: wait, and reads it back', async () => {
    const accepted = await startRun(workflowId, { claimId: 'C-1' });
    expect(accepted.status).toBe(202);
    const run = await accepted.json();
    expect(accepted.headers.get('location')).toBe(`/api/v1/runs/${run.id}`);
    expect(run).toMatchObject({ triggerKind: 'api', workflowId });

    const waited = await startRun(workflowId, { claimId: 'C-2' }, 'wait=10');
    expect(waited.status).toBe(200);
    const done = await waited.json();
    expect(done).toMatchObject({
      status: 'succeeded',
      output: { b: { out: { claimId: 'C-2', checked: true, routed: true } } },
    });
    expect(done.steps.map((s: { status: string }) => s.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);

    const got = await api(`/runs/${done.id}`, { role: 'viewer' });
    expect(got.status).toBe(200);
    expect(await got.json()).toMatchObject({
      id: done.id,
      status: 'succeeded',
      input: { claimId: 'C-2' },
      deliveries: [],
    });
  });

  it('lists runs newest first with filters and a cursor that walks every page once', async () => {
    const wf = (await h.publish()).workflowId;
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await (await startRun(wf, { i })).json()).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: Response = await api(`/runs?workflowId=${wf}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      const page = (await res.json()) as { data: { id: string }[]; nextCursor: string | null };
      seen.push(...page.data.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    const filtered = await (await api(`/runs?workflowId=${wf}&status=canceled`)).json();
    expect(filtered.data).toEqual([]);
    const bad = await api('/runs?status=bogus');
    expect(bad.status).toBe(422);
    expect((await bad.json()).type).toBe(problemType('validation-failed'));
    const badCursor = await api('/runs?cursor=not-a-cursor');
    expect((await badCursor.json()).type).toBe(problemType('invalid-cursor'));
  });

  it('cancels a waiting run once; a second cancel is 409', async () => {
    const run = await (await startRun(reviewWorkflowId, { claimId: 'C-CANCEL' })).json();
    await expect
      .poll(async () => (await (await api(`/runs/${run.id}`)).json()).status, { timeout: 10_000 })
      .toBe('waiting');
    const canceled = await api(`/runs/${run.id}/cancel`, { role: 'editor', method: 'POST' });
    expect(canceled.status).toBe(200);
    expect((await canceled.json()).status).toBe('canceled');
    const again = await api(`/runs/${run.id}/cancel`, { method: 'POST' });
    expect(again.status).toBe(409);
    expect((await again.json()).type).toBe(problemType('conflict'));
  });
});

describe('tasks', () => {
  it('lists, reads and decides a task; the run resumes exactly once under concurrent decisions', async () => {
    const run = await (await startRun(reviewWorkflowId, { claimId: 'C-TASK' })).json();
    let taskId: string | undefined;
    await expect
      .poll(
        async () => {
          const page = await (await api(`/tasks?workflowId=${reviewWorkflowId}`, { role: 'reviewer' })).json();
          taskId = page.data.find((t: { runId: string }) => t.runId === run.id)?.id;
          return !!taskId;
        },
        { timeout: 10_000 },
      )
      .toBe(true);
    const task = await api(`/tasks/${taskId}`, { role: 'viewer' });
    expect(task.status).toBe(200);
    expect(await task.json()).toMatchObject({ id: taskId, status: 'open' });

    const decide = () =>
      api(`/tasks/${taskId}/decision`, {
        role: 'reviewer',
        method: 'POST',
        body: JSON.stringify({ action: 'approve' }),
      });
    const answers = await Promise.all([decide(), decide(), decide()]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    const done = await (await api(`/runs/${run.id}`)).json();
    await expect
      .poll(async () => (await (await api(`/runs/${run.id}`)).json()).status, { timeout: 10_000 })
      .toBe('succeeded');
    expect(done.id).toBe(run.id);
    const decisions = await h.t.db.prisma.decision.findMany({ where: { taskId } });
    expect(decisions).toHaveLength(1);
    const audit = await h.t.db.pool.query(
      `SELECT 1 FROM steps WHERE run_id = $1 AND node_id = 'review' AND status = 'succeeded'`,
      [run.id],
    );
    expect(audit.rowCount).toBe(1);
  });

  it('refuses a decision from a viewer token (403) and a bad body (422)', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const viewer = await api(`/tasks/${id}/decision`, { role: 'viewer', method: 'POST', body: '{"action":"approve"}' });
    expect(viewer.status).toBe(403);
    const bad = await api(`/tasks/${id}/decision`, { role: 'reviewer', method: 'POST', body: '{"action":"maybe"}' });
    expect(bad.status).toBe(422);
    const badJson = await api(`/tasks/${id}/decision`, { role: 'reviewer', method: 'POST', body: '{"action":' });
    expect((await badJson.json()).type).toBe(problemType('malformed-json'));
  });
});

describe('media', () => {
  it('serves media of the token’s workspace with its sniffed type, and 404 for another workspace', async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
      'base64',
    );
    const stored = await h.ctx.store.put(png, { maxBytes: 1000 });
    const row = await h.t.db.prisma.mediaObject.create({
      data: {
        workspaceId: h.workspaceId,
        sha256: stored.sha256,
        size: stored.size,
        contentType: 'image/png',
        storageKey: stored.storageKey,
      },
    });
    const res = await api(`/media/${row.id}`, { role: 'viewer' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(png);
    const other = await createWorkspace(h.t.db);
    const user = await createMember(h.t.db, other.id, 'owner');
    const { token } = await createApiToken(
      { db: h.t.db },
      { workspaceId: other.id, name: 'x', role: 'owner', createdById: user.id },
    );
    expect((await api(`/media/${row.id}`, { token })).status).toBe(404);
  });
});

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 and documents exactly the routes the server handles', async () => {
    const res = await fetch(`${h.url}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
    const served = [...v1Routes.map((r) => `${r.method} /api/v1${r.path}`), 'post /api/hooks/{triggerId}'];
    expect(documented.sort()).toEqual(served.sort());
    // The Next route files that serve them exist.
    const app = path.resolve(import.meta.dirname, '../../../app/api');
    expect(existsSync(path.join(app, 'v1/[...path]/route.ts'))).toBe(true);
    expect(existsSync(path.join(app, 'hooks/[triggerId]/route.ts'))).toBe(true);
  });

  it('every documented operation answers from its own handler, and its example request validates', async () => {
    const doc = (await (await fetch(`${h.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { operationId: string; requestBody?: unknown }>>;
    };
    for (const route of v1Routes) {
      const op = doc.paths[`/api/v1${route.path}`]?.[route.method];
      expect(op?.operationId, route.operationId).toBe(route.operationId);
      expect(!!op?.requestBody, `${route.operationId} documents its body`).toBe(!!route.body);
      // The example is valid for the very schemas the handler validates with…
      if (route.params)
        expect(route.params.safeParse(route.example?.params ?? {}).success, route.operationId).toBe(true);
      if (route.query) expect(route.query.safeParse(route.example?.query ?? {}).success, route.operationId).toBe(true);
      if (route.body) expect(route.body.safeParse(route.example?.body).success, route.operationId).toBe(true);
      // …and the server routes it to this operation and accepts it (no 404 route, 405 or 422).
      const p = route.path.replace(/\{(\w+)\}/g, (_, n: string) => route.example!.params![n]!);
      const qs = new URLSearchParams(route.example?.query ?? {}).toString();
      const res = await api(`${p}${qs ? `?${qs}` : ''}`, {
        method: route.method.toUpperCase(),
        ...(route.body ? { body: JSON.stringify(route.example?.body) } : {}),
      });
      expect(res.headers.get('x-conveyor-operation'), route.operationId).toBe(route.operationId);
      expect([405, 415, 422], `${route.operationId} → ${res.status}`).not.toContain(res.status);
    }
  });

  it('real responses and the example bodies validate against the served document’s JSON Schemas', async () => {
    const doc = (await (await fetch(`${h.url}/api/v1/openapi.json`)).json()) as Record<string, unknown>;
    const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
    ajv.addSchema(doc, 'openapi');
    const pointer = (...parts: string[]) =>
      `openapi#/${parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;
    const check = (ref: string, value: unknown, what: string) => {
      const validate = ajv.compile({ $ref: ref });
      expect(validate(value) ? [] : validate.errors, what).toEqual([]);
    };
    const response = (path: string, method: string, status: number) =>
      pointer('paths', `/api/v1${path}`, method, 'responses', String(status), 'content', 'application/json', 'schema');

    for (const route of v1Routes.filter((r) => r.body && r.example?.body !== undefined)) {
      const ref = pointer(
        'paths',
        `/api/v1${route.path}`,
        route.method,
        'requestBody',
        'content',
        'application/json',
        'schema',
      );
      check(ref, route.example!.body, `${route.operationId} example body`);
    }

    const started = await startRun(reviewWorkflowId, { claimId: 'C-SCHEMA' });
    const run = await started.json();
    check(response('/workflows/{workflowId}/runs', 'post', 202), run, 'startRun response');
    check(response('/runs', 'get', 200), await (await api('/runs?limit=3')).json(), 'listRuns response');
    check(response('/workflows', 'get', 200), await (await api('/workflows')).json(), 'listWorkflows response');
    let taskId: string | undefined;
    await expect
      .poll(
        async () => {
          const page = await (await api(`/tasks?workflowId=${reviewWorkflowId}`)).json();
          check(response('/tasks', 'get', 200), page, 'listTasks response');
          taskId = page.data.find((t: { runId: string }) => t.runId === run.id)?.id;
          return !!taskId;
        },
        { timeout: 10_000 },
      )
      .toBe(true);
    check(response('/tasks/{taskId}', 'get', 200), await (await api(`/tasks/${taskId}`)).json(), 'getTask response');
    const decided = await api(`/tasks/${taskId}/decision`, {
      role: 'reviewer',
      method: 'POST',
      body: JSON.stringify({ action: 'approve', comment: 'serial matches the receipt' }),
    });
    expect(decided.status).toBe(200);
    check(response('/tasks/{taskId}/decision', 'post', 200), await decided.json(), 'decideTask response');
    check(response('/runs/{runId}', 'get', 200), await (await api(`/runs/${run.id}`)).json(), 'getRun response');
    const problem = await (await api('/runs?status=bogus')).json();
    check(pointer('components', 'schemas', 'Problem'), problem, 'problem body');
  });

  it('answers unknown routes and wrong methods with problems', async () => {
    const unknown = await api('/nothing-here');
    expect(unknown.status).toBe(404);
    expect((await api('/runs/%E0%A4%A')).status).toBe(404);
    const wrong = await api('/runs', { method: 'POST', body: '{}' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
  });
});
