import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NonRetriableError } from '@conveyor/nodes/server';
import type { PoolItem } from '../detector/detector-backend.ts';
import type { DecodeImageOptions } from '../imaging/decode-image.ts';
import { decodeClassifierItems } from '../classifier/classifier-items.ts';
import { pixelBatch, preprocessBatch, scoresFromLogits } from '../classifier/classifier-tensors.ts';
import {
  DEFECT_CLASSIFIER_MODEL_DIR,
  classifierManifestSchema,
  type ClassifierInput,
  type ClassifierOutput,
} from '../classifier/onnx-classifier.ts';
import { createOipClient, type OipClient, type OipClientOptions } from './oip-client.ts';

export interface OipClassifierBackendOptions {
  /** The inference server, or options to make a client for it. */
  client: OipClient | OipClientOptions;
  /** Folder with the classifier's `model.json` (pre- and post-processing). Default: the defect classifier. */
  modelDir?: string;
  /** The model's name and version on the server; default the manifest's name, server's version policy. */
  remoteModel?: string;
  remoteVersion?: string;
  /** Most images per infer call (the server's max batch). Default 64. */
  maxBatch?: number;
  /**
   * `FP32` (default): the normalised N×3×H×W tensor the model takes. `UINT8`: resized raw
   * pixels N×H×W×3 for a server that normalises itself (a Triton ensemble), 4× fewer values.
   */
  inputDatatype?: 'FP32' | 'UINT8';
  /** Tensors as raw bytes (Triton's binary data extension) instead of JSON numbers. Default false. */
  binaryData?: boolean;
  decode?: DecodeImageOptions;
}

/**
 * An image classifier served by a remote GPU server over the Open Inference Protocol
 * (Triton / KServe), as a pool backend (`backend: 'oip-v2'`). Pre- and post-processing run
 * here from the model's `model.json`, exactly as for the in-process ONNX backend, so both
 * give the same scores; the server only runs the network. A pool batch becomes ONE infer
 * call with batch dimension N (split at `maxBatch`). A corrupt image fails its request
 * alone; a server failure fails the batch (retryable or not, as the client typed it).
 */
export function createOipClassifierBackend(options: OipClassifierBackendOptions) {
  const dir = options.modelDir ?? DEFECT_CLASSIFIER_MODEL_DIR;
  const manifest = classifierManifestSchema.parse(JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')));
  const client = 'infer' in options.client ? options.client : createOipClient(options.client);
  const remote = { name: options.remoteModel ?? manifest.name, version: options.remoteVersion };
  const maxBatch = options.maxBatch ?? 64;
  const { width, height } = manifest.input;

  const datatype = options.inputDatatype ?? 'FP32';
  const inferLogits = async (images: ClassifierInput[]): Promise<Float32Array> => {
    const batch = images.length;
    const input =
      datatype === 'UINT8'
        ? { name: manifest.input.name, datatype, shape: [batch, height, width, 3], data: pixelBatch(manifest, images) }
        : {
            name: manifest.input.name,
            datatype,
            shape: [batch, 3, height, width],
            data: preprocessBatch(manifest, images),
          };
    const response = await client.inferTensors(remote, [input], {
      outputs: [manifest.output.name],
      binary: options.binaryData ?? false,
    });
    const tensor = response.outputs.find((t) => t.name === manifest.output.name);
    if (!tensor) {
      throw new NonRetriableError(
        `${client.endpoint}: ${remote.name} answered without output "${manifest.output.name}" (got ${response.outputs.map((t) => t.name).join(', ') || 'none'})`,
        { code: 'oip_bad_response' },
      );
    }
    if (
      tensor.datatype !== 'FP32' ||
      tensor.shape[0] !== batch ||
      tensor.data.length !== batch * manifest.labels.length
    ) {
      throw new NonRetriableError(
        `${client.endpoint}: ${remote.name} returned ${tensor.datatype} [${tensor.shape}], expected FP32 [${batch}, ${manifest.labels.length}]`,
        { code: 'oip_bad_response' },
      );
    }
    return tensor.data as Float32Array;
  };

  return {
    model: manifest.name,
    version: manifest.version,
    task: 'classify' as const,
    backend: 'oip-v2',
    maxBatch,
    client,
    /** The server is ready and serves the model with the input and output the manifest names. */
    async load(): Promise<void> {
      if (!(await client.ready())) {
        throw new Error(`Inference server ${client.endpoint} is not ready (GET /v2/health/ready)`);
      }
      const meta = await client.metadata(remote);
      const input = meta.inputs.find((t) => t.name === manifest.input.name);
      if (!input || input.datatype !== datatype || !meta.outputs.some((t) => t.name === manifest.output.name)) {
        throw new Error(
          `${client.endpoint} serves ${meta.name} with inputs [${meta.inputs.map((t) => `${t.name}:${t.datatype}`)}] and outputs [${meta.outputs.map((t) => t.name)}]; expected ${datatype} ${manifest.input.name} → ${manifest.output.name}`,
        );
      }
    },
    async run(items: PoolItem[]): Promise<(ClassifierOutput | Error)[]> {
      const { results, inputs, slots } = decodeClassifierItems(items, options.decode);
      for (let start = 0; start < inputs.length; start += maxBatch) {
        const chunk = inputs.slice(start, start + maxBatch);
        const logits = await inferLogits(chunk);
        scoresFromLogits(manifest, logits, chunk.length).forEach((output, k) => (results[slots[start + k]!] = output));
      }
      return results;
    },
  };
}
