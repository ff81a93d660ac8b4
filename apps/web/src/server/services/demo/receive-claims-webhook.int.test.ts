import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptSecret } from '@conveyor/db';
import { signPayload } from '@conveyor/nodes/server';
import { createTestDatabase, type TestDatabase } from '@conveyor/testing';
import { ProblemError } from '../../rest/problem.ts';
import { receiveClaimsWebhook } from './receive-claims-webhook.ts';

const key = randomBytes(32);
const SECRET = 'whsec_demo_claims';
let t: TestDatabase;
const lines: string[] = [];
const ctx = () => ({ db: t.db, secretKey: key, log: (line: string) => lines.push(line) });

const post = (body: string, signature?: string) =>
  new Request('http://localhost/api/demo/claims-system/hooks/conveyor/decision', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature ? { 'conveyor-signature': signature } : {}) },
    body,
  });

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => error as ProblemError,
  );

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

describe('receiveClaimsWebhook (the demo claims system)', () => {
  it('is not there without a demo workspace and its claims-webhook credential', async () => {
    const error = await failure(receiveClaimsWebhook(ctx(), ['x'], post('{}', signPayload(SECRET, '{}'))));
    expect(error).toBeInstanceOf(ProblemError);
    expect(error.status).toBe(404);
  });

  it('accepts a delivery signed with the demo credential and says what it recorded', async () => {
    const ws = await t.db.prisma.workspace.create({ data: { slug: 'demo', name: 'Demo' } });
    const other = await t.db.prisma.workspace.create({ data: { slug: 'other', name: 'Other' } });
    const user = await t.db.prisma.user.create({ data: { email: 'o@example.com', name: 'O' } });
    for (const [workspaceId, secret] of [
      [ws.id, SECRET],
      [other.id, 'whsec_of_another_workspace'],
    ] as const) {
      await t.db.prisma.credential.create({
        data: {
          workspaceId,
          name: 'claims-webhook',
          kind: 'hmac_secret',
          ciphertext: encryptSecret(key, secret),
          createdById: user.id,
        },
      });
    }
    const body = JSON.stringify({ runId: 'run-1', nodeId: 'send-decision', payload: { decision: 'approve' } });
    const receipt = await receiveClaimsWebhook(
      ctx(),
      ['hooks', 'conveyor', 'decision'],
      post(body, signPayload(SECRET, body)),
    );
    expect(receipt).toEqual({
      received: true,
      path: '/hooks/conveyor/decision',
      runId: 'run-1',
      nodeId: 'send-decision',
      bytes: Buffer.byteLength(body),
    });
    expect(lines.at(-1)).toMatch(/received \/hooks\/conveyor\/decision for run run-1 \(send-decision\)/);

    // Signed by another workspace's credential of the same name: not the demo's.
    const foreign = await failure(
      receiveClaimsWebhook(ctx(), ['x'], post(body, signPayload('whsec_of_another_workspace', body))),
    );
    expect(foreign.status).toBe(401);
    expect(foreign.slug).toBe('signature-mismatch');
  });

  it('refuses an unsigned, tampered or stale delivery with 401', async () => {
    const body = JSON.stringify({ runId: 'run-2' });
    const missing = await failure(receiveClaimsWebhook(ctx(), ['x'], post(body)));
    expect([missing.status, missing.slug]).toEqual([401, 'signature-missing']);
    const tampered = await failure(
      receiveClaimsWebhook(ctx(), ['x'], post(body.replace('run-2', 'run-3'), signPayload(SECRET, body))),
    );
    expect(tampered.slug).toBe('signature-mismatch');
    const stale = await failure(
      receiveClaimsWebhook(ctx(), ['x'], post(body, signPayload(SECRET, body, new Date(Date.now() - 3_600_000)))),
    );
    expect(stale.slug).toBe('signature-expired');
  });
});
