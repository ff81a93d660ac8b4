import type { z } from 'zod';
import { NonRetriableError, RetryableError } from '@conveyor/nodes/server';
import {
  oipErrorSchema,
  oipInferResponseSchema,
  oipModelMetadataSchema,
  type OipInferRequest,
  type OipInferResponse,
  type OipModelMetadata,
} from './oip-types.ts';
import {
  OipTensorError,
  decodeTensor,
  encodeTensor,
  tensorFromBinary,
  tensorToBinary,
  type DecodedTensor,
  type TensorData,
} from './oip-tensor.ts';
import type { OipDatatype } from './oip-types.ts';

/** A typed input tensor for `inferTensors`. */
export interface InferInput {
  name: string;
  datatype: OipDatatype;
  shape: number[];
  data: TensorData;
}

export interface OipClientOptions {
  /** e.g. `http://triton.internal:8000` (the HTTP port, not gRPC). */
  endpoint: string;
  /** Per attempt. Default 30 s. */
  timeoutMs?: number;
  /** Attempts per call for 5xx, 429, timeouts and connection failures. Default 3. */
  attempts?: number;
  /** First backoff; doubles per attempt (a Retry-After header wins, capped at 10 s). Default 200 ms. */
  backoffMs?: number;
  /** Extra headers, e.g. an API key for a KServe ingress. */
  headers?: Record<string, string>;
  /**
   * Injectable for tests. The endpoint is operator configuration (a pool's settings), not
   * something a workflow author types, so it may be a private address on purpose.
   */
  fetch?: typeof fetch;
}

export interface OipModelRef {
  name: string;
  /** Omitted: the server's policy picks the version. */
  version?: string | undefined;
}

/**
 * Client for the Open Inference Protocol over HTTP/JSON (KServe v2, NVIDIA Triton).
 * Transient failures — 5xx, 429, timeouts, refused or reset connections — are retried
 * with backoff and end as RetryableError (`oip_unavailable`, `oip_timeout`); a 4xx ends
 * at once as NonRetriableError (`oip_rejected`, `oip_model_not_found`) with the server's
 * own message; a body that breaks the protocol is NonRetriableError `oip_bad_response`.
 */
