import type { Prisma } from '@prisma/client';
import type { Db } from './client.ts';

export interface HeartbeatInfo {
  id: string;
  kind: 'orchestrator' | 'pool';
  pool?: string;
  host: string;
  pid: number;
  startedAt: Date;
  info?: Record<string, unknown>;
}

export async function beat(db: Pick<Db, 'prisma'>, hb: HeartbeatInfo) {
  const now = new Date();
  const info = (hb.info ?? {}) as Prisma.InputJsonValue;
  await db.prisma.workerHeartbeat.upsert({
    where: { id: hb.id },
    update: { lastSeen: now, info },
    create: { ...hb, pool: hb.pool ?? null, info, lastSeen: now },
  });
}

export async function removeHeartbeat(db: Pick<Db, 'prisma'>, id: string) {
  await db.prisma.workerHeartbeat.deleteMany({ where: { id } });
}

/** Processes seen within `freshMs`, for /api/health and the ops pages. */
export async function liveWorkers(db: Pick<Db, 'prisma'>, freshMs = 15_000) {
  return db.prisma.workerHeartbeat.findMany({
    where: { lastSeen: { gte: new Date(Date.now() - freshMs) } },
    orderBy: { startedAt: 'asc' },
  });
}

/**
 * Beats now and every `intervalMs`; `stop()` clears the timer, waits for a beat still in
 * flight (else it could re-create the row after the delete) and removes the row.
 */
export async function startHeartbeat(
  db: Pick<Db, 'prisma'>,
  hb: Omit<HeartbeatInfo, 'info'> & { info?: () => Record<string, unknown> },
  intervalMs: number,
  onError: (error: unknown) => void,
): Promise<{ stop(): Promise<void> }> {
  let inFlight: Promise<void> = Promise.resolve();
  const tick = () => {
    inFlight = beat(db, { ...hb, info: hb.info?.() ?? {} }).catch(onError);
    return inFlight;
  };
  await tick();
  const timer = setInterval(tick, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await inFlight;
      await removeHeartbeat(db, hb.id).catch(onError);
    },
  };
}
