import { createHash } from 'node:crypto';
import { decryptSecret, withTransaction } from '@conveyor/db';
import { createSignatureVerifier, RunStateError, type SignatureFailure } from '@conveyor/engine/server';
import { checkBackpressure } from '../../rest/backpressure.ts';
import { parsePreferWait } from '../../rest/prefer.ts';
import { problem, ProblemError, type ProblemSlug } from '../../rest/problem.ts';
import { readBody, readBodyChunks } from '../../rest/read-body.ts';
import type { RestContext } from '../../rest/rest-context.ts';
import { parseStrictJson } from '../../rest/strict-json.ts';
import { loadWebhookTrigger, type WebhookTrigger } from './load-webhook-trigger.ts';
import { IDEMPOTENCY_TTL_SEC, readIdempotencyKey } from '../../rest/v1/idempotent-start.ts';
import { replayedProblem, submitRunIntake } from './run-intake.ts';
import { sweepExpiredKeys } from './sweep-expired.ts';
import { commitStagedMedia, discardStagedMedia, stageMultipart, stageUrls, type StagedMedia } from './stage-media.ts';

const SIGNATURE_PROBLEM: Record<SignatureFailure, ProblemSlug> = {
  missing: 'signature-missing',
  malformed: 'signature-malformed',
  mismatch: 'signature-mismatch',
  expired: 'signature-expired',
};

export interface AcceptedWebhook {
  runId: string;
  /** True when an earlier request with the same Idempotency-Key made this run. */
  replayed: boolean;
  /** Seconds the client asked to wait (Prefer: wait), after the trigger's ceiling. */
  waitSec: number | undefined;
}

/**
 * `POST /api/hooks/{triggerId}`: checks everything that can be checked before a byte is
 * stored (trigger, rate, backlog, signature header, content type), reads and verifies the
 * body, stages media, and creates the run. A plain JSON case goes through the intake's
 * group commit (run-intake.ts: replay guard, idempotency key and a `queued` run the
 * runner's activator starts); a case with media writes media rows, replay guard,
 * idempotency key and run in one transaction of its own. Either way a refused request
 * leaves nothing behind.
 */
