import type { OipDatatype, OipTensor } from './oip-types.ts';

/** A tensor in memory: typed numbers, or strings for BYTES. */
export type TensorData = Float32Array | Float64Array | Uint8Array | Int32Array | BigInt64Array | boolean[] | string[];

export interface DecodedTensor {
  name: string;
  datatype: OipDatatype;
  shape: number[];
  data: TensorData;
}

export class OipTensorError extends Error {
  override readonly name = 'OipTensorError';
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/** The JSON form of a tensor; checks that the data fills the shape. */
export function encodeTensor(name: string, datatype: OipDatatype, shape: number[], data: TensorData): OipTensor {
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new OipTensorError(`${name}: bad shape [${shape}]`);
  if (data.length !== elementCount(shape)) {
    throw new OipTensorError(`${name}: ${data.length} values do not fill shape [${shape}]`);
  }
  const values: unknown[] =
    data instanceof BigInt64Array
      ? Array.from(data, (v) => Number(v))
      : Array.isArray(data)
        ? data
        : Array.from(data as ArrayLike<number>);
  return { name, datatype, shape, data: values };
}

/**
 * A tensor from the JSON form. Nested `data` (allowed by the protocol) is flattened; the
 * values must fill the shape and match the datatype, or this throws OipTensorError.
 */
export function decodeTensor(t: OipTensor): DecodedTensor {
  const flat = (t.data as unknown[]).flat(Infinity);
  if (t.shape.some((d) => d < 0)) throw new OipTensorError(`${t.name}: output shape [${t.shape}] is not concrete`);
  if (flat.length !== elementCount(t.shape)) {
    throw new OipTensorError(`${t.name}: ${flat.length} values do not fill shape [${t.shape}]`);
  }
  const numbers = () => {
    if (!flat.every((v) => typeof v === 'number'))
      throw new OipTensorError(`${t.name}: ${t.datatype} data must be numbers`);
    return flat as number[];
  };
  const base = { name: t.name, shape: t.shape };
  switch (t.datatype) {
    case 'FP32':
      return { ...base, datatype: 'FP32', data: Float32Array.from(numbers()) };
    case 'FP64':
      return { ...base, datatype: 'FP64', data: Float64Array.from(numbers()) };
    case 'UINT8': {
      const n = numbers();
      if (!n.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)) {
        throw new OipTensorError(`${t.name}: UINT8 data must be integers 0..255`);
      }
      return { ...base, datatype: 'UINT8', data: Uint8Array.from(n) };
    }
    case 'INT32':
      return { ...base, datatype: 'INT32', data: Int32Array.from(numbers()) };
    case 'INT64':
      return { ...base, datatype: 'INT64', data: BigInt64Array.from(numbers().map((v) => BigInt(Math.trunc(v)))) };
    case 'BOOL':
      if (!flat.every((v) => typeof v === 'boolean')) throw new OipTensorError(`${t.name}: BOOL data must be booleans`);
      return { ...base, datatype: 'BOOL', data: flat as boolean[] };
    case 'BYTES':
      if (!flat.every((v) => typeof v === 'string')) throw new OipTensorError(`${t.name}: BYTES data must be strings`);
      return { ...base, datatype: 'BYTES', data: flat as string[] };
    default:
      throw new OipTensorError(`${t.name}: datatype ${t.datatype} is not supported`);
  }
}
