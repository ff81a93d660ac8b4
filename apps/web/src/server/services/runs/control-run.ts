import type { Db } from '@conveyor/db';
import { RunStateError, type Engine } from '@conveyor/engine/server';
import { AppError } from '../../errors.ts';
import { runNotFound, runStateConflict } from './errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Control = Pick<Engine, 'cancelRun' | 'rerunFromStep'>;

interface ControlInput {
  db: Db;
  engine: Control;
  workspaceId: string;
  runId: string;
  userId: string;
}

/** The run must belong to the caller's workspace before the engine touches it. */
async function assertRunInWorkspace(db: Db, workspaceId: string, runId: string): Promise<void> {
  if (!UUID.test(runId)) throw runNotFound(runId);
  const { rowCount } = await db.pool.query('SELECT 1 FROM runs WHERE id = $1 AND workspace_id = $2', [
    runId,
    workspaceId,
  ]);
  if (!rowCount) throw runNotFound(runId);
}

function fromEngine(error: unknown): never {
  if (error instanceof RunStateError) {
    throw error.code === 'not_found'
      ? new AppError('NOT_FOUND', 'node_not_found', error.message)
      : runStateConflict(error.message);
  }
  throw error;
}

/**
 * Cancels a queued, running or waiting run (pending steps, open review tasks and running
 * executions with it). A finished run is a CONFLICT that names its state.
 */
export async function cancelRun({ db, engine, workspaceId, runId, userId }: ControlInput): Promise<{ runId: string }> {
  await assertRunInWorkspace(db, workspaceId, runId);
  try {
    await engine.cancelRun(runId, { type: 'user', id: userId });
  } catch (error) {
    fromEngine(error);
  }
  return { runId };
}

/**
 * Re-runs a finished run from one node: a new run on the same version that keeps every
 * settled step upstream of the node. Answers the new run's id.
 */
export async function rerunRunFromStep({
  db,
  engine,
  workspaceId,
  runId,
  userId,
  nodeId,
}: ControlInput & { nodeId: string }): Promise<{ runId: string }> {
  await assertRunInWorkspace(db, workspaceId, runId);
  try {
    return await engine.rerunFromStep(runId, nodeId, { type: 'user', id: userId });
  } catch (error) {
    fromEngine(error);
  }
}
