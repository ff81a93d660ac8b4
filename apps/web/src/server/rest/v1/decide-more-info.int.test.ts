import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptSecret } from '@conveyor/db';
import { createMember } from '@conveyor/db/factories';
import { createWorkspaceMedia } from '@conveyor/engine/server';
import { getNodeExecutor, verifySignature } from '@conveyor/nodes/server';
import { deriveEvidenceLinkKey } from '../../services/inbox/evidence-link.ts';
import { listEvidenceWaits } from '../../services/inbox/list-evidence-waits.ts';
import { resolveEvidenceToken } from '../../services/inbox/submit-evidence.ts';
import { claim, claimDef } from '../../services/inbox/__tests__/inbox-harness.ts';
import { makePng } from '../../services/inbox/__tests__/png.ts';
import { startRestHarness, type RestHarness } from '../__tests__/rest-harness.ts';
import { problemType } from '../problem.ts';

// "More info" decided through REST v1 (POST /api/v1/tasks/{id}/decision) on the real
// human-task node with an evidence request: the same run waits, and the claimant system
// (a local receiver) gets the signed request with the upload link — what the inbox's
// service-level test asserts, here through HTTP, the API token and the REST context.
const SIGNING_SECRET = 'claims-signing-secret';
let h: RestHarness;
let reviewer: { token: string; tokenId: string; userId: string };
let editorToken: string;
const received: { body: string; signature: string | undefined; payload: Record<string, unknown> }[] = [];
let receiver: http.Server;
let receiverUrl: string;

