import path from 'node:path';
import { z } from 'zod';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');

const schema = z.object({
  DATABASE_URL: z.string().min(1).optional(),
  CONVEYOR_DATA_DIR: z.string().default(path.join(REPO_ROOT, '.data')),
  CONVEYOR_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOSTNAME: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info'),
  /** 32 bytes, hex or base64. Unset: generated once and kept in the data folder. */
  CONVEYOR_SECRET_KEY: z.string().optional(),
  CONVEYOR_ADMIN_EMAIL: z.email().default('admin@conveyor.local'),
  CONVEYOR_ADMIN_PASSWORD: z.string().min(8).optional(),
  /** Pools `up` starts next to the runner, comma-separated. */
  CONVEYOR_POOLS: z.string().default('cpu'),
  /**
   * `npm start` submits a few sample warranty claims into the demo workspace the first time
   * it starts (a workspace that has never had a run); `0` turns that off.
   */
  CONVEYOR_DEMO_CLAIMS: z.stringbool().default(true),
  /** Set by `up` for its children: stop when the supervisor is gone. */
  CONVEYOR_SUPERVISED: z.stringbool().default(false),
  /** Public URL of the web app (sign-in callbacks, links in messages). */
  NEXTAUTH_URL: z.url().optional(),
  /** Outbound HTTP allow-list (host, host:port or CIDR), comma-separated; private addresses are refused otherwise. */
  CONVEYOR_OUTBOUND_ALLOW: z.string().default(''),
  /** Step jobs one runner fetches per poll and runs concurrently. */
  CONVEYOR_STEP_BATCH: z.coerce.number().int().min(1).max(500).default(50),
  /** Largest media object a node may store (frames, downloads, crops). */
  CONVEYOR_MAX_MEDIA_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(100 * 1024 * 1024),
  CONVEYOR_HEARTBEAT_MS: z.coerce.number().int().min(100).default(5000),
});

export type RunnerEnv = z.infer<typeof schema>;

/** What children inherit: the supervisor passes its whole environment through. */
export function inheritedEnv(): NodeJS.ProcessEnv {
  return { ...process.env };
}

/** The only place the runner reads process.env. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): RunnerEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`Invalid environment: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}
