import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures, the same scheme both ways (inbound triggers, outbound webhooks):
 * `Conveyor-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
 * Signing the timestamp with the body lets the receiver refuse replays outside the
 * tolerance window; several v1 values and several secrets allow rotating a secret
 * without a moment where either side rejects the other.
 */

export const SIGNATURE_HEADER = 'Conveyor-Signature';
export const DEFAULT_TOLERANCE_SEC = 300;

type Body = string | Uint8Array;

function toUnixSeconds(timestamp: number | Date): number {
  return timestamp instanceof Date ? Math.floor(timestamp.getTime() / 1000) : Math.floor(timestamp);
}

function hmac(secret: string, timestamp: number, body: Body): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
}

/** The header value for `body`, e.g. `t=1767225600,v1=5f0c…`. */
export function signPayload(secret: string, body: Body, timestamp: number | Date = new Date()): string {
  const t = toUnixSeconds(timestamp);
  return `t=${t},v1=${hmac(secret, t, body).toString('hex')}`;
}

export interface ParsedSignature {
  timestamp: number;
  /** Every v1 digest in the header (a sender mid-rotation signs with old and new secret). */
  signatures: Buffer[];
}

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/** Undefined when the header is not of the `t=…,v1=…` form. Unknown schemes (v0, v2…) are skipped. */
export function parseSignatureHeader(header: string): ParsedSignature | undefined {
  let timestamp: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq === -1) return undefined;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (timestamp !== undefined || !/^\d{1,12}$/.test(value)) return undefined;
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!HEX_SHA256.test(value)) return undefined;
      signatures.push(Buffer.from(value, 'hex'));
    }
  }
  if (timestamp === undefined || signatures.length === 0) return undefined;
  return { timestamp, signatures };
}

export type SignatureFailure = 'missing' | 'malformed' | 'mismatch' | 'expired';

export type SignatureVerification =
  | {
      ok: true;
      timestamp: number;
      /** Which of the given secrets matched (rotation bookkeeping). */ secretIndex: number;
    }
  | { ok: false; reason: SignatureFailure; message: string };

export interface VerifyOptions {
  /** Largest allowed distance, past or future, between the signed time and now. */
  toleranceSec?: number;
  now?: Date;
}

/**
 * Checks the header against each secret in constant time per comparison. The signature is
 * checked before the clock, so `expired` is only ever said about an authentic request
 * (a replay, or a sender with a wrong clock), never revealed to a forger.
 */
export function verifySignature(
  header: string | null | undefined,
  body: Body,
  secrets: readonly string[],
  options: VerifyOptions = {},
): SignatureVerification {
  const verifier = createSignatureVerifier(header, secrets, options);
  if (!verifier.ok) return verifier;
  verifier.update(body);
  return verifier.verify();
}

export interface StreamingSignatureVerifier {
  ok: true;
  /** Feeds the next bytes of the body, in order. */
  update(chunk: Body): void;
  /** Once the whole body went through `update`: the same answer verifySignature gives. */
  verify(): SignatureVerification;
}

/**
 * verifySignature for a body read as a stream (a multipart upload that is never held in
 * memory whole). The header is checked up front, so a request without a well-formed
 * signature is refused before its body is read.
 */
export function createSignatureVerifier(
  header: string | null | undefined,
  secrets: readonly string[],
  { toleranceSec = DEFAULT_TOLERANCE_SEC, now = new Date() }: VerifyOptions = {},
): StreamingSignatureVerifier | Extract<SignatureVerification, { ok: false }> {
  if (secrets.length === 0) throw new TypeError('verifySignature needs at least one secret');
  if (!header) return { ok: false, reason: 'missing', message: `${SIGNATURE_HEADER} header is missing` };
  const parsed = parseSignatureHeader(header);
  if (!parsed) {
    return { ok: false, reason: 'malformed', message: `${SIGNATURE_HEADER} must look like t=<unix>,v1=<hex>` };
  }
  const macs = secrets.map((secret) => createHmac('sha256', secret).update(`${parsed.timestamp}.`));
  return {
    ok: true,
    update(chunk) {
      for (const mac of macs) mac.update(chunk);
    },
    verify() {
      const secretIndex = macs.findIndex((mac) => {
        const expected = mac.digest();
        return parsed.signatures.some((given) => timingSafeEqual(given, expected));
      });
      if (secretIndex === -1) {
        return { ok: false, reason: 'mismatch', message: 'signature does not match the body and timestamp' };
      }
      const skew = toUnixSeconds(now) - parsed.timestamp;
      if (Math.abs(skew) > toleranceSec) {
        const when = skew > 0 ? `${skew} s old` : `${-skew} s in the future`;
        return {
          ok: false,
          reason: 'expired',
          message: `signature timestamp is ${when} (tolerance ${toleranceSec} s)`,
        };
      }
      return { ok: true, timestamp: parsed.timestamp, secretIndex };
    },
  };
}
