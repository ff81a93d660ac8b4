import 'server-only';
import { INBOX_CHANNEL } from '@conveyor/engine/server';
import { getDb } from '@/server/db';

type Listener = () => void;

interface Hub {
  listeners: Map<string, Set<Listener>>;
  ready?: Promise<void>;
}

const g = globalThis as unknown as { conveyorInboxHub?: Hub };

/**
 * One LISTEN connection per web process, fanned out to every open inbox of the notified
 * workspace: the engine NOTIFYs when a task opens, the inbox services when one is claimed,
 * released, decided or escalated. A lost connection is re-established; open inboxes also
 * refetch on a slow timer, so a gap only delays an update.
 */
function hub(): Hub {
  g.conveyorInboxHub ??= { listeners: new Map() };
  const h = g.conveyorInboxHub;
  h.ready ??= connect(h).catch((error: unknown) => {
    h.ready = undefined;
    throw error;
  });
  return h;
}

async function connect(h: Hub): Promise<void> {
  const client = await getDb().pool.connect();
  const reconnect = () => {
    client.removeAllListeners('notification');
    client.release(true);
    h.ready = undefined;
    setTimeout(() => void hub().ready?.catch(() => {}), 1000).unref();
  };
  client.on('error', reconnect);
  client.on('notification', (n) => {
    if (n.channel !== INBOX_CHANNEL || !n.payload) return;
    for (const fn of h.listeners.get(n.payload) ?? []) fn();
  });
  await client.query(`LISTEN ${INBOX_CHANNEL}`);
}

export async function subscribeInbox(workspaceId: string, fn: Listener): Promise<() => void> {
  const h = hub();
  await h.ready;
  let set = h.listeners.get(workspaceId);
  if (!set) h.listeners.set(workspaceId, (set = new Set()));
  set.add(fn);
  return () => {
    set.delete(fn);
    if (!set.size) h.listeners.delete(workspaceId);
  };
}
