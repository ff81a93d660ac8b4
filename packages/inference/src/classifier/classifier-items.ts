import { classifyInputsSchema } from '@conveyor/nodes';
import { BadInferenceInputError, type PoolItem } from '../detector/detector-backend.ts';
import { decodeImage, type DecodeImageOptions } from '../imaging/decode-image.ts';
import type { ClassifierInput, ClassifierOutput } from './onnx-classifier.ts';

const classifyParamsSchema = classifyInputsSchema.omit({ media: true });

export interface DecodedClassifierItems {
  /** One slot per pool item: filled here with per-item errors, later with outputs. */
  results: (ClassifierOutput | Error)[];
  /** The images that decoded, in order… */
  inputs: ClassifierInput[];
  /** …and the pool item each came from. */
  slots: number[];
}

/**
 * A pool batch as a classifier backend takes it (local ONNX or a remote OIP server):
 * parameters checked and images decoded per item, so one bad item fails alone.
 */
export function decodeClassifierItems(items: PoolItem[], decode?: DecodeImageOptions): DecodedClassifierItems {
  const results: (ClassifierOutput | Error)[] = new Array(items.length);
  const inputs: ClassifierInput[] = [];
  const slots: number[] = [];
  items.forEach((item, i) => {
    const params = classifyParamsSchema.safeParse(item.params);
    if (!params.success) {
      results[i] = new BadInferenceInputError(`Bad classify parameters: ${params.error.message}`);
      return;
    }
    try {
      const image = decodeImage(item.bytes, decode);
      const { region } = params.data;
      inputs.push(region === undefined ? image : { ...image, region });
      slots.push(i);
    } catch (error) {
      results[i] = error instanceof Error ? error : new Error(String(error));
    }
  });
  return { results, inputs, slots };
}
