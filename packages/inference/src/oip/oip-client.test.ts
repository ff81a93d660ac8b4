import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaRef } from '@conveyor/nodes';
import { createDefectClassifierBackend } from '../classifier/defect-classifier-backend.ts';
import { generateSample } from '../classifier/synthetic.ts';
import { encodePng } from '../imaging/encode-image.ts';
import { createOipClassifierBackend } from './oip-classifier-backend.ts';
import { createOipClient } from './oip-client.ts';
import { startOipTestServer, type OipTestServer } from './oip-server.test-support.ts';
import { decodeTensor, encodeTensor } from './oip-tensor.ts';

// The Open Inference Protocol client against a local server that speaks the protocol and
// really runs the defect classifier on what it receives.
let server: OipTestServer;
beforeAll(async () => {
  server = await startOipTestServer();
}, 30_000);
afterAll(async () => server?.close());

const client = (o: Partial<Parameters<typeof createOipClient>[0]> = {}) =>
  createOipClient({ endpoint: server.url, backoffMs: 20, timeoutMs: 2000, ...o });

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

const item = (bytes: Uint8Array, params: Record<string, unknown> = {}) => ({
  bytes,
  params,
  putMedia: async (): Promise<MediaRef> => {
    throw new Error('not used');
  },
});

describe('OIP client', { timeout: 30_000 }, () => {
  it('checks readiness and reads model metadata, by name and by version', async () => {
    const c = client();
    expect(await c.ready()).toBe(true);
    const meta = await c.metadata({ name: 'defect-classifier' });
    expect(meta.inputs[0]).toMatchObject({ datatype: 'FP32', shape: [-1, 3, expect.any(Number), expect.any(Number)] });
    expect((await c.metadata({ name: 'defect-classifier', version: '1' })).name).toBe('defect-classifier');
    await expect(c.metadata({ name: 'defect-classifier', version: '7' })).rejects.toMatchObject({
      code: 'oip_model_not_found',
      retryable: false,
    });
    server.setReady(false);
    expect(await c.ready()).toBe(false);
    server.setReady(true);
    expect(await createOipClient({ endpoint: `http://127.0.0.1:${await closedPort()}`, attempts: 1 }).ready()).toBe(
      false,
    );
  });

  it('round-trips FP32, UINT8 and BYTES tensors with their shapes', async () => {
    const response = await client().infer(
      { name: 'echo' },
      {
        id: 'req-1',
        inputs: [
          encodeTensor('f', 'FP32', [2, 2], Float32Array.from([0.5, -1.25, 3, 4])),
          encodeTensor('u', 'UINT8', [1, 3], Uint8Array.from([0, 128, 255])),
          encodeTensor('s', 'BYTES', [2], ['SN-001', 'héllo']),
        ],
      },
    );
    expect(response.id).toBe('req-1');
    const [f, u, s] = response.outputs.map(decodeTensor);
    expect(f).toMatchObject({ name: 'f_out', datatype: 'FP32', shape: [2, 2] });
    expect(Array.from(f!.data as Float32Array)).toEqual([0.5, -1.25, 3, 4]);
    expect(Array.from(u!.data as Uint8Array)).toEqual([0, 128, 255]);
    expect(s!.data).toEqual(['SN-001', 'héllo']);
    expect(() => encodeTensor('x', 'FP32', [3], Float32Array.from([1, 2]))).toThrow(/do not fill/);
    expect(() => decodeTensor({ name: 'x', datatype: 'UINT8', shape: [1], data: [300] })).toThrow(/0\.\.255/);
  });

  it('sends and reads binary tensor data (Triton extension), mixed with JSON outputs', async () => {
    const { modelName, outputs } = await client().inferTensors(
      { name: 'echo' },
      [
        { name: 'f', datatype: 'FP32', shape: [2, 2], data: Float32Array.from([0.1, -2.5, 1e-7, 3]) },
        { name: 'u', datatype: 'UINT8', shape: [3], data: Uint8Array.from([0, 7, 255]) },
        { name: 's', datatype: 'BYTES', shape: [2], data: ['SN-001', 'ünïcode'] },
        { name: 'i', datatype: 'INT64', shape: [2], data: BigInt64Array.from([-3n, 9007199254740993n]) },
      ],
      { outputs: ['f_out', 'u_out', 's_out', 'i_out'], binary: true },
    );
    expect(modelName).toBe('echo');
    const [f, u, s, i] = outputs;
    expect(f).toMatchObject({ name: 'f_out', datatype: 'FP32', shape: [2, 2] });
    expect(f!.data).toEqual(Float32Array.from([0.1, -2.5, 1e-7, 3])); // bit-exact, unlike JSON numbers
    expect(Array.from(u!.data as Uint8Array)).toEqual([0, 7, 255]);
    expect(s!.data).toEqual(['SN-001', 'ünïcode']);
    expect(Array.from(i!.data as BigInt64Array)).toEqual([-3n, 9007199254740993n]);
    const json = await client().inferTensors(
      { name: 'echo' },
      [{ name: 'u', datatype: 'UINT8', shape: [2], data: Uint8Array.from([1, 2]) }],
      { outputs: ['u_out'] },
    );
    expect(Array.from(json.outputs[0]!.data as Uint8Array)).toEqual([1, 2]);
    await expect(
      client().inferTensors(
        { name: 'echo' },
        [{ name: 'u', datatype: 'UINT8', shape: [3], data: Uint8Array.from([1]) }],
        {
          binary: true,
        },
      ),
    ).rejects.toThrow(/do not fill/);
  });

  it('retries 503, 429 and dropped connections, then succeeds', async () => {
    const c = client();
    const req = { inputs: [encodeTensor('u', 'UINT8', [1], Uint8Array.from([7]))] };
    server.failNext(1, 503);
    server.failNext(1, 429, 0.05);
    expect((await c.infer({ name: 'echo' }, req)).outputs).toHaveLength(1);
    server.dropNext(2);
    expect((await c.infer({ name: 'echo' }, req)).outputs).toHaveLength(1);
  });

  it('ends with a typed RetryableError when the server stays unavailable', async () => {
    server.failNext(3, 500);
    await expect(
      client({ attempts: 3 }).infer(
        { name: 'echo' },
        { inputs: [encodeTensor('u', 'UINT8', [1], Uint8Array.from([1]))] },
      ),
    ).rejects.toMatchObject({ name: 'RetryableError', code: 'oip_unavailable', retryable: true });
    await expect(
      createOipClient({ endpoint: `http://127.0.0.1:${await closedPort()}`, attempts: 2, backoffMs: 10 }).infer(
        { name: 'echo' },
        { inputs: [encodeTensor('u', 'UINT8', [1], Uint8Array.from([1]))] },
      ),
    ).rejects.toMatchObject({ code: 'oip_unavailable', message: expect.stringContaining('connection refused') });
  });

  it('times out a slow server as retryable', async () => {
    server.setDelay(400);
    try {
      await expect(
        client({ timeoutMs: 100, attempts: 2 }).infer(
          { name: 'echo' },
          {
            inputs: [encodeTensor('u', 'UINT8', [1], Uint8Array.from([1]))],
          },
        ),
      ).rejects.toMatchObject({ code: 'oip_timeout', retryable: true });
    } finally {
      server.setDelay(0);
    }
  });

  it('fails a 4xx at once with the server message, not retried', async () => {
    const before = server.calls.length;
    const bad = client().infer(
      { name: 'defect-classifier' },
      { inputs: [encodeTensor('pixels', 'FP32', [1, 3], Float32Array.from([1, 2, 3]))] },
    );
    await expect(bad).rejects.toMatchObject({
      name: 'NonRetriableError',
      code: 'oip_rejected',
      message: expect.stringMatching(/400.*shape \[1,3\]/),
    });
    await expect(
      client().infer({ name: 'nope' }, { inputs: [encodeTensor('u', 'UINT8', [1], Uint8Array.from([1]))] }),
    ).rejects.toMatchObject({
      code: 'oip_model_not_found',
    });
    expect(server.calls.length).toBe(before);
    expect(() => createOipClient({ endpoint: 'ftp://x' })).toThrow(/http\(s\) URL/);
  });
});

