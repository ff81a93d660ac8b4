import { z } from 'zod';
import { defineNode } from '../sdk/define-node.ts';

/** RFC 9110 token: the characters a header name may use. */
const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/, 'Not a valid header name');
/** No CR/LF: a newline in a header value would let a config inject extra headers. */
const headerValue = z
  .string()
  .max(1024)
  .regex(/^[^\r\n\0]*$/, 'Header values cannot contain line breaks');

/**
 * Set by the platform on every delivery (signature, idempotency, framing); letting a
 * config override them would break verification or let it spoof a signature.
 */
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'content-type',
  'transfer-encoding',
  'connection',
  'conveyor-signature',
  'idempotency-key',
]);

export const webhookConfigSchema = z.strictObject({
  url: z
    .url({ protocol: /^https?$/, error: 'Use an http:// or https:// address' })
    .max(2048)
    .refine((url) => {
      const parsed = URL.parse(url);
      return parsed !== null && parsed.username === '' && parsed.password === '';
    }, 'Put credentials in a secret, not in the address')
    .meta({ title: 'Address', description: 'Where the result is POSTed as JSON', widget: 'url' }),
  method: z.enum(['POST', 'PUT']).default('POST').meta({ title: 'Method', widget: 'select' }),
  headers: z
    .record(headerName, headerValue)
    .default({})
    .superRefine((headers, ctx) => {
      for (const name of Object.keys(headers)) {
        if (RESERVED_HEADERS.has(name.toLowerCase())) {
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message: `'${name}' is set by Conveyor and cannot be overridden`,
          });
        }
      }
    })
    .meta({ title: 'Extra headers', widget: 'key-value' }),
  secret: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'Credential names use letters, digits, ".", "_" and "-"')
    .meta({
      title: 'Signing credential',
      description: 'Credential whose secret signs each request (Conveyor-Signature header)',
      widget: 'credential-picker',
    }),
  timeoutMs: z
    .number()
    .int()
    .min(1000)
    .max(60_000)
    .default(10_000)
    .meta({ title: 'Timeout (ms)', description: 'Per attempt' }),
  maxAttempts: z
    .number()
    .int()
    .min(1)
    .max(10)
    .default(5)
    .meta({ title: 'Most attempts', description: 'Failed deliveries (timeouts, 5xx, 429) are retried with backoff' }),
});

export const webhookDefinition = defineNode({
  type: 'webhook',
  version: 1,
  title: 'Send webhook',
  category: 'output',
  description: 'Sends the result to another system as signed JSON, retrying until it is accepted.',
  icon: 'send',
  config: webhookConfigSchema,
  inputs: {
    payload: {
      type: 'any',
      title: 'Payload',
      required: true,
      // Alternative branches (rule approve, reviewer approve/reject) converge on one delivery.
      multiple: true,
    },
  },
  outputs: {
    response: { type: 'record', title: 'Response' },
    error: { type: 'record', title: 'Error', kind: 'error' },
  },
});
