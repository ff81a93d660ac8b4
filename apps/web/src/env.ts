import path from 'node:path';
import { z } from 'zod';

const schema = z.object({
  DATABASE_URL: z.string().min(1, 'DATABASE_URL is required (npm start sets it)'),
  /** 32 bytes, hex or base64: encrypts secrets; npm start passes the runner's key. */
  CONVEYOR_SECRET_KEY: z.string().optional(),
  /** Where the content-addressed media store lives (shared with the runner and pools). */
  CONVEYOR_DATA_DIR: z.string().default(path.resolve(process.cwd(), '../../.data')),
  /** Largest upload or fetched media object accepted. */
  CONVEYOR_MAX_MEDIA_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(100 * 1024 * 1024),
  /** Outbound HTTP allow-list (host, host:port or CIDR), comma-separated. */
  CONVEYOR_OUTBOUND_ALLOW: z.string().default(''),
  /** Public URL of the web app (sign-in callbacks, links in messages). */
  NEXTAUTH_URL: z.url().optional(),
  /** Signs session cookies; derived from CONVEYOR_SECRET_KEY (HKDF) when unset. */
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  /** OpenID Connect sign-in, on when issuer, client id and secret are all set. */
  CONVEYOR_OIDC_ISSUER: z.url().optional(),
  CONVEYOR_OIDC_CLIENT_ID: z.string().min(1).optional(),
  CONVEYOR_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** Label of the OIDC button on the sign-in page. */
  CONVEYOR_OIDC_NAME: z.string().min(1).default('Single sign-on'),
  /** pino level of the web process's loggers. */
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info'),
  /** How old a runner heartbeat may be before health reports the runner down. */
  CONVEYOR_RUNNER_STALE_MS: z.coerce.number().int().min(1000).default(15_000),
  /** Bearer token Prometheus must send to GET /metrics; unset = loopback callers only. */
  CONVEYOR_METRICS_TOKEN: z.string().min(16, 'CONVEYOR_METRICS_TOKEN must be at least 16 characters').optional(),
});

export type WebEnv = z.infer<typeof schema>;

let cached: WebEnv | undefined;

/** The only place the web app reads process.env; read lazily so `next build` needs none. */
export function env(): WebEnv {
  cached ??= schema.parse(process.env);
  return cached;
}

/** Splits CONVEYOR_OUTBOUND_ALLOW into hosts and CIDRs for the SSRF guard. */
export function outboundAllowList(e: WebEnv = env()): { allowHosts: string[]; allowCidrs: string[] } {
  const allow = e.CONVEYOR_OUTBOUND_ALLOW.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return { allowHosts: allow.filter((a) => !a.includes('/')), allowCidrs: allow.filter((a) => a.includes('/')) };
}
