import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '@conveyor/nodes/server';
import { signEvidenceToken } from './evidence-link.ts';
import { claimTask, releaseTask } from './claim-task.ts';
import { decideTask } from './decide-task.ts';
import { exportDataset, overrideStats } from './export-dataset.ts';
import { getTask } from './get-task.ts';
import { listEvidenceWaits } from './list-evidence-waits.ts';
import { countTasks, listTasks, nextTasks } from './list-tasks.ts';
import { multipartFiles } from './multipart-files.ts';
import { resolveEvidenceToken, submitEvidence } from './submit-evidence.ts';
import { createInboxHarness, doneCalls, scoreCalls, type InboxHarness } from './__tests__/inbox-harness.ts';
import { makePng } from './__tests__/png.ts';

// The engine's clock runs 1 h − 3 s behind: a 60-minute SLA falls due 3 s from now.
const SKEW_MS = 3_600_000 - 3_000;
let h: InboxHarness;
const receiver: { body: string; signature: string | undefined; payload: Record<string, unknown> }[] = [];
let server: http.Server;
let receiverUrl: string;

beforeAll(async () => {
  h = await createInboxHarness({ skewMs: SKEW_MS });
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      receiver.push({ body, signature: req.headers['conveyor-signature'] as string, payload: JSON.parse(body) });
      res.writeHead(202).end('queued');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/claims/evidence`;
});
afterAll(async () => {
  server?.close();
  await h?.close();
});

const decide = (taskId: string, userId: string, input: Parameters<typeof decideTask>[0]['input']) =>
  decideTask({
    db: h.t.db,
    engine: h.engine,
    workspaceId: h.workspaceId,
    taskId,
    userId,
    input,
    evidenceLinks: { baseUrl: 'http://conveyor.test', key: h.linkKey },
    now: h.now,
  });

const runStatus = async (runId: string) =>
  (await h.t.db.pool.query<{ status: string }>('SELECT status FROM runs WHERE id = $1', [runId])).rows[0]!.status;
const waitRun = (runId: string, status: string) =>
  h.waitFor(`run ${runId} ${status}`, async () => (await runStatus(runId)) === status);

describe('inbox lists and leases', () => {
  it('lists a new task in every view it belongs to, with live counts and filters', async () => {
    const wf = await h.publish({ group: 'reviewers', priority: 'high' });
    const runId = await h.startClaim(wf.versionId, wf.workflowId, 1, { correlationKey: 'CLM-LIST' });
    const task = await h.taskOf(runId);
    const list = await listTasks({
      db: h.t.db,
      workspaceId: h.workspaceId,
      userId: h.users.alice.id,
      input: { view: 'groups' },
    });
    const item = list.items.find((t) => t.id === task.id)!;
    expect(item).toMatchObject({
      status: 'open',
      priority: 1,
      labels: ['defect', 'laptop'],
      score: 0.62,
      correlationKey: 'CLM-LIST',
      group: { name: 'reviewers' },
      workflow: { name: 'Warranty claims' },
    });
    expect(item.media).toHaveLength(1);
    // Carol is not in "reviewers": not in her groups view, but in "all".
    const carolGroups = await listTasks({
      db: h.t.db,
      workspaceId: h.workspaceId,
      userId: h.users.carol.id,
      input: { view: 'groups' },
    });
    expect(carolGroups.items.map((t) => t.id)).not.toContain(task.id);
    const counts = await countTasks({ db: h.t.db, workspaceId: h.workspaceId, userId: h.users.alice.id });
    expect(counts.groups).toBeGreaterThanOrEqual(1);
    expect(counts.all).toBeGreaterThanOrEqual(counts.groups);
    const filtered = async (filters: Record<string, unknown>) =>
      (
        await listTasks({
          db: h.t.db,
          workspaceId: h.workspaceId,
          userId: h.users.alice.id,
          input: { view: 'all', filters },
        })
      ).items.map((t) => t.id);
    expect(
      await filtered({ label: 'laptop', scoreMin: 0.6, scoreMax: 0.7, workflowId: wf.workflowId, nodeId: 'review' }),
    ).toContain(task.id);
    expect(await filtered({ scoreMin: 0.7 })).not.toContain(task.id);
    expect(await filtered({ label: 'tv' })).not.toContain(task.id);
    expect(await filtered({ minAgeHours: 1 })).not.toContain(task.id);
  });

  it('claims with an expiring lease that anyone may take over once it lapses', async () => {
    const wf = await h.publish({ group: 'reviewers' });
    const runId = await h.startClaim(wf.versionId, wf.workflowId);
    const task = await h.taskOf(runId);
    const base = { db: h.t.db, workspaceId: h.workspaceId, taskId: task.id };
    const a = await claimTask({ ...base, userId: h.users.alice.id, leaseMs: 1_000 });
    expect(new Date(a.leaseExpiresAt).getTime()).toBeGreaterThan(Date.now());
    await expect(claimTask({ ...base, userId: h.users.bob.id })).rejects.toMatchObject({ reason: 'claimed_by_other' });
    await expect(decide(task.id, h.users.bob.id, { action: 'approve' })).rejects.toMatchObject({
      reason: 'claimed_by_other',
    });
    const mine = await listTasks({
      db: h.t.db,
      workspaceId: h.workspaceId,
      userId: h.users.alice.id,
      input: { view: 'mine' },
    });
    expect(mine.items.map((t) => t.id)).toContain(task.id);
    // Bob's "next task" skips what Alice holds.
    const next = await nextTasks({
      db: h.t.db,
      workspaceId: h.workspaceId,
      userId: h.users.bob.id,
      input: { view: 'all' },
    });
    expect([next.next?.id, next.following?.id]).not.toContain(task.id);

    await new Promise((r) => setTimeout(r, 1_200));
    const b = await claimTask({ ...base, userId: h.users.bob.id, leaseMs: 60_000 });
    expect(b.taskId).toBe(task.id);
    await expect(releaseTask({ ...base, userId: h.users.alice.id })).rejects.toMatchObject({
      reason: 'claimed_by_other',
    });
    const detail = await getTask(base);
    expect(detail.claimedBy?.id).toBe(h.users.bob.id);
    await releaseTask({ ...base, userId: h.users.bob.id });
    expect((await getTask(base)).status).toBe('open');
  });
});

describe('decisions', () => {
  it('two reviewers deciding at the same moment: one wins, the run resumes once', async () => {
    const wf = await h.publish({ group: 'reviewers', actions: { reject: { requireReason: false } } });
    const runId = await h.startClaim(wf.versionId, wf.workflowId);
    const task = await h.taskOf(runId);
    const results = await Promise.allSettled([
      decide(task.id, h.users.alice.id, { action: 'approve', reasonCode: 'defect-confirmed' }),
      decide(task.id, h.users.bob.id, { action: 'reject' }),
      decide(task.id, h.users.carol.id, { action: 'approve' }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.map((r) => (r as PromiseRejectedResult).reason.reason)).toEqual(['already_decided', 'already_decided']);
    await waitRun(runId, 'succeeded');
    const fired = doneCalls.filter((c) => c.runId === runId);
    expect(fired).toHaveLength(1);
    const { rows } = await h.t.db.pool.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE run_id = $1 AND action = 'step.succeeded' AND data ->> 'nodeId' = 'review'`,
      [runId],
    );
    expect(rows[0].n).toBe(1);
    const d = await h.t.db.pool.query('SELECT count(*)::int AS n FROM decisions WHERE task_id = $1', [task.id]);
    expect(d.rows[0].n).toBe(1);
  });

  it('checks reason codes and no-self-approval, and turns corrections into labels with an override', async () => {
    const wf = await h.publish({ group: 'reviewers', noSelfApproval: true });
    const runId = await h.startClaim(wf.versionId, wf.workflowId, 1, {
      createdById: h.users.alice.id,
      correlationKey: 'CLM-7',
    });
    const task = await h.taskOf(runId);
    await expect(decide(task.id, h.users.bob.id, { action: 'reject' })).rejects.toMatchObject({
      reason: 'reason_required',
    });
    await expect(decide(task.id, h.users.bob.id, { action: 'reject', reasonCode: 'fraud' })).rejects.toMatchObject({
      reason: 'unknown_reason_code',
    });
    await expect(decide(task.id, h.users.alice.id, { action: 'approve' })).rejects.toMatchObject({
      reason: 'self_approval',
    });
    const detail = await getTask({ db: h.t.db, workspaceId: h.workspaceId, taskId: task.id });
    const mediaId = detail.media[0]!.mediaId;
    const out = await decide(task.id, h.users.bob.id, {
      action: 'approve',
      comment: 'Hinge crack visible',
      corrections: {
        boxes: [
          {
            mediaId,
            items: [
              { modelIndex: 0, label: 'laptop', box: { x: 0.2, y: 0.1, width: 0.5, height: 0.5 } },
              { label: 'crack', box: { x: 0.3, y: 0.3, width: 0.1, height: 0.05 } },
            ],
          },
        ],
        ocr: { text: 'S/N AB12345678' },
      },
    });
    expect(out).toMatchObject({ action: 'approve', override: true, labels: 2 });
    await waitRun(runId, 'succeeded');
    const labels = await h.t.db.pool.query(
      `SELECT kind, disagreement, media_id, model_version_id FROM labels WHERE decision_id = $1 ORDER BY kind`,
      [out.decisionId],
    );
    expect(labels.rows.map((l) => l.kind)).toEqual(['box', 'ocr']);
    expect(labels.rows.every((l) => l.disagreement > 0 && l.media_id)).toBe(true);

    // A second claim under the same correlation key sees the earlier decision.
    const run2 = await h.startClaim(wf.versionId, wf.workflowId, 1, { correlationKey: 'CLM-7' });
    const t2 = await h.taskOf(run2);
    const d2 = await getTask({ db: h.t.db, workspaceId: h.workspaceId, taskId: t2.id });
    expect(d2.earlierDecisions).toEqual([
      expect.objectContaining({ taskId: task.id, action: 'approve', sameRun: false, override: true }),
    ]);
    expect(d2.evidence).toHaveProperty('classification.score', 0.62);

    const jsonl = await exportDataset({
      db: h.t.db,
      workspaceId: h.workspaceId,
      input: { format: 'jsonl', disagreement: 'only' },
    });
    const lines = jsonl.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const ocr = lines.find((l) => l.kind === 'ocr' && l.lineage.decisionId === out.decisionId);
    expect(ocr).toMatchObject({
      text: 'S/N AB12345678',
      modelText: 'S/N AB1234567B',
      lineage: { runId, model: 'tesseract-eng@5.3.0', reviewer: { id: h.users.bob.id }, decision: { override: true } },
    });
    expect(ocr.lineage.mediaSha256).toMatch(/^[0-9a-f]{64}$/);
    // Disagreement first.
    const dis = lines.map((l) => l.lineage.disagreement);
    expect([...dis].sort((a, b) => b - a)).toEqual(dis);
    const coco = JSON.parse(
      (await exportDataset({ db: h.t.db, workspaceId: h.workspaceId, input: { format: 'coco' } })).body,
    );
    const image = coco.images.find(
      (i: { conveyor_lineage: { decisionId: string } }) => i.conveyor_lineage.decisionId === out.decisionId,
    );
    expect(image).toMatchObject({ width: 32, height: 24, conveyor_lineage: { model: 'coco-detector@3.1.0' } });
    const anns = coco.annotations.filter((a: { image_id: number }) => a.image_id === image.id);
    expect(anns.map((a: { bbox: number[] }) => a.bbox)).toEqual([
      [6.4, 2.4, 16, 12],
      [9.6, 7.2, 3.2, 1.2],
    ]);
    expect(coco.categories.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['laptop', 'crack']));

    const stats = await overrideStats({ db: h.t.db, workspaceId: h.workspaceId });
    expect(stats).toEqual(
      expect.arrayContaining([expect.objectContaining({ nodeId: 'review', model: 'defect-classifier@1.0.0' })]),
    );
    expect(stats.find((s) => s.model === 'defect-classifier@1.0.0')!.overrides).toBeGreaterThanOrEqual(1);
  });
});

