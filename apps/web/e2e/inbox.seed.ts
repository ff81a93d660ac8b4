import path from 'node:path';
import pino from 'pino';
import { createDb, type Db } from '@conveyor/db';
import { createWorkflow } from '@conveyor/db/factories';
import {
  createEngine,
  createWorkspaceMedia,
  LocalMediaStore,
  sha256Json,
  startBoss,
  type Engine,
} from '@conveyor/engine/server';
import {
  crackedScreenJpeg,
  scratchedPanelJpeg,
  serialLabelJpeg,
} from '../src/server/services/workflows/demo-samples.data.ts';
import type { E2EState } from './support/roles';

/**
 * Real claims for the inbox tests: a published workflow whose runs go through the real
 * detector, defect classifier and OCR on the app's CPU pool and always stop at a review
 * (no rule in between), started through the engine on the app's own database and media
 * store — the app's runner does the rest.
 */
export const PHOTOS = {
  crack: Buffer.from(crackedScreenJpeg, 'base64'),
  scratch: Buffer.from(scratchedPanelJpeg, 'base64'),
  serial: Buffer.from(serialLabelJpeg, 'base64'),
};

export function reviewGraph() {
  const n = (id: string, type: string, config: unknown, x: number, y: number) => ({
    id,
    type,
    typeVersion: 1,
    config,
    position: { x, y },
  });
  const e = (from: string, fp: string, to: string, tp: string) => ({
    id: `${from}.${fp}->${to}.${tp}`,
    from: { node: from, port: fp },
    to: { node: to, port: tp },
  });
  return {
    nodes: [
      n(
        'claim',
        'ingest',
        {
          acceptedTypes: ['image/jpeg', 'image/png'],
          maxFileMb: 25,
          minFiles: 1,
          maxFiles: 10,
          requiredFields: ['claimId'],
        },
        0,
        200,
      ),
      n('detect', 'detector', { model: 'coco-detector', minConfidence: 0.3, maxDetections: 20 }, 300, 0),
      n('classify', 'classifier', { model: 'defect-classifier', aggregate: 'max' }, 300, 200),
      n('read', 'ocr', { model: 'tesseract-eng', serialPattern: '[A-Z]{2}[0-9]{8}', minConfidence: 0.3 }, 300, 400),
      n(
        'review',
        'human-task',
        {
          title: 'Review warranty claim',
          instructions: 'Check the damage and the serial number; correct boxes and text where the models are wrong.',
          slaMinutes: 480,
          evidenceRequest: {
            url: 'https://claims.example.com/hooks/conveyor/evidence',
            secret: 'claims-webhook',
            slaMinutes: 2880,
            reminderMinutes: 1440,
          },
        },
        600,
        200,
      ),
    ],
    edges: [
      e('claim', 'media', 'detect', 'media'),
      e('claim', 'media', 'classify', 'media'),
      e('claim', 'media', 'read', 'media'),
      e('claim', 'media', 'review', 'media'),
      e('claim', 'record', 'review', 'record'),
      e('detect', 'detections', 'review', 'detections'),
      e('classify', 'classification', 'review', 'classification'),
      e('read', 'text', 'review', 'text'),
    ],
  };
}

export interface InboxSeed {
  db: Db;
  engine: Engine;
  workflowId: string;
  versionId: string;
  startClaim(claimId: string, photos: Buffer[]): Promise<string>;
  close(): Promise<void>;
}

export async function seedInbox(state: E2EState): Promise<InboxSeed> {
  const db = createDb({ url: state.databaseUrl, max: 3, applicationName: 'conveyor-e2e-inbox' });
  const boss = await startBoss({ url: state.databaseUrl, max: 2, listenNotify: false });
  const store = new LocalMediaStore(path.join(state.dataDir, 'media'));
  const workspaceId = state.demoWorkspace.id;
  const media = createWorkspaceMedia({ db, store, workspaceId, maxBytes: 25 * 1024 * 1024 });
  const refuse = () => {
    throw new Error('the test process only starts runs');
  };
  const engine = createEngine({
    db,
    boss,
    logger: pino({ level: 'silent' }),
    executors: [],
    media: () => media,
    infer: refuse as never,
    secrets: refuse as never,
    fetch: refuse as never,
  });
  const graph = reviewGraph();
  const wf = await createWorkflow(db, { workspaceId, graph, name: `Inbox e2e claims ${Date.now().toString(36)}` });
  const version = await db.prisma.workflowVersion.create({
    data: { workflowId: wf.id, version: 1, graph: graph as object, graphHash: sha256Json(graph), published: true },
  });
  return {
    db,
    engine,
    workflowId: wf.id,
    versionId: version.id,
    async startClaim(claimId, photos) {
      const refs = [];
      for (const p of photos)
        refs.push(await media.put(new Uint8Array(p), { contentType: 'image/jpeg', filename: `${claimId}.jpg` }));
      const { runId } = await engine.startRun({
        workspaceId,
        workflowId: wf.id,
        workflowVersionId: version.id,
        input: { record: { claimId, productSku: 'PHONE-X2', purchaseDate: '2026-03-14' }, media: refs },
        correlationKey: claimId,
        triggerKind: 'api',
      });
      return runId;
    },
    async close() {
      await boss.stop({ graceful: false }).catch(() => {});
      await db.close();
    },
  };
}

export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | null | false>,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
