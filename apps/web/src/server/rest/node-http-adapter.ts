import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

export type FetchHandler = (request: Request) => Promise<Response>;

/**
 * Serves Fetch-API handlers (the same functions the Next route handlers call) on a plain
 * Node HTTP server: the request body stays a stream, so truncated and stalled uploads
 * behave as they do behind `next start`. Used by the integration tests, the bad-input
 * corpus and the benchmark.
 */
export function toRequest(req: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
    else if (value !== undefined) headers.set(name, value);
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(new URL(req.url ?? '/', origin), {
    method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
  } as RequestInit);
}

export async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  if (!response.body) return void res.end();
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
  res.end();
}

export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** One Node request through a Fetch handler (a failure that escapes it is a bare 500). */
export function serveNodeRequest(handler: FetchHandler, req: IncomingMessage, res: ServerResponse): void {
  const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
  // An answer sent before the body was read (413, 408, 401): drop the rest of it.
  res.on('finish', () => !req.complete && req.destroy());
  handler(toRequest(req, origin))
    .then((response) => writeResponse(res, response))
    .catch(() => {
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
}

export async function serveFetchHandler(handler: FetchHandler, port = 0): Promise<RunningServer> {
  const server = createServer((req, res) => serveNodeRequest(handler, req, res));
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