describe('SLA', () => {
  it('escalates to the round-robin group, then times out through the timeout port', async () => {
    const wf = await h.publish({
      group: 'reviewers',
      slaMinutes: 60,
      escalation: { afterMinutes: 59, toGroup: 'seniors', priorityBump: 2 },
    });
    const runId = await h.startClaim(wf.versionId, wf.workflowId);
    const task = await h.taskOf(runId);
    const escalated = await h.waitFor('escalation', async () => {
      const { rows } = await h.t.db.pool.query(
        `SELECT t.priority, t.escalation_level, g.name AS grp, t.assignee_id FROM human_tasks t JOIN review_groups g ON g.id = t.group_id WHERE t.id = $1`,
        [task.id],
      );
      return rows[0]?.escalation_level === 1 ? rows[0] : undefined;
    });
    expect(escalated).toMatchObject({ priority: 2, grp: 'seniors', assignee_id: h.users.carol.id });
    const overdue = await listTasks({
      db: h.t.db,
      workspaceId: h.workspaceId,
      userId: h.users.carol.id,
      input: { view: 'overdue' },
    });
    expect(overdue.items.map((t) => t.id)).toContain(task.id);
    const carolMine = await listTasks({
      db: h.t.db,
      workspaceId: h.workspaceId,
      userId: h.users.carol.id,
      input: { view: 'mine' },
    });
    expect(carolMine.items.map((t) => t.id)).toContain(task.id);

    await waitRun(runId, 'succeeded');
    expect(doneCalls.filter((c) => c.runId === runId).map((c) => c.port)).toEqual(['timeout']);
    expect((await h.taskOf(runId)).status).toBe('expired');
    await expect(decide(task.id, h.users.carol.id, { action: 'approve' })).rejects.toMatchObject({
      reason: 'task_closed',
    });
  });
});

