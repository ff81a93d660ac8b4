import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedModels } from '@conveyor/db';
import { createWorkspace } from '@conveyor/db/factories';
import { LocalMediaStore, createWorkspaceMedia, startBoss } from '@conveyor/engine/server';
import {
  DEFAULT_MODELS,
  createDefectClassifierBackend,
  createInferClient,
  createModelRegistry,
  encodePng,
  generateSample,
} from '@conveyor/inference';
import type { MediaRef } from '@conveyor/nodes';
import { createTestDatabase, type TestDatabase } from '@conveyor/testing';

// A pool worker process is killed with SIGKILL while a batch is inside the model. Its
// requests must be retried by a restarted worker (pg-boss heartbeats + the pool's reclaim):
// every request answered, each with its own image's result, none lost.
const REQUESTS = 120;
let t: TestDatabase;
let mediaRoot: string;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  await seedModels(t.db, DEFAULT_MODELS);
  mediaRoot = await mkdtemp(path.join(os.tmpdir(), 'pool-kill-media-'));
  await chmod(mediaRoot, 0o755);
});
afterAll(async () => {
  for (const w of workers) w.kill('SIGKILL');
  await t?.drop();
  await rm(mediaRoot, { recursive: true, force: true });
});

interface Worker {
  child: ChildProcess;
  lines: string[];
  exited: Promise<unknown>;
}

function startWorker(): Promise<Worker> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'pool-worker-process.ts'), t.url, mediaRoot, '400'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  workers.push(child);
  const lines: string[] = [];
  const exited = new Promise((r) => child.once('exit', r));
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (d) => {
      buffered += String(d);
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      lines.push(...parts);
      if (parts.includes('ready')) resolve({ child, lines, exited });
    });
    child.once('exit', (code) => reject(new Error(`pool worker exited ${code}`)));
  });
}

describe('pool worker killed with SIGKILL mid-batch', () => {
  it('has its requests retried and completed by a restarted worker, none lost', async () => {
    const workspaceId = (await createWorkspace(t.db)).id;
    const media = createWorkspaceMedia({ db: t.db, store: new LocalMediaStore(mediaRoot), workspaceId, maxBytes: 1e7 });
    const images = Array.from({ length: REQUESTS }, (_, i) => encodePng(generateSample(8080, i)));
    const refs: MediaRef[] = [];
    for (const bytes of images) refs.push(await media.put(bytes, { contentType: 'image/png' }));
    // The answer for each image, from the same model in this process.
    const local = createDefectClassifierBackend({ intraOpNumThreads: 1 });
    const expected = (await local.run(
      images.map((bytes) => ({ bytes, params: {}, putMedia: async () => refs[0]! })),
    )) as {
      scores: { label: string; score: number }[];
    }[];

    const boss = await startBoss({ url: t.url, max: 4 });
    const client = await createInferClient({ db: t.db, boss, registry: createModelRegistry(t.db), timeoutMs: 90_000 });
    try {
      const first = await startWorker();
      const infer = client.forWorkspace(workspaceId);
      let answered = 0;
      const pending = refs.map((ref) =>
        infer({ model: 'defect-classifier', inputs: { media: ref } }).then((r) => {
          answered++;
          return r;
        }),
      );
      // Kill while a batch is in the model: after a few finished batches, right after a start.
      const deadline = Date.now() + 60_000;
      const inFlight = () => {
        const ends = first.lines.filter((l) => l.startsWith('batch-end')).length;
        const last = first.lines.at(-1) ?? '';
        return ends >= 3 && last.startsWith('batch-start');
      };
      while (!inFlight() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      expect(inFlight()).toBe(true);
      first.child.kill('SIGKILL');
      const killedAt = Date.now();
      await first.exited;
      const killedBatch = Number(first.lines.at(-1)!.split(' ')[2]);
      const answeredAtKill = answered;
      expect(answeredAtKill).toBeLessThan(REQUESTS);

      const second = await startWorker();
      const results = await Promise.all(pending);
      const recoveredMs = Date.now() - killedAt;

      // Every request answered with its own image's scores.
      expect(results).toHaveLength(REQUESTS);
      results.forEach((r, i) => {
        expect(r.model).toEqual({ name: 'defect-classifier', version: '1.0.0' });
        const got = (r.outputs as { scores: { label: string; score: number }[] }).scores;
        got.forEach((s, k) => expect(Math.abs(s.score - expected[i]!.scores[k]!.score)).toBeLessThan(1e-5));
      });
      // The killed batch's requests went through pg-boss's retry, not around it.
      const { rows } = await t.db.pool.query<{ retried: number; completed: number }>(
        `SELECT count(*) FILTER (WHERE retry_count > 0)::int AS retried,
                count(*) FILTER (WHERE state = 'completed')::int AS completed
           FROM pgboss.job WHERE name = 'conveyor-pool-cpu'`,
      );
      expect(rows[0]!.retried).toBeGreaterThan(0);
      expect(rows[0]!.completed).toBe(REQUESTS);
      const secondItems = second.lines
        .filter((l) => l.startsWith('batch-start'))
        .reduce((n, l) => n + Number(l.split(' ')[2]), 0);
      console.log(
        `pool kill: ${REQUESTS} requests; ${answeredAtKill} answered before the kill (batch ${killedBatch} in flight); ` +
          `${rows[0]!.retried} retried; restarted worker ran ${secondItems} items; ${REQUESTS} answered, 0 lost; ` +
          `all answered ${(recoveredMs / 1000).toFixed(1)} s after the kill`,
      );
      second.child.kill('SIGTERM');
    } finally {
      await client.close();
      await boss.stop({ graceful: false });
    }
  }, 150_000);
});
