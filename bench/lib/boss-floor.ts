import { PgBoss } from 'pg-boss';
import { percentile } from './suite.ts';

/**
 * The raw pg-boss hop on this machine: a worker's handler sends the next job of a chain
 * and wakes its own worker (notifyWorker), exactly the mechanism the engine uses — minus
 * every bit of engine work. Latency = send → handler entry.
 */
export async function measureBossHopFloor(url: string, hops: number): Promise<{ p50: number; p99: number }> {
  const boss = new PgBoss({ connectionString: url, schema: 'pgboss', useListenNotify: true });
  boss.on('error', () => {});
  await boss.start();
  await boss.createQueue('floor', { notify: true } as never);
  const samples: number[] = [];
  let workerId = '';
  let remaining = hops;
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  workerId = await boss.work<{ sentAt: number }>(
    'floor',
    { batchSize: 16, pollingIntervalSeconds: 1 },
    async (jobs) => {
      for (const job of jobs) {
        samples.push(performance.now() - job.data.sentAt);
        if (--remaining <= 0) return done();
        await boss.send('floor', { sentAt: performance.now() });
        boss.notifyWorker(workerId);
      }
    },
  );
  await boss.send('floor', { sentAt: performance.now() });
  boss.notifyWorker(workerId);
  await finished;
  await boss.stop({ graceful: false });
  samples.shift(); // the first includes the worker's start-up
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}