describe('more evidence', () => {
  it('asks the claimant through a signed webhook, takes the upload once, re-runs the evidence steps in the same run', async () => {
    const wf = await h.publish({
      group: 'reviewers',
      evidenceRequest: { url: receiverUrl, secret: 'claims', slaMinutes: 120, reminderMinutes: 1 },
    });
    const runId = await h.startClaim(wf.versionId, wf.workflowId, 1, { correlationKey: 'CLM-EV' });
    const task = await h.taskOf(runId);
    const out = await decide(task.id, h.users.alice.id, {
      action: 'more_info',
      reasonCode: 'photo-unclear',
      message: 'Please send a close-up of the hinge',
    });
    expect(out.evidenceRequest).toMatchObject({ round: 1 });
    const first = await h.waitFor('signed request at the receiver', async () =>
      receiver.find((m) => m.payload.requestId === out.evidenceRequest!.id && m.payload.reminder === 0),
    );
    expect(verifySignature(first.signature, first.body, ['secret-of-claims']).ok).toBe(true);
    expect(first.payload).toMatchObject({
      type: 'evidence.requested',
      runId,
      correlationKey: 'CLM-EV',
      message: 'Please send a close-up of the hinge',
      uploadUrl: out.evidenceRequest!.uploadUrl,
    });
    // Reminders follow on the timer while the request is open.
    await h.waitFor('a reminder', async () =>
      receiver.some((m) => m.payload.requestId === out.evidenceRequest!.id && Number(m.payload.reminder) >= 1),
    );
    expect(await runStatus(runId)).toBe('waiting');
    const waits = await listEvidenceWaits({ db: h.t.db, workspaceId: h.workspaceId });
    expect(waits.find((w) => w.requestId === out.evidenceRequest!.id)).toMatchObject({
      runId,
      correlationKey: 'CLM-EV',
      round: 1,
      message: 'Please send a close-up of the hinge',
      requestedBy: 'Alice',
    });

    const token = decodeURIComponent(String(first.payload.uploadUrl).split('/api/evidence/')[1]!);
    const resolve = (tok: string) => resolveEvidenceToken({ db: h.t.db, key: h.linkKey, token: tok });
    await expect(resolve(token.slice(0, -2) + 'xx')).rejects.toMatchObject({ reason: 'invalid_link' });
    await expect(
      resolve(signEvidenceToken(h.linkKey, out.evidenceRequest!.id, new Date(Date.now() - 1000))),
    ).rejects.toMatchObject({
      reason: 'link_expired',
    });
    // A signed token for a request that does not exist.
    await expect(
      resolve(signEvidenceToken(h.linkKey, '00000000-0000-4000-8000-000000000000', new Date(Date.now() + 60_000))),
    ).rejects.toMatchObject({
      reason: 'invalid_link',
    });
    const request = await resolve(token);
    // Not a photo: refused, nothing resumes.
    await expect(
      submitEvidence({
        db: h.t.db,
        engine: h.engine,
        media: h.media,
        request,
        files: (async function* () {
          yield {
            filename: 'notes.txt',
            stream: (async function* () {
              yield new TextEncoder().encode('just text, no photo');
            })(),
          };
        })(),
      }),
    ).rejects.toMatchObject({ reason: 'unsupported_media' });
    // Over the media size limit: refused while streaming, nothing resumes.
    const big = new FormData();
    big.append('files', new Blob([new Uint8Array(makePng(1200, 1000, 3))], { type: 'image/png' }), 'huge.png');
    big.append('files', new Blob([new Uint8Array(3_000_000)], { type: 'image/png' }), 'padding.png');
    const bigReq = new Request('http://conveyor.test/upload', { method: 'POST', body: big });
    const bigParts = multipartFiles(bigReq.body!, bigReq.headers.get('content-type')!, { maxFiles: 10 });
    await expect(
      submitEvidence({ db: h.t.db, engine: h.engine, media: h.media, request, files: bigParts.files }),
    ).rejects.toMatchObject({ reason: 'media_too_large' });
    expect(await runStatus(runId)).toBe('waiting');
    const scoresBefore = scoreCalls.get(runId);
    const form = new FormData();
    form.append('note', 'close-up of the hinge');
    form.append('files', new Blob([new Uint8Array(makePng(40, 30, 7))], { type: 'image/png' }), 'closeup.png');
    const req = new Request('http://conveyor.test/upload', { method: 'POST', body: form });
    const parts = multipartFiles(req.body!, req.headers.get('content-type')!, { maxFiles: 10 });
    const up = await submitEvidence({ db: h.t.db, engine: h.engine, media: h.media, request, files: parts.files });
    expect(parts.fields.note).toBe('close-up of the hinge');
    expect(up).toEqual({ round: 1, media: 1 });
    await expect(resolve(token)).rejects.toMatchObject({ reason: 'already_uploaded' });
    expect((await listEvidenceWaits({ db: h.t.db, workspaceId: h.workspaceId })).map((w) => w.requestId)).not.toContain(
      out.evidenceRequest!.id,
    );

    // Round 1: the model step ran again on both photos, the review reopened with them.
    const task1 = await h.taskOf(runId, 1);
    expect(scoreCalls.get(runId)).toBe(scoresBefore! + 1);
    const d1 = await getTask({ db: h.t.db, workspaceId: h.workspaceId, taskId: task1.id });
    expect(d1.media.filter((m) => m.contentType === 'image/png')).toHaveLength(2);
    expect(d1.media.map((m) => m.round)).toEqual([0, 1]);
    expect(d1.score).toBe(0.9);
    expect(d1.earlierDecisions).toEqual([expect.objectContaining({ action: 'more_info', sameRun: true, round: 0 })]);
    expect(d1.evidenceRounds).toEqual([expect.objectContaining({ round: 1, fulfilledAt: expect.any(String) })]);

    await decide(task1.id, h.users.bob.id, { action: 'approve' });
    await waitRun(runId, 'succeeded');
    expect(doneCalls.filter((c) => c.runId === runId).map((c) => c.port)).toEqual(['approve']);
    const history = await h.t.db.pool.query(
      `SELECT node_id, round, status FROM steps WHERE run_id = $1 AND node_id IN ('score', 'review') ORDER BY node_id, round`,
      [runId],
    );
    expect(history.rows).toEqual([
      { node_id: 'review', round: 0, status: 'succeeded' },
      { node_id: 'review', round: 1, status: 'succeeded' },
      { node_id: 'score', round: 0, status: 'succeeded' },
      { node_id: 'score', round: 1, status: 'succeeded' },
    ]);
    const audit = await h.t.db.pool.query(
      `SELECT action FROM audit_events WHERE run_id = $1 AND action LIKE 'evidence.%' ORDER BY id`,
      [runId],
    );
    expect(audit.rows.map((a) => a.action)).toEqual(['evidence.requested', 'evidence.received']);
    const deliveries = await h.t.db.pool.query(
      `SELECT count(*)::int AS n FROM webhook_deliveries WHERE run_id = $1 AND purpose = 'evidence_request' AND status = 'delivered'`,
      [runId],
    );
    expect(deliveries.rows[0].n).toBeGreaterThanOrEqual(2);
  });
});
