// The web process's REST surface, alone in its own process, for the webhook benchmark:
// the same handlers as the Next route (createRestHandler), the same pool sizes as the web
// app, control-only engine (no step workers: the runner is another process). Prints one
// JSON line with its URL once it listens. Run with tsx --tsconfig apps/web/tsconfig.json.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { createDb } from '@conveyor/db';
import { LocalMediaStore, createEngine, createGuardedFetch, startBoss } from '@conveyor/engine/server';
import { serveFetchHandler } from '../../apps/web/src/server/rest/node-http-adapter.ts';
import { TokenBuckets } from '../../apps/web/src/server/rest/rate-limiter.ts';
import { DEFAULT_REST_LIMITS } from '../../apps/web/src/server/rest/rest-context.ts';
import { createRestHandler } from '../../apps/web/src/server/rest/rest-router.ts';
import { createRunWaiter } from '../../apps/web/src/server/rest/run-waiter.ts';

const url = process.env.BENCH_DATABASE_URL!;
const mediaDir = process.env.BENCH_MEDIA_DIR!;
mkdirSync(mediaDir, { recursive: true });
const db = createDb({ url, max: 10, applicationName: 'conveyor-web' });
const boss = await startBoss({ url, max: 4, listenNotify: false });
const fetch = createGuardedFetch();
const refuse = () => {
  throw new Error('the web process executes no steps');
};
const engine = createEngine({
  db,
  boss,
  logger: pino({ level: 'silent' }),
  executors: [],
  media: refuse as never,
  infer: refuse as never,
  secrets: refuse as never,
  fetch,
});
const waiter = createRunWaiter(db);
const server = await serveFetchHandler(
  createRestHandler({
    db,
    engine,
    store: new LocalMediaStore(path.resolve(mediaDir)),
    fetch,
    secretKey: Buffer.from(process.env.BENCH_SECRET_KEY!, 'hex'),
    waiter,
    buckets: new TokenBuckets(),
    limits: DEFAULT_REST_LIMITS,
    log: (error) => console.error(error),
  }),
);
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.on('SIGTERM', () => {
  void (async () => {
    await server.close();
    await waiter.close();
    await boss.stop({ graceful: false });
    await db.close();
    process.exit(0);
  })();
});
