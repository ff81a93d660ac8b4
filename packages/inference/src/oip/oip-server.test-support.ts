import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { DEFECT_CLASSIFIER_MODEL_DIR, classifierManifestSchema } from '../classifier/onnx-classifier.ts';
import { preprocessBatch } from '../classifier/classifier-tensors.ts';
import {
  decodeTensor,
  encodeTensor,
  OipTensorError,
  tensorFromBinary,
  tensorToBinary,
  type DecodedTensor,
} from './oip-tensor.ts';
import { oipInferRequestSchema } from './oip-types.ts';

/**
 * A local inference server that speaks the Open Inference Protocol over HTTP/JSON, the way
 * Triton and KServe do, for tests and benchmarks (the network edge of a GPU pool). It
 * really computes: `defect-classifier` runs the committed ONNX model on the batch it
 * receives (onnxruntime-node, so results can be compared with the in-process backend);
 * `echo` returns each input tensor as `<name>_out`. Faults can be injected per call.
 */
export interface OipTestServer {
  url: string;
  port: number;
  /** One entry per infer call that reached a model: model name and batch size (dim 0). */
  calls: { model: string; batch: number }[];
  /** Infer requests received, answered or not (dropped, failed, cut off by close()). */
  readonly inferRequests: number;
  /** The next `count` infer calls answer `status` (with a Retry-After for 429 when given). */
  failNext(count: number, status: number, retryAfterSeconds?: number): void;
  /** The next `count` infer calls have their connection destroyed before any answer. */
  dropNext(count: number): void;
  /** Every infer call waits this long before answering. */
  setDelay(ms: number): void;
  setReady(ready: boolean): void;
  /** Stops listening and drops open connections (a server going down). */
  close(): Promise<void>;
  /** Listens again on the same port. */
  restart(): Promise<void>;
}

