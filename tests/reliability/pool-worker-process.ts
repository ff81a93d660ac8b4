// A pool worker process for the pool-kill test: the production pool worker serving the
// project's defect classifier from the workspace media store, started as its own process so
// the test can SIGKILL it mid-batch. Each batch takes at least <batch ms> (a GPU-sized batch
// latency on top of the real model) and is announced on stdout, so the test knows when a
// batch is in flight.
// Usage: node --import tsx pool-worker-process.ts <database url> <media root> <batch ms>
import { createDb } from '@conveyor/db';
import { BOSS_SCHEMA, LocalMediaStore, createWorkspaceMedia, startBoss } from '@conveyor/engine/server';
import { createDefectClassifierBackend, startPoolWorker, type InferenceBackend } from '@conveyor/inference';

const [url, mediaRoot, batchMs] = process.argv.slice(2) as [string, string, string];
const db = createDb({ url, max: 4, applicationName: 'pool-kill-worker' });
const boss = await startBoss({ url, max: 4 });
const store = new LocalMediaStore(mediaRoot);
const classifier = createDefectClassifierBackend({ intraOpNumThreads: 1 });
let batches = 0;
const announced: InferenceBackend = {
  ...classifier,
  load: () => classifier.load(),
  async run(items) {
    const n = ++batches;
    process.stdout.write(`batch-start ${n} ${items.length}\n`);
    const [results] = await Promise.all([classifier.run(items), new Promise((r) => setTimeout(r, Number(batchMs)))]);
    process.stdout.write(`batch-end ${n}\n`);
    return results;
  },
};
await startPoolWorker({
  db,
  boss,
  pool: 'cpu',
  backends: [announced],
  maxBatchSize: 8,
  maxWaitMs: 10,
  bossSchema: BOSS_SCHEMA,
  readMedia: (ws, ref) => createWorkspaceMedia({ db, store, workspaceId: ws, maxBytes: 1e7 }).get(ref),
  putMedia: () => Promise.reject(new Error('not used')),
});
process.stdout.write('ready\n');
