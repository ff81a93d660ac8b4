import { z } from 'zod';

/**
 * The Open Inference Protocol (KServe v2, served by NVIDIA Triton, KServe, Seldon MLServer),
 * HTTP/REST with JSON tensors. Only what Conveyor sends and reads; everything is checked
 * with zod on the way in, so a server speaking another dialect fails with a clear reason.
 */

/** Tensor datatypes this client encodes and decodes (JSON form). */
export const OIP_DATATYPES = ['BOOL', 'UINT8', 'INT32', 'INT64', 'FP32', 'FP64', 'BYTES'] as const;
export type OipDatatype = (typeof OIP_DATATYPES)[number];

const shape = z.array(z.number().int().min(-1));

export const oipTensorSchema = z.object({
  name: z.string().min(1),
  shape,
  datatype: z.string().min(1),
  /**
   * Row-major, flattened (servers may also nest it: flattened on read). Absent when the
   * tensor travels as binary data (Triton's extension: `parameters.binary_data_size`).
   */
  data: z.array(z.unknown()).optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
});
export type OipTensor = z.infer<typeof oipTensorSchema>;

export const oipInferRequestSchema = z.object({
  id: z.string().optional(),
  inputs: z.array(oipTensorSchema).min(1),
  outputs: z
    .array(z.object({ name: z.string().min(1), parameters: z.record(z.string(), z.unknown()).optional() }))
    .optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
});
export type OipInferRequest = z.infer<typeof oipInferRequestSchema>;

export const oipInferResponseSchema = z.object({
  model_name: z.string().min(1),
  model_version: z.string().optional(),
  id: z.string().optional(),
  outputs: z.array(oipTensorSchema),
});
export type OipInferResponse = z.infer<typeof oipInferResponseSchema>;

const metadataTensor = z.object({ name: z.string(), datatype: z.string(), shape });

export const oipModelMetadataSchema = z.object({
  name: z.string(),
  versions: z.array(z.string()).optional(),
  platform: z.string().optional(),
  inputs: z.array(metadataTensor),
  outputs: z.array(metadataTensor),
});
export type OipModelMetadata = z.infer<typeof oipModelMetadataSchema>;

/** The protocol's error body: `{ "error": "…" }`. */
export const oipErrorSchema = z.object({ error: z.string() });
