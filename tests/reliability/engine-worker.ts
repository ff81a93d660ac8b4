// A runner process for the reliability tests: the production engine with the real node
// executors plus the pass node, started as its own process so the test can SIGKILL it.
// Usage: node --import tsx engine-worker.ts <database url> <allowed receiver host:port> <secret key hex>
import pino from 'pino';
import { createDb, parseSecretKey } from '@conveyor/db';
import { createEngine, createGuardedFetch, createSecretStore, startBoss } from '@conveyor/engine/server';
import { nodeExecutors } from '@conveyor/nodes/server';
import { passExecutor } from './pass-node.ts';

const [url, allow, key] = process.argv.slice(2) as [string, string, string];
const db = createDb({ url, max: 12, applicationName: 'reliability-worker', asyncCommit: true });
const boss = await startBoss({ url, max: 8, asyncCommit: true });
const refuse = () => {
  throw new Error('not used here');
};
const fetch = createGuardedFetch({ allowHosts: [allow] });
const engine = createEngine({
  db,
  boss,
  logger: pino({ level: 'warn' }),
  executors: [...nodeExecutors, passExecutor],
  media: refuse as never,
  infer: refuse as never,
  fetch,
  secrets: (workspaceId) => createSecretStore(db, parseSecretKey(key), workspaceId),
});
// ENGINE_LOOPS: fetch loops (pg-boss localConcurrency); unset, the engine's default.
await engine.startWorkers({
  batchSize: 20,
  pollingIntervalSeconds: 0.5,
  concurrency: process.env.ENGINE_LOOPS ? Number(process.env.ENGINE_LOOPS) : undefined,
});
process.stdout.write('ready\n');
process.on('SIGTERM', async () => {
  await engine.stopWorkers();
  await boss.stop({ graceful: true, timeout: 10_000 });
  await db.close();
  process.exit(0);
});