export async function startOipTestServer(
  o: { port?: number; intraOpNumThreads?: number } = {},
): Promise<OipTestServer> {
  const manifest = classifierManifestSchema.parse(
    JSON.parse(await readFile(join(DEFECT_CLASSIFIER_MODEL_DIR, 'model.json'), 'utf8')),
  );
  const session = await InferenceSession.create(await readFile(join(DEFECT_CLASSIFIER_MODEL_DIR, manifest.file)), {
    executionProviders: ['cpu'],
    intraOpNumThreads: o.intraOpNumThreads ?? 1,
  });
  const { width, height } = manifest.input;
  const models: Record<string, { versions: string[]; inputs: unknown[]; outputs: unknown[] }> = {
    'defect-classifier': {
      versions: ['1'],
      inputs: [{ name: manifest.input.name, datatype: 'FP32', shape: [-1, 3, height, width] }],
      outputs: [{ name: manifest.output.name, datatype: 'FP32', shape: [-1, manifest.labels.length] }],
    },
    // The same network behind a server-side normalisation step (like a Triton ensemble).
    'defect-classifier-u8': {
      versions: ['1'],
      inputs: [{ name: manifest.input.name, datatype: 'UINT8', shape: [-1, height, width, 3] }],
      outputs: [{ name: manifest.output.name, datatype: 'FP32', shape: [-1, manifest.labels.length] }],
    },
    echo: { versions: ['1'], inputs: [], outputs: [] },
  };

  const calls: OipTestServer['calls'] = [];
  let failures: { status: number; retryAfter?: number }[] = [];
  let drops = 0;
  let delayMs = 0;
  let inferRequests = 0;
  let ready = true;
  const sockets = new Set<Socket>();

  const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

  const infer = async (
    model: string,
    body: Buffer,
    headerLength: number | undefined,
  ): Promise<{ status: number; body: unknown; binary?: Buffer[] }> => {
    let raw: unknown;
    try {
      raw = JSON.parse(body.subarray(0, headerLength ?? body.length).toString('utf8'));
    } catch {
      return { status: 400, body: { error: 'request body is not valid JSON' } };
    }
    const request = oipInferRequestSchema.safeParse(raw);
    if (!request.success)
      return { status: 400, body: { error: `malformed inference request: ${request.error.issues[0]?.message}` } };
    try {
      // Binary tensor data (Triton's extension) follows the JSON header, in input order.
      let offset = headerLength ?? body.length;
      const inputs = request.data.inputs.map((t) => {
        const size = t.parameters?.['binary_data_size'];
        if (typeof size !== 'number') return decodeTensor(t);
        if (headerLength === undefined || offset + size > body.length) {
          throw new OipTensorError(`${t.name}: binary_data_size ${size} runs past the request body`);
        }
        const bytes = body.subarray(offset, offset + size);
        offset += size;
        return tensorFromBinary(t.name, t.datatype, t.shape, bytes);
      });
      const binaryOut = new Set(
        (request.data.outputs ?? []).filter((o) => o.parameters?.['binary_data'] === true).map((o) => o.name),
      );
      const respond = (modelName: string, tensors: DecodedTensor[]) => {
        const blobs: Buffer[] = [];
        const outputs = tensors.map((t) => {
          if (!binaryOut.has(t.name)) return encodeTensor(t.name, t.datatype, t.shape, t.data);
          const bytes = Buffer.from(tensorToBinary(t.datatype, t.data));
          blobs.push(bytes);
          return { name: t.name, datatype: t.datatype, shape: t.shape, parameters: { binary_data_size: bytes.length } };
        });
        return {
          status: 200,
          body: {
            model_name: modelName,
            model_version: '1',
            ...(request.data.id === undefined ? {} : { id: request.data.id }),
            outputs,
          },
          ...(blobs.length ? { binary: blobs } : {}),
        };
      };
      if (model === 'echo') {
        calls.push({ model, batch: inputs[0]!.shape[0] ?? 1 });
        return respond(
          'echo',
          inputs.map((t) => ({ ...t, name: `${t.name}_out` })),
        );
      }
      let input = inputs.find((t) => t.name === manifest.input.name);
      if (!input) return { status: 400, body: { error: `input "${manifest.input.name}" is missing` } };
      if (model === 'defect-classifier-u8') {
        const [n, h, w, c] = input.shape;
        if (input.datatype !== 'UINT8' || input.shape.length !== 4 || h !== height || w !== width || c !== 3 || !n) {
          return {
            status: 400,
            body: { error: `input must be UINT8 [N, ${height}, ${width}, 3], got ${input.datatype} [${input.shape}]` },
          };
        }
        const pixels = input.data as Uint8Array;
        const size = height * width * 3;
        const images = Array.from({ length: n }, (_, k) => ({
          rgb: pixels.subarray(k * size, (k + 1) * size),
          width,
          height,
        }));
        input = { ...input, datatype: 'FP32', shape: [n, 3, height, width], data: preprocessBatch(manifest, images) };
      }
      if (input.datatype !== 'FP32') {
        return { status: 400, body: { error: `input "${input.name}" must be FP32, got ${input.datatype}` } };
      }
      const [n, c, h, w] = input.shape;
      if (input.shape.length !== 4 || c !== 3 || h !== height || w !== width || !n) {
        return { status: 400, body: { error: `input shape [${input.shape}] is not [N, 3, ${height}, ${width}]` } };
      }
      calls.push({ model, batch: n });
      const out = await session.run({
        [manifest.input.name]: new Tensor('float32', input.data as Float32Array, input.shape),
      });
      const logits = out[manifest.output.name]!;
      return respond(model, [
        { name: manifest.output.name, datatype: 'FP32', shape: [...logits.dims], data: logits.data as Float32Array },
      ]);
    } catch (error) {
      if (error instanceof OipTensorError) return { status: 400, body: { error: error.message } };
      return { status: 500, body: { error: (error as Error).message } };
    }
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://local');
        if (req.method === 'GET' && url.pathname === '/v2/health/live') return json(res, 200, { live: true });
        if (req.method === 'GET' && url.pathname === '/v2/health/ready') return json(res, ready ? 200 : 503, { ready });
        const m = /^\/v2\/models\/([^/]+)(?:\/versions\/([^/]+))?(\/infer|\/ready)?$/.exec(url.pathname);
        const name = m ? decodeURIComponent(m[1]!) : '';
        const meta = models[name];
        if (!m || !meta || (m[2] !== undefined && !meta.versions.includes(m[2]))) {
          return json(res, 404, { error: `model '${name}${m?.[2] ? `' version '${m[2]}` : ''}' is not found` });
        }
        if (req.method === 'GET' && m[3] === undefined) {
          return json(res, 200, { name, platform: 'onnxruntime_onnx', ...meta });
        }
        if (req.method === 'GET' && m[3] === '/ready') return json(res, ready ? 200 : 503, { ready });
        if (req.method !== 'POST' || m[3] !== '/infer') return json(res, 405, { error: 'method not allowed' });
        inferRequests++;
        if (drops > 0) {
          drops--;
          req.socket.destroy();
          return;
        }
        const failure = failures.shift();
        if (failure) {
          return json(
            res,
            failure.status,
            { error: `injected failure ${failure.status}` },
            failure.retryAfter === undefined ? {} : { 'retry-after': String(failure.retryAfter) },
          );
        }
        if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
        if (res.destroyed) return;
        const header = req.headers['inference-header-content-length'];
        const answer = await infer(name, body, header === undefined ? undefined : Number(header));
        if (!answer.binary) return json(res, answer.status, answer.body);
        const head = Buffer.from(JSON.stringify(answer.body), 'utf8');
        res
          .writeHead(answer.status, {
            'content-type': 'application/octet-stream',
            'inference-header-content-length': String(head.length),
          })
          .end(Buffer.concat([head, ...answer.binary]));
      })();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const port = await listen(o.port ?? 0);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    calls,
    get inferRequests() {
      return inferRequests;
    },
    failNext: (count, status, retryAfterSeconds) => {
      failures = [
        ...failures,
        ...Array.from({ length: count }, () => ({
          status,
          ...(retryAfterSeconds === undefined ? {} : { retryAfter: retryAfterSeconds }),
        })),
      ];
    },
    dropNext: (count) => (drops += count),
    setDelay: (ms) => (delayMs = ms),
    setReady: (r) => (ready = r),
    async close() {
      const closed = new Promise<void>((r) => server.close(() => r()));
      for (const s of sockets) s.destroy();
      await closed;
    },
    async restart() {
      await listen(port);
    },
  };
}
