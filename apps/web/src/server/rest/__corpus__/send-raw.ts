import http from 'node:http';

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  /** Sent in order; a number is a pause in ms between parts. */
  parts?: (Buffer | string | number)[];
  /** After the parts: 'end' (complete), 'stall' (send nothing more), 'half-close' (FIN mid-body). */
  finish?: 'end' | 'stall' | 'half-close';
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: Record<string, unknown> | undefined;
}

/**
 * A request written byte by byte over a real socket, so a test can stall, truncate or
 * half-close a body the way a broken client would — which fetch() cannot do.
 */
export function sendRaw(base: string, r: RawRequest, timeoutMs = 15_000): Promise<RawResponse> {
  const url = new URL(r.path, base);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: r.method ?? 'POST', headers: { connection: 'close', ...r.headers } });
    const timer = setTimeout(() => {
      req.destroy(new Error(`no response within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', () => {});
      res.on('close', () => {
        clearTimeout(timer);
        const body = Buffer.concat(chunks).toString('utf8');
        let json: Record<string, unknown> | undefined;
        try {
          json = JSON.parse(body) as Record<string, unknown>;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json });
      });
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    void (async () => {
      for (const part of r.parts ?? []) {
        if (typeof part === 'number') await new Promise((s) => setTimeout(s, part));
        else if (!req.destroyed) req.write(part);
      }
      const finish = r.finish ?? 'end';
      if (finish === 'end') req.end();
      else if (finish === 'half-close') {
        if (req.socket) req.socket.end();
        else req.once('socket', (socket) => socket.end());
      }
      // 'stall': leave the request open; the server must give up on it.
    })();
  });
}
