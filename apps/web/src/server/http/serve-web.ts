// The web process as `npm start` runs it (node --import tsx, cwd apps/web): Next serves
// the app, tRPC, REST v1, /metrics and health from its build; signed webhooks
// (`/api/hooks/*`) go straight to their handler on the same port, past Next's router.
// Through `next start` the intake managed ~600 accepted/s at c50 on 2 cores (Next's
// per-request work, not ours); the handler on a plain Node server takes several times that.
// The Next route for webhooks stays: `next dev` and any deployment that runs `next start`
// still serve /api/hooks/*, through the same handler.
import { createServer } from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import next from 'next';
import { parseSecretKey } from '@conveyor/db';
import { env, outboundAllowList } from '../../env.ts';
import { handleWebhook } from '../rest/hooks-handler.ts';
import { createIntakeContext } from '../rest/intake-context.ts';
import { serveNodeRequest } from '../rest/node-http-adapter.ts';
import { safeDecode } from '../rest/rest-router.ts';

// `npm start` passes both (its PORT and HOSTNAME).
const { values } = parseArgs({ options: { port: { type: 'string' }, hostname: { type: 'string' } } });
const port = Number(values.port ?? 3000);
const hostname = values.hostname ?? '127.0.0.1';
const e = env();

const app = next({ dev: false, dir: path.resolve(import.meta.dirname, '../../..'), hostname, port });
const handle = app.getRequestHandler();
await app.prepare();
const intake = await createIntakeContext({
  databaseUrl: e.DATABASE_URL,
  secretKey: e.CONVEYOR_SECRET_KEY ? parseSecretKey(e.CONVEYOR_SECRET_KEY) : undefined,
  mediaDir: path.join(e.CONVEYOR_DATA_DIR, 'media'),
  maxMediaBytes: e.CONVEYOR_MAX_MEDIA_BYTES,
  allow: outboundAllowList(e),
  logLevel: e.LOG_LEVEL,
});

const HOOK = /^\/api\/hooks\/([^/?]+)\/?(?:\?|$)/;
const server = createServer((req, res) => {
  const hook = HOOK.exec(req.url ?? '');
  if (hook) return serveNodeRequest((request) => handleWebhook(intake, safeDecode(hook[1]!), request), req, res);
  void handle(req, res);
});
server.keepAliveTimeout = 5000;
server.listen(port, hostname, () =>
  console.log(`▲ Conveyor web on http://${hostname}:${port} (Next, webhooks direct)`),
);
server.on('error', (error) => {
  console.error(error);
  process.exit(1);
});

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  server.close();
  // Idle keep-alive sockets would hold close() open; requests in flight finish first.
  server.closeIdleConnections();
  void Promise.allSettled([intake.close(), app.close()]).finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 10_000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