describe('OIP classifier backend', { timeout: 30_000 }, () => {
  it('sends the whole batch in one infer call and scores like the in-process model', async () => {
    const images = Array.from({ length: 12 }, (_, i) => encodePng(generateSample(31337, i)));
    const remote = createOipClassifierBackend({ client: { endpoint: server.url } });
    const local = createDefectClassifierBackend({ intraOpNumThreads: 1 });
    await remote.load();
    await local.load();
    const before = server.calls.length;
    const corrupt = new TextEncoder().encode('not an image');
    const remoteOut = await remote.run([...images.map((b) => item(b)), item(corrupt)]);
    expect(server.calls.slice(before)).toEqual([{ model: 'defect-classifier', batch: 12 }]);
    const localOut = await local.run(images.map((b) => item(b)));
    remoteOut.slice(0, 12).forEach((r, i) => {
      const l = localOut[i] as { scores: { label: string; score: number }[] };
      const scores = (r as { scores: { label: string; score: number }[] }).scores;
      expect(scores.map((s) => s.label)).toEqual(l.scores.map((s) => s.label));
      scores.forEach((s, k) => expect(Math.abs(s.score - l.scores[k]!.score)).toBeLessThan(1e-5));
    });
    expect(remoteOut[12]).toBeInstanceOf(Error);
    expect(remote.backend).toBe('oip-v2');
    // The same over binary tensor data: the same batching, the same scores.
    const binary = createOipClassifierBackend({ client: { endpoint: server.url }, binaryData: true });
    const mark = server.calls.length;
    const binaryOut = await binary.run(images.map((b) => item(b)));
    expect(server.calls.slice(mark)).toEqual([{ model: 'defect-classifier', batch: 12 }]);
    binaryOut.forEach((r, i) =>
      (r as { scores: { score: number }[] }).scores.forEach((s, k) =>
        expect(Math.abs(s.score - (localOut[i] as { scores: { score: number }[] }).scores[k]!.score)).toBeLessThan(
          1e-6,
        ),
      ),
    );
  });

  it('sends raw UINT8 pixels to a server that normalises itself, with the same scores', async () => {
    const images = Array.from({ length: 6 }, (_, i) => encodePng(generateSample(99, i)));
    const remote = createOipClassifierBackend({
      client: { endpoint: server.url },
      remoteModel: 'defect-classifier-u8',
      inputDatatype: 'UINT8',
    });
    await remote.load();
    const local = createDefectClassifierBackend({ intraOpNumThreads: 1 });
    const region = { x: 0.1, y: 0.2, width: 0.5, height: 0.6 };
    const [r, l] = await Promise.all([
      remote.run(images.map((b) => item(b, { region }))),
      local.run(images.map((b) => item(b, { region }))),
    ]);
    r.forEach((out, i) =>
      (out as { scores: { score: number }[] }).scores.forEach((s, k) =>
        expect(Math.abs(s.score - (l[i] as { scores: { score: number }[] }).scores[k]!.score)).toBeLessThan(1e-5),
      ),
    );
    // The FP32 model refuses pixels: a readable 4xx, and a load check that says why.
    await expect(
      createOipClassifierBackend({ client: { endpoint: server.url }, inputDatatype: 'UINT8' }).load(),
    ).rejects.toThrow(/expected UINT8 pixels/);
  });

  it('splits a batch larger than the server takes, and refuses to load a model the server lacks', async () => {
    const remote = createOipClassifierBackend({ client: { endpoint: server.url }, maxBatch: 4 });
    const before = server.calls.length;
    const out = await remote.run(Array.from({ length: 10 }, (_, i) => item(encodePng(generateSample(5, i)))));
    expect(out.every((r) => !(r instanceof Error))).toBe(true);
    expect(server.calls.slice(before).map((c) => c.batch)).toEqual([4, 4, 2]);
    const missing = createOipClassifierBackend({ client: { endpoint: server.url }, remoteModel: 'other' });
    await expect(missing.load()).rejects.toMatchObject({ code: 'oip_model_not_found' });
  });
});
