import { getSessionUser } from '@/server/auth/session';
import { getDb } from '@/server/db';
import { getWorkspaceForUser } from '@/server/services/workspaces/get-workspace-for-user';
import { subscribeInbox } from '@/server/services/inbox/inbox-events';

export const dynamic = 'force-dynamic';

/**
 * Server-sent events for an open inbox: `change` whenever a task of this workspace opens,
 * is claimed, released, decided or escalated (coalesced to one event per 100 ms), and a
 * heartbeat comment every 25 s so proxies keep the stream open.
 */
export async function GET(req: Request, { params }: { params: Promise<{ slug: string }> }) {
  const user = await getSessionUser();
  if (!user) return new Response('Sign in to continue', { status: 401 });
  const { slug } = await params;
  const workspace = await getWorkspaceForUser({ db: getDb(), userId: user.id, slug });
  if (!workspace || !workspace.permissions.includes('task:read')) return new Response('Not found', { status: 404 });

  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let pending: NodeJS.Timeout | undefined;
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const unsubscribe = await subscribeInbox(workspace.id, () => {
        pending ??= setTimeout(() => {
          pending = undefined;
          send(`event: change\ndata: ${Date.now()}\n\n`);
        }, 100);
      });
      const heartbeat = setInterval(() => send(': keep-alive\n\n'), 25_000);
      cleanup = () => {
        clearInterval(heartbeat);
        clearTimeout(pending);
        unsubscribe();
      };
      req.signal.addEventListener('abort', () => {
        cleanup();
        try {
          controller.close();
        } catch {
          /* already closed */
        }
      });
      send('retry: 2000\nevent: ready\ndata: ok\n\n');
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' },
  });
}