export async function acceptWebhook(ctx: RestContext, triggerId: string, request: Request): Promise<AcceptedWebhook> {
  void sweepExpiredKeys(ctx.db);
  const trigger = await loadWebhookTrigger(ctx.db, triggerId, ctx.limits.triggerCacheMs);
  if (!trigger.enabled) throw problem('trigger-disabled', 'This trigger is disabled in the workspace settings');
  if (!trigger.versionId)
    throw problem('workflow-not-published', 'The trigger’s workflow has no published version; publish it first');
  if (!trigger.secretCiphertext) throw problem('trigger-disabled', 'This trigger has no signing secret yet');

  const rate = ctx.buckets.take(trigger.id, trigger.settings.ratePerSecond, trigger.settings.burst);
  if (!rate.ok)
    throw problem('rate-limited', `More than ${trigger.settings.ratePerSecond} requests per second`, {
      retryAfterSec: rate.retryAfterSec,
    });
  const waitSec = parsePreferWait(request.headers.get('prefer'), trigger.settings.maxWaitSeconds);
  const idempotencyKey = readIdempotencyKey(request);

  const secret = triggerSecret(ctx, trigger);
  const signatureHeader = request.headers.get('conveyor-signature');
  const verifier = createSignatureVerifier(signatureHeader, [secret], {
    toleranceSec: ctx.limits.signatureToleranceSec,
  });
  if (!verifier.ok) throw problem(SIGNATURE_PROBLEM[verifier.reason], verifier.message);

  const contentType = (request.headers.get('content-type') ?? '').toLowerCase();
  const isJson = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/.test(contentType);
  const isMultipart = contentType.startsWith('multipart/form-data');
  if (!isJson && !isMultipart)
    throw problem(
      'unsupported-content-type',
      `Send application/json or multipart/form-data${contentType ? `, not ${contentType.split(';')[0]}` : ''}`,
    );

  // Cheap refusals first: nothing has been read yet.
  await checkBackpressure(ctx.db, {
    workflowId: trigger.workflowId,
    backlogLimit: trigger.backlogLimit,
    maxQueueDepth: ctx.limits.maxQueueDepth,
  });

  const hash = createHash('sha256');
  const onChunk = (chunk: Uint8Array) => {
    verifier.update(chunk);
    hash.update(chunk);
  };
  const bodyLimits = {
    idleTimeoutMs: ctx.limits.bodyIdleTimeoutMs,
    totalTimeoutMs: ctx.limits.bodyTotalTimeoutMs,
  };
  const maxFileBytes = ctx.limits.maxMediaBytes;
  let staged: StagedMedia[] = [];
  try {
    let input: Record<string, unknown>;
    let mediaUrls: string[] = [];
    let signedAt: number;
    if (isJson) {
      const raw = await readBody(request, { ...bodyLimits, maxBytes: trigger.settings.maxJsonBytes }, onChunk);
      // Authenticity before parsing: an unsigned body is never parsed.
      signedAt = checkSignature(verifier.verify());
      const parsed = parseStrictJson(raw);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
        throw problem('invalid-input', 'The body must be a JSON object (the case record, optionally with mediaUrls)');
      ({ input, mediaUrls } = splitMediaUrls(parsed as Record<string, unknown>, trigger.settings.maxFiles));
    } else {
      const result = await stageMultipart(
        readBodyChunks(request, { ...bodyLimits, maxBytes: trigger.settings.maxUploadBytes }, onChunk),
        request.headers.get('content-type')!,
        { store: ctx.store, db: ctx.db, maxFileBytes, maxFiles: trigger.settings.maxFiles },
      );
      staged = result.media;
      signedAt = checkSignature(verifier.verify());
      input = multipartInput(result.fields);
    }
    const bodyHash = hash.digest('hex');
    // The replay guard keys on what was signed (time and body), not on the header's text:
    // the same signature re-sent with reordered or extra header parts is still a replay.
    const signature = `${signedAt}:${bodyHash}`;

    // A plain JSON case (no media to store): group-committed with its neighbours.
    if (!mediaUrls.length && !staged.length) {
      const created = await submitRunIntake(ctx.db, {
        trigger,
        input,
        signature,
        idempotencyKey,
        bodyHash,
        guardTtlSec: ctx.limits.signatureToleranceSec * 2,
      });
      return { ...created, waitSec };
    }

    // A retry of a request that already made a run gets that run, before anything else
    // (even a verbatim re-send, whose signature is otherwise a replay).
    if (idempotencyKey) {
      const existing = await findIdempotentRun(ctx, trigger.id, idempotencyKey, bodyHash);
      if (existing) {
        await discardStagedMedia(ctx.store, ctx.db, staged);
        return { runId: existing, replayed: true, waitSec };
      }
    }
    // A replay is refused by the insert in the run's transaction; checking first only pays
    // when there is work to save (downloads) or staged files to account for.
    const seen =
      mediaUrls.length || staged.length
        ? await ctx.db.pool.query('SELECT 1 FROM seen_signatures WHERE trigger_id = $1 AND signature = $2', [
            trigger.id,
            signature,
          ])
        : { rows: [] };
    if (seen.rows.length) {
      // A twin with the same key may have committed since the lookup above.
      const twin = idempotencyKey && (await findIdempotentRun(ctx, trigger.id, idempotencyKey, bodyHash));
      if (!twin) throw replayed();
      await discardStagedMedia(ctx.store, ctx.db, staged);
      return { runId: twin, replayed: true, waitSec };
    }

    if (mediaUrls.length) {
      staged = await stageUrls(mediaUrls, {
        store: ctx.store,
        db: ctx.db,
        fetch: ctx.fetch,
        maxFileBytes,
        timeoutMs: ctx.limits.mediaUrlTimeoutMs,
      });
    }

    const created = await createRun(ctx, trigger, {
      input,
      staged,
      signature,
      idempotencyKey,
      bodyHash,
    });
    if (created.replayedRunId) await discardStagedMedia(ctx.store, ctx.db, staged);
    return { runId: created.replayedRunId ?? created.runId!, replayed: !!created.replayedRunId, waitSec };
  } catch (error) {
    await discardStagedMedia(ctx.store, ctx.db, staged);
    throw error;
  }
}

function triggerSecret(ctx: RestContext, trigger: WebhookTrigger): string {
  if (!ctx.secretKey) throw new Error('CONVEYOR_SECRET_KEY is not configured: trigger secrets cannot be read');
  return decryptSecret(ctx.secretKey, trigger.secretCiphertext!);
}

/** The signed timestamp of an authentic request; a problem otherwise. */
function checkSignature(
  result: ReturnType<Extract<ReturnType<typeof createSignatureVerifier>, { ok: true }>['verify']>,
): number {
  if (!result.ok) throw problem(SIGNATURE_PROBLEM[result.reason], result.message);
  return result.timestamp;
}