beforeAll(async () => {
  // Deliveries go to the local receiver: loopback must pass the SSRF guard here.
  h = await startRestHarness({
    fetch: { allowCidrs: ['127.0.0.0/8'] },
    executors: [claim, getNodeExecutor('human-task', 1)!],
  });
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ body, signature: req.headers['conveyor-signature'] as string, payload: JSON.parse(body) });
      res.writeHead(202).end('queued');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/claims/evidence`;

  const rita = await createMember(h.t.db, h.workspaceId, 'reviewer', { name: 'Rita' });
  const group = await h.t.db.prisma.reviewGroup.create({ data: { workspaceId: h.workspaceId, name: 'reviewers' } });
  await h.t.db.prisma.reviewGroupMember.create({ data: { groupId: group.id, userId: rita.id } });
  reviewer = await h.apiToken('reviewer', { name: 'claims desk', userId: rita.id });
  editorToken = (await h.apiToken('editor', { name: 'intake' })).token;
  // The signing credential the node names, stored as the workspace's credentials are.
  await h.t.db.prisma.credential.create({
    data: {
      workspaceId: h.workspaceId,
      name: 'claims',
      kind: 'hmac_secret',
      ciphertext: encryptSecret(h.ctx.secretKey!, SIGNING_SECRET),
    },
  });
});
afterAll(async () => {
  receiver?.close();
  await h?.close();
});

function api(p: string, token: string, init: RequestInit = {}) {
  return fetch(`${h.url}/api/v1${p}`, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    },
  });
}

function claimGraph(evidenceRequest: Record<string, unknown>) {
  const e = (from: string, fp: string, to: string, tp: string) => ({
    from: { node: from, port: fp },
    to: { node: to, port: tp },
  });
  return {
    nodes: [
      { id: 'claim', type: claimDef.type, typeVersion: 1, config: {} },
      { id: 'review', type: 'human-task', typeVersion: 1, config: { group: 'reviewers', evidenceRequest } },
    ],
    edges: [e('claim', 'media', 'review', 'media'), e('claim', 'record', 'review', 'record')],
  };
}

/** Starts a claim with one photo through REST and returns its run id and open task id. */
async function openTask(workflowId: string, claimId: string) {
  const photo = await createWorkspaceMedia({
    db: h.t.db,
    store: h.ctx.store,
    workspaceId: h.workspaceId,
    maxBytes: 1_000_000,
  }).put(makePng(32, 24, 7), { contentType: 'image/png' });
  const started = await api(`/workflows/${workflowId}/runs`, editorToken, {
    method: 'POST',
    body: JSON.stringify({ input: { media: [photo], record: { claimId } }, correlationKey: claimId }),
  });
  expect(started.status).toBe(202);
  const runId = ((await started.json()) as { id: string }).id;
  let taskId: string | undefined;
  await expect
    .poll(
      async () => {
        const page = await (await api(`/tasks?workflowId=${workflowId}`, reviewer.token)).json();
        taskId = page.data.find((t: { runId: string }) => t.runId === runId)?.id;
        return !!taskId;
      },
      { timeout: 10_000 },
    )
    .toBe(true);
  return { runId, taskId: taskId! };
}

const moreInfo = (taskId: string) =>
  api(`/tasks/${taskId}/decision`, reviewer.token, {
    method: 'POST',
    body: JSON.stringify({
      action: 'more_info',
      reasonCode: 'photo-unclear',
      message: 'Please send a close-up of the hinge',
    }),
  });

describe('POST /api/v1/tasks/{id}/decision with more_info', () => {
  it('sends the signed upload link to the evidence requester and leaves the run waiting for evidence', async () => {
    h.ctx.evidenceLinks = { baseUrl: 'http://conveyor.test', key: deriveEvidenceLinkKey(h.ctx.secretKey!) };
    const { workflowId } = await h.publish(claimGraph({ url: receiverUrl, secret: 'claims', slaMinutes: 120 }));
    const { runId, taskId } = await openTask(workflowId, 'CLM-REST-EV');

    const decided = await moreInfo(taskId);
    expect(decided.status).toBe(200);
    const out = await decided.json();
    expect(out).toMatchObject({ taskId, action: 'more_info', evidenceRequest: { round: 1 } });
    expect(out.evidenceRequest.uploadUrl).toMatch(/^http:\/\/conveyor\.test\/api\/evidence\//);

    // The claimant system receives the request, signed with the node's credential.
    await expect.poll(() => received.length, { timeout: 15_000 }).toBeGreaterThan(0);
    const first = received.find((m) => m.payload.requestId === out.evidenceRequest.id && m.payload.reminder === 0)!;
    expect(first).toBeDefined();
    expect(verifySignature(first.signature, first.body, [SIGNING_SECRET]).ok).toBe(true);
    expect(verifySignature(first.signature, first.body, ['another-secret']).ok).toBe(false);
    expect(first.payload).toMatchObject({
      type: 'evidence.requested',
      runId,
      taskId,
      correlationKey: 'CLM-REST-EV',
      round: 1,
      reasonCode: 'photo-unclear',
      message: 'Please send a close-up of the hinge',
      uploadUrl: out.evidenceRequest.uploadUrl,
      record: { claimId: 'CLM-REST-EV' },
    });
    // The link in it is one the app accepts (signed with the REST context's key).
    const token = decodeURIComponent(String(first.payload.uploadUrl).split('/api/evidence/')[1]!);
    const request = await resolveEvidenceToken({ db: h.t.db, key: h.ctx.evidenceLinks.key, token });
    expect(request).toMatchObject({ requestId: out.evidenceRequest.id, runId, round: 1 });

    // The same run waits for the evidence: no port fired, the review step is waiting.
    const run = await (await api(`/runs/${runId}`, reviewer.token)).json();
    expect(run.status).toBe('waiting');
    expect(run.steps.find((s: { nodeId: string }) => s.nodeId === 'review')).toMatchObject({ status: 'waiting' });
    const task = await (await api(`/tasks/${taskId}`, reviewer.token)).json();
    expect(task.status).toBe('done');
    const waits = await listEvidenceWaits({ db: h.t.db, workspaceId: h.workspaceId });
    expect(waits.find((w) => w.requestId === out.evidenceRequest.id)).toMatchObject({
      runId,
      taskId,
      correlationKey: 'CLM-REST-EV',
      round: 1,
      message: 'Please send a close-up of the hinge',
      requestedBy: 'Rita',
    });
    // Recorded as the token's creator, audited as the API token.
    const decision = await h.t.db.prisma.decision.findUniqueOrThrow({ where: { taskId } });
    expect(decision).toMatchObject({ action: 'more_info', reasonCode: 'photo-unclear', decidedById: reviewer.userId });
    const audit = await h.t.db.pool.query(
      `SELECT actor_type, actor_id FROM audit_events WHERE action = 'task.decided' AND subject_id = $1`,
      [taskId],
    );
    expect(audit.rows).toEqual([{ actor_type: 'api_token', actor_id: reviewer.tokenId }]);
    // A second decision on the same task is refused; the run still waits.
    expect((await moreInfo(taskId)).status).toBe(409);
  });

  it('refuses more_info on an evidence-requesting node when the server cannot sign upload links', async () => {
    const { workflowId } = await h.publish(claimGraph({ url: receiverUrl, secret: 'claims', slaMinutes: 120 }));
    const { runId, taskId } = await openTask(workflowId, 'CLM-REST-NOLINK');
    const links = h.ctx.evidenceLinks;
    h.ctx.evidenceLinks = undefined;
    try {
      const refused = await moreInfo(taskId);
      expect(refused.status).toBe(409);
      expect(await refused.json()).toMatchObject({
        type: problemType('conflict'),
        reason: 'evidence_links_unavailable',
      });
    } finally {
      h.ctx.evidenceLinks = links;
    }
    // Nothing was decided: the task is still open and nothing was sent for this run.
    expect((await (await api(`/tasks/${taskId}`, reviewer.token)).json()).status).toBe('open');
    expect(received.filter((m) => m.payload.runId === runId)).toEqual([]);
  });
});
