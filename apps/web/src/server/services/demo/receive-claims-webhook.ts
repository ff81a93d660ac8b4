import { decryptSecret, type Db } from '@conveyor/db';
import { verifySignature } from '@conveyor/nodes/server';
import { z } from 'zod';
import { problem } from '../../rest/problem.ts';
import { readBody } from '../../rest/read-body.ts';

/** The seeded demo workspace and the credential its template's webhooks sign with (packages/db seed). */
export const DEMO_WORKSPACE_SLUG = 'demo';
export const DEMO_CLAIMS_CREDENTIAL = 'claims-webhook';

const LIMITS = { maxBytes: 256 * 1024, idleTimeoutMs: 10_000, totalTimeoutMs: 30_000 };

/** What Conveyor's webhook node and evidence request send: `{ runId, nodeId, payload }` (or a task event). */
const delivery = z.looseObject({
  runId: z.string().max(100).optional(),
  nodeId: z.string().max(200).optional(),
});

export const claimsSystemReceipt = z.object({
  received: z.literal(true),
  path: z.string(),
  runId: z.string().nullable(),
  nodeId: z.string().nullable(),
  bytes: z.number().int(),
});
export type ClaimsSystemReceipt = z.infer<typeof claimsSystemReceipt>;

/**
 * The demo's stand-in for a retailer's claims system (`POST /api/demo/claims-system/…`):
 * the seeded warranty workflow delivers its decisions and evidence requests here, so a
 * fresh `npm start` runs end to end without an outside receiver. It accepts only what the
 * demo workspace signed with its `claims-webhook` credential — the same check a real
 * receiver makes — and answers with what it recorded (the webhook step keeps the answer).
 */
export async function receiveClaimsWebhook(
  ctx: { db: Pick<Db, 'prisma'>; secretKey: Buffer | undefined; log: (line: string) => void },
  path: readonly string[],
  request: Request,
): Promise<ClaimsSystemReceipt> {
  if (!ctx.secretKey) throw problem('not-found', 'The demo claims system needs CONVEYOR_SECRET_KEY');
  const credential = await ctx.db.prisma.credential.findFirst({
    where: { name: DEMO_CLAIMS_CREDENTIAL, workspace: { slug: DEMO_WORKSPACE_SLUG } },
    select: { ciphertext: true },
  });
  if (!credential) throw problem('not-found', 'There is no demo workspace with a claims-webhook credential');
  const secret = decryptSecret(ctx.secretKey, credential.ciphertext);

  const body = await readBody(request, LIMITS);
  const verification = verifySignature(request.headers.get('conveyor-signature'), body, [secret]);
  if (!verification.ok) throw problem(`signature-${verification.reason}`, verification.message);

  let parsed: z.infer<typeof delivery> = {};
  try {
    const result = delivery.safeParse(JSON.parse(body.toString('utf8')));
    if (result.success) parsed = result.data;
  } catch {
    // Signed but not JSON: still a delivery; recorded without run and node.
  }
  const receipt: ClaimsSystemReceipt = {
    received: true,
    path: `/${path.join('/')}`,
    runId: parsed.runId ?? null,
    nodeId: parsed.nodeId ?? null,
    bytes: body.length,
  };
  ctx.log(
    `demo claims system: received ${receipt.path}` +
      (receipt.runId ? ` for run ${receipt.runId}${receipt.nodeId ? ` (${receipt.nodeId})` : ''}` : '') +
      ` — signature verified, ${receipt.bytes} bytes`,
  );
  return claimsSystemReceipt.parse(receipt);
}
