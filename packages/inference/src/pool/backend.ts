import type { MediaRef } from '@conveyor/nodes';

export interface BackendItem {
  media: MediaRef;
  bytes: Uint8Array;
  params: Record<string, unknown>;
  /** Stores derived media (frames, crops) in the request's workspace. */
  putMedia(bytes: Uint8Array, contentType: string): Promise<MediaRef>;
}

/**
 * A model behind a pool. `run` receives the whole batch the pool collected and returns one
 * result per item, in order — an Error for an item that failed on its own (corrupt image),
 * so one bad input never fails its neighbours.
 */
export interface InferenceBackend {
  model: string;
  version: string;
  task: 'detect' | 'classify' | 'ocr' | 'sample';
  /** Backend kind recorded with every result, e.g. `onnx-cpu`, `tfjs-wasm`, `tesseract`. */
  backend: string;
  /** Most items one `run` call takes (the model's best batch). */
  maxBatch?: number;
  load(): Promise<void>;
  run(items: BackendItem[]): Promise<(unknown | Error)[]>;
}

export const modelKey = (model: string, version: string) => `${model}@${version}`;
