/** Remote inference over the Open Inference Protocol (KServe v2 / NVIDIA Triton), HTTP/JSON. */
export { createOipClient, type OipClient, type OipClientOptions, type OipModelRef } from './oip-client.ts';
export { createOipClassifierBackend, type OipClassifierBackendOptions } from './oip-classifier-backend.ts';
export { OipTensorError, decodeTensor, encodeTensor, type DecodedTensor, type TensorData } from './oip-tensor.ts';
export {
  OIP_DATATYPES,
  type OipDatatype,
  type OipInferRequest,
  type OipInferResponse,
  type OipModelMetadata,
  type OipTensor,
} from './oip-types.ts';
