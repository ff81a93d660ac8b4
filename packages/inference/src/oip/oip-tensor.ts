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
  if (t.data === undefined) throw new OipTensorError(`${t.name}: no data (binary data was not expected here)`);
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

const BYTES_PER_ELEMENT: Partial<Record<OipDatatype, number>> = {
  BOOL: 1,
  UINT8: 1,
  INT32: 4,
  INT64: 8,
  FP32: 4,
  FP64: 8,
};

/**
 * A tensor's raw bytes for Triton's binary tensor data extension: little-endian values
 * (this runs on little-endian machines: x86-64, arm64), row-major; BYTES elements are each a
 * 4-byte little-endian length followed by the UTF-8 bytes.
 */
export function tensorToBinary(datatype: OipDatatype, data: TensorData): Uint8Array {
  if (datatype === 'BYTES') {
    const parts = (data as string[]).map((s) => Buffer.from(s, 'utf8'));
    const out = Buffer.alloc(parts.reduce((n, p) => n + 4 + p.length, 0));
    let offset = 0;
    for (const p of parts) {
      out.writeUInt32LE(p.length, offset);
      p.copy(out, offset + 4);
      offset += 4 + p.length;
    }
    return out;
  }
  if (datatype === 'BOOL') return Uint8Array.from(data as boolean[], (b) => (b ? 1 : 0));
  const typed = data as Exclude<TensorData, boolean[] | string[]>;
  return new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
}

/** The inverse of `tensorToBinary`; throws OipTensorError when the bytes do not fill the shape. */
export function tensorFromBinary(name: string, datatype: string, shape: number[], bytes: Uint8Array): DecodedTensor {
  const count = elementCount(shape);
  const base = { name, shape };
  if (datatype === 'BYTES') {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const strings: string[] = [];
    let offset = 0;
    while (offset < buf.length) {
      if (offset + 4 > buf.length) throw new OipTensorError(`${name}: truncated BYTES element`);
      const length = buf.readUInt32LE(offset);
      if (offset + 4 + length > buf.length) throw new OipTensorError(`${name}: truncated BYTES element`);
      strings.push(buf.toString('utf8', offset + 4, offset + 4 + length));
      offset += 4 + length;
    }
    if (strings.length !== count) throw new OipTensorError(`${name}: ${strings.length} strings do not fill [${shape}]`);
    return { ...base, datatype: 'BYTES', data: strings };
  }
  const size = BYTES_PER_ELEMENT[datatype as OipDatatype];
  if (size === undefined) throw new OipTensorError(`${name}: datatype ${datatype} is not supported`);
  if (bytes.byteLength !== count * size) {
    throw new OipTensorError(`${name}: ${bytes.byteLength} bytes do not fill ${datatype} [${shape}]`);
  }
  const copy = new Uint8Array(bytes).buffer; // an exact, aligned copy (Buffer.slice would share the pool)
  switch (datatype) {
    case 'FP32':
      return { ...base, datatype, data: new Float32Array(copy) };
    case 'FP64':
      return { ...base, datatype, data: new Float64Array(copy) };
    case 'INT32':
      return { ...base, datatype, data: new Int32Array(copy) };
    case 'INT64':
      return { ...base, datatype, data: new BigInt64Array(copy) };
    case 'UINT8':
      return { ...base, datatype, data: new Uint8Array(copy) };
    default:
      return { ...base, datatype: 'BOOL', data: Array.from(new Uint8Array(copy), (v) => v !== 0) };
  }
}
