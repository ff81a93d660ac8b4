import { z } from 'zod';

const schema = z.object({
  DATABASE_URL: z.string().min(1, 'DATABASE_URL is required (npm start sets it)'),
  CONVEYOR_SECRET_KEY: z.string().optional(),
  /** How old a runner heartbeat may be before health reports the runner down. */
  CONVEYOR_RUNNER_STALE_MS: z.coerce.number().int().min(1000).default(15_000),
});

export type WebEnv = z.infer<typeof schema>;

let cached: WebEnv | undefined;

/** The only place the web app reads process.env; read lazily so `next build` needs none. */
export function env(): WebEnv {
  cached ??= schema.parse(process.env);
  return cached;
}