export function createOipClient(o: OipClientOptions) {
  const base = o.endpoint.replace(/\/+$/, '');
  if (!/^https?:\/\//.test(base)) {
    throw new NonRetriableError(`OIP endpoint must be an http(s) URL, got "${o.endpoint}"`, {
      code: 'oip_bad_endpoint',
    });
  }
  const doFetch = o.fetch ?? fetch;
  const timeoutMs = o.timeoutMs ?? 30_000;
  const attempts = Math.max(1, o.attempts ?? 3);
  const backoffMs = o.backoffMs ?? 200;
  const modelPath = (m: OipModelRef) =>
    `/v2/models/${encodeURIComponent(m.name)}${m.version ? `/versions/${encodeURIComponent(m.version)}` : ''}`;

  async function call<T>(
    method: 'GET' | 'POST',
    path: string,
    body: string | Uint8Array | undefined,
    schema: z.ZodType<T> | undefined,
    extraHeaders: Record<string, string> = {},
  ): Promise<{ status: number; value: T | undefined; binary: Uint8Array }> {
    let last: Error | undefined;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      let wait = backoffMs * 2 ** (attempt - 1);
      try {
        const response = await doFetch(base + path, {
          method,
          headers: {
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...extraHeaders,
            ...o.headers,
          },
          ...(body === undefined ? {} : { body }),
          signal: AbortSignal.timeout(timeoutMs),
        });
        const bytes = new Uint8Array(await response.arrayBuffer());
        // Triton's binary extension: a JSON header of the given length, then raw tensor bytes.
        const headerLength = Number(response.headers.get('inference-header-content-length') ?? bytes.length);
        const text = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(headerLength, bytes.length)).toString('utf8');
        const binary = bytes.subarray(Math.min(headerLength, bytes.length));
        if (response.ok) {
          if (!schema) return { status: response.status, value: undefined, binary };
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            throw new NonRetriableError(`${method} ${path}: the server's answer is not JSON`, {
              code: 'oip_bad_response',
            });
          }
          const parsed = schema.safeParse(json);
          if (!parsed.success) {
            const issue = parsed.error.issues[0];
            throw new NonRetriableError(
              `${method} ${path}: the answer does not follow the inference protocol (${issue?.path.join('.') || 'body'}: ${issue?.message})`,
              { code: 'oip_bad_response' },
            );
          }
          return { status: response.status, value: parsed.data, binary };
        }
        const message = serverMessage(text) ?? response.statusText;
        if (response.status === 429 || response.status >= 500) {
          const retryAfter = Number(response.headers.get('retry-after'));
          if (Number.isFinite(retryAfter) && retryAfter > 0) wait = Math.min(10_000, retryAfter * 1000);
          last = new RetryableError(`${method} ${path}: ${response.status} ${message}`, {
            code: 'oip_unavailable',
            ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
          });
        } else if (response.status === 404 && method === 'GET') {
          return { status: 404, value: undefined, binary };
        } else {
          throw new NonRetriableError(
            `${method} ${path}: the server refused the request (${response.status}): ${message}`,
            {
              code: response.status === 404 ? 'oip_model_not_found' : 'oip_rejected',
            },
          );
        }
      } catch (error) {
        if (error instanceof NonRetriableError) throw error;
        const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
        last = timedOut
          ? new RetryableError(`${method} ${path}: no answer within ${timeoutMs} ms`, { code: 'oip_timeout' })
          : new RetryableError(`${method} ${path}: ${connectionProblem(error)}`, {
              code: 'oip_unavailable',
              cause: error,
            });
      }
      if (attempt < attempts) await new Promise((r) => setTimeout(r, wait));
    }
    throw new RetryableError(`Inference server ${base} failed ${attempts} times; last: ${last?.message}`, {
      code: (last as RetryableError | undefined)?.code ?? 'oip_unavailable',
      ...((last as RetryableError | undefined)?.retryAfterMs === undefined
        ? {}
        : { retryAfterMs: (last as RetryableError).retryAfterMs! }),
      cause: last,
    });
  }

  return {
    endpoint: base,
    /** `GET /v2/health/ready`: true when the server takes inference requests. Never throws. */
    async ready(): Promise<boolean> {
      try {
        return (await call('GET', '/v2/health/ready', undefined, undefined)).status === 200;
      } catch {
        return false;
      }
    },
    /** `GET /v2/models/{name}[/versions/{v}]`; NonRetriableError `oip_model_not_found` when the server has no such model. */
    async metadata(model: OipModelRef): Promise<OipModelMetadata> {
      const { value } = await call('GET', modelPath(model), undefined, oipModelMetadataSchema);
      if (!value) {
        throw new NonRetriableError(
          `The inference server ${base} does not serve ${model.name}${model.version ? ` version ${model.version}` : ''}`,
          { code: 'oip_model_not_found' },
        );
      }
      return value;
    },
    /** `POST /v2/models/{name}[/versions/{v}]/infer` with a request in the protocol's JSON form. */
    async infer(model: OipModelRef, request: OipInferRequest): Promise<OipInferResponse> {
      const { value } = await call(
        'POST',
        `${modelPath(model)}/infer`,
        JSON.stringify(request),
        oipInferResponseSchema,
      );
      return value!;
    },
    /**
     * One infer call from typed tensors, answered with typed tensors. `binary: true` uses
     * Triton's binary tensor data extension both ways (raw little-endian bytes after a JSON
     * header; far cheaper than JSON numbers for images); plain KServe v2 servers need JSON.
     */
    async inferTensors(
      model: OipModelRef,
      inputs: readonly InferInput[],
      options: { outputs?: readonly string[]; binary?: boolean; id?: string } = {},
    ): Promise<{ modelName: string; modelVersion: string | undefined; outputs: DecodedTensor[] }> {
      const path = `${modelPath(model)}/infer`;
      const outputs = options.outputs?.map((name) => ({
        name,
        ...(options.binary ? { parameters: { binary_data: true } } : {}),
      }));
      const common = { ...(options.id === undefined ? {} : { id: options.id }), ...(outputs ? { outputs } : {}) };
      if (!options.binary) {
        const { value } = await call(
          'POST',
          path,
          JSON.stringify({ ...common, inputs: inputs.map((t) => encodeTensor(t.name, t.datatype, t.shape, t.data)) }),
          oipInferResponseSchema,
        );
        return {
          modelName: value!.model_name,
          modelVersion: value!.model_version,
          outputs: value!.outputs.map(decodeTensor),
        };
      }
      const blobs = inputs.map((t) => {
        if (t.data.length !== t.shape.reduce((n, d) => n * d, 1)) {
          throw new OipTensorError(`${t.name}: ${t.data.length} values do not fill shape [${t.shape}]`);
        }
        return tensorToBinary(t.datatype, t.data);
      });
      const header = Buffer.from(
        JSON.stringify({
          ...common,
          inputs: inputs.map((t, i) => ({
            name: t.name,
            shape: t.shape,
            datatype: t.datatype,
            parameters: { binary_data_size: blobs[i]!.byteLength },
          })),
        }),
        'utf8',
      );
      const { value, binary } = await call('POST', path, Buffer.concat([header, ...blobs]), oipInferResponseSchema, {
        'content-type': 'application/octet-stream',
        'inference-header-content-length': String(header.byteLength),
      });
      let offset = 0;
      const decoded = value!.outputs.map((t) => {
        const size = t.parameters?.['binary_data_size'];
        if (typeof size !== 'number') return decodeTensor(t);
        if (offset + size > binary.byteLength) {
          throw new NonRetriableError(`${path}: output ${t.name} claims ${size} bytes beyond the answer's end`, {
            code: 'oip_bad_response',
          });
        }
        const bytes = binary.subarray(offset, offset + size);
        offset += size;
        try {
          return tensorFromBinary(t.name, t.datatype, t.shape, bytes);
        } catch (error) {
          throw new NonRetriableError(`${path}: ${(error as Error).message}`, { code: 'oip_bad_response' });
        }
      });
      return { modelName: value!.model_name, modelVersion: value!.model_version, outputs: decoded };
    },
  };
}
export type OipClient = ReturnType<typeof createOipClient>;

function serverMessage(text: string): string | undefined {
  try {
    const parsed = oipErrorSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data.error.slice(0, 500);
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.trim().slice(0, 200) || undefined;
}

function connectionProblem(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused (is the inference server running?)';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'the connection was dropped mid-request';
  return cause?.message ?? (error as Error).message ?? String(error);
}