const replayed = replayedProblem;

/** `mediaUrls` come out of the record and are downloaded here, before the run exists. */
function splitMediaUrls(body: Record<string, unknown>, maxFiles: number) {
  const { mediaUrls, ...input } = body;
  if (mediaUrls === undefined) return { input, mediaUrls: [] as string[] };
  if (!Array.isArray(mediaUrls) || !mediaUrls.every((u) => typeof u === 'string'))
    throw problem('invalid-input', '"mediaUrls" must be a list of http(s) addresses');
  if (mediaUrls.length > maxFiles)
    throw problem('too-many-files', `At most ${maxFiles} media per request`, { extensions: { maxFiles } });
  return { input, mediaUrls: mediaUrls as string[] };
}

/** Multipart fields: `record` (a JSON object) and/or plain fields, which become case fields. */
function multipartInput(fields: Record<string, string>): Record<string, unknown> {
  const { record: recordJson, ...rest } = fields;
  let record: Record<string, unknown> = {};
  if (recordJson !== undefined) {
    const parsed = parseStrictJson(Buffer.from(recordJson, 'utf8'));
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      throw problem('invalid-input', 'The "record" field must hold a JSON object');
    record = parsed as Record<string, unknown>;
  }
  return { ...record, ...rest };
}

async function findIdempotentRun(
  ctx: RestContext,
  triggerId: string,
  key: string,
  bodyHash: string,
): Promise<string | undefined> {
  const { rows } = await ctx.db.pool.query<{ body_hash: string; run_id: string }>(
    'SELECT body_hash, run_id FROM idempotency_keys WHERE trigger_id = $1 AND key = $2 AND expires_at > now()',
    [triggerId, key],
  );
  const row = rows[0];
  if (!row) return undefined;
  if (row.body_hash !== bodyHash)
    throw problem('idempotency-key-reused', 'This Idempotency-Key was already used with a different body', {
      extensions: { runId: row.run_id },
    });
  return row.run_id;
}

class IdempotencyRace extends Error {}

async function createRun(
  ctx: RestContext,
  trigger: WebhookTrigger,
  o: {
    input: Record<string, unknown>;
    staged: StagedMedia[];
    signature: string;
    idempotencyKey: string | null;
    bodyHash: string;
  },
): Promise<{ runId?: string; replayedRunId?: string }> {
  try {
    const runId = await withTransaction(ctx.db, async (client) => {
      const guard = await client.query(
        `INSERT INTO seen_signatures (trigger_id, signature, expires_at)
         VALUES ($1, $2, now() + make_interval(secs => $3)) ON CONFLICT DO NOTHING`,
        [trigger.id, o.signature, ctx.limits.signatureToleranceSec * 2],
      );
      if (guard.rowCount === 0) throw replayed();
      const media = await commitStagedMedia(client, trigger.workspaceId, o.staged);
      const input = media.length ? { ...o.input, media: [...asArray(o.input.media), ...media] } : o.input;
      const { runId } = await ctx.engine.startRun(
        {
          workspaceId: trigger.workspaceId,
          workflowId: trigger.workflowId,
          workflowVersionId: trigger.versionId!,
          input,
          triggerKind: 'webhook',
          triggerId: trigger.id,
        },
        client,
      );
      if (o.idempotencyKey) {
        // An expired key is taken over; a live one means a concurrent twin won the race.
        const taken = await client.query(
          `INSERT INTO idempotency_keys (trigger_id, key, body_hash, run_id, expires_at)
           VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))
           ON CONFLICT (trigger_id, key) DO UPDATE
             SET body_hash = EXCLUDED.body_hash, run_id = EXCLUDED.run_id, created_at = now(), expires_at = EXCLUDED.expires_at
             WHERE idempotency_keys.expires_at <= now()`,
          [trigger.id, o.idempotencyKey, o.bodyHash, runId, IDEMPOTENCY_TTL_SEC],
        );
        if (taken.rowCount === 0) throw new IdempotencyRace();
      }
      return runId;
    });
    return { runId };
  } catch (error) {
    // A concurrent twin (same key, maybe the very same signed bytes) committed first.
    if (
      error instanceof IdempotencyRace ||
      (error instanceof ProblemError && error.slug === 'signature-replayed' && o.idempotencyKey)
    ) {
      const runId = await findIdempotentRun(ctx, trigger.id, o.idempotencyKey!, o.bodyHash);
      if (runId) return { replayedRunId: runId };
    }
    if (error instanceof RunStateError) throw problem('conflict', error.message);
    throw error;
  }
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
