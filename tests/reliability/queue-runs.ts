import pino from 'pino';
import { encryptSecret, parseSecretKey, type Db } from '@conveyor/db';
import { createWorkflow, createWorkspace } from '@conveyor/db/factories';
import { createEngine, ensureQueues, sha256Json, startBoss } from '@conveyor/engine/server';
import { fiveNodeGraph } from './pass-node.ts';

/**
 * Publishes the 5-node webhook workflow in a new workspace (with the receiver's signing
 * credential) and starts `runs` runs from this process, which runs no workers: the runs
 * wait in the queue for the runner process under test.
 */
export async function queueFiveNodeRuns(o: {
  db: Db;
  url: string;
  receiverPort: number;
  secretKeyHex: string;
  runs: number;
}) {
  const ws = await createWorkspace(o.db);
  await o.db.prisma.credential.create({
    data: {
      workspaceId: ws.id,
      name: 'receiver',
      kind: 'hmac_secret',
      ciphertext: encryptSecret(parseSecretKey(o.secretKeyHex), 'whsec_test'),
    },
  });
  const graph = fiveNodeGraph(`http://127.0.0.1:${o.receiverPort}/hook`);
  const wf = await createWorkflow(o.db, { workspaceId: ws.id, graph });
  const version = await o.db.prisma.workflowVersion.create({
    data: { workflowId: wf.id, version: 1, graph, graphHash: sha256Json(graph), published: true },
  });
  const boss = await startBoss({ url: o.url, max: 4 });
  await ensureQueues(boss);
  const unused = () => {
    throw new Error('the starter runs no steps');
  };
  const starter = createEngine({
    db: o.db,
    boss,
    logger: pino({ level: 'silent' }),
    executors: [],
    media: unused as never,
    infer: unused as never,
    secrets: unused as never,
    fetch: unused as never,
  });
  for (let i = 0; i < o.runs; i += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, o.runs - i) }, (_, k) =>
        starter.startRun({
          workspaceId: ws.id,
          workflowId: wf.id,
          workflowVersionId: version.id,
          input: { claim: i + k },
        }),
      ),
    );
  }
  await boss.stop({ graceful: false });
}
