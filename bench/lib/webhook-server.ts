// The web process's REST surface, alone in its own process, for the webhook benchmark:
// the same handlers and the same intake context as the web server's webhook fast path
// (apps/web/src/server/http/serve-web.ts), no step workers (the runner is another
// process). Prints one JSON line with its URL once it listens. Run with tsx --tsconfig
// apps/web/tsconfig.json.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createIntakeContext } from '../../apps/web/src/server/rest/intake-context.ts';
import { serveFetchHandler } from '../../apps/web/src/server/rest/node-http-adapter.ts';
import { createRestHandler } from '../../apps/web/src/server/rest/rest-router.ts';

const mediaDir = process.env.BENCH_MEDIA_DIR!;
mkdirSync(mediaDir, { recursive: true });
const ctx = await createIntakeContext({
  databaseUrl: process.env.BENCH_DATABASE_URL!,
  secretKey: Buffer.from(process.env.BENCH_SECRET_KEY!, 'hex'),
  mediaDir: path.resolve(mediaDir),
  logLevel: 'silent',
});
const server = await serveFetchHandler(createRestHandler(ctx));
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.on('SIGTERM', () => {
  void (async () => {
    await server.close();
    await ctx.close();
    process.exit(0);
  })();
});
