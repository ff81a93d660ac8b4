// Outbound HTTP for server code: the SSRF-guarded fetch, webhook signatures, delivery.
export {
  OutboundHttpError,
  SsrfBlockedError,
  ResponseTooLargeError,
  HttpTimeoutError,
  HttpConnectionError,
  HttpRedirectError,
  type SsrfBlockReason,
  type RedirectFailure,
} from './errors.ts';
export {
  createGuardedFetch,
  type GuardedFetch,
  type GuardedFetchOptions,
  type GuardedRequestInit,
} from './guarded-fetch.ts';
export { systemResolveHost, type ResolveHost, type ResolvedAddress } from './guarded-connector.ts';
export {
  classifyAddress,
  createAddressPolicy,
  type AddressClass,
  type AddressPolicy,
  type AllowListOptions,
} from './ip-policy.ts';
export {
  SIGNATURE_HEADER,
  DEFAULT_TOLERANCE_SEC,
  signPayload,
  verifySignature,
  createSignatureVerifier,
  parseSignatureHeader,
  type StreamingSignatureVerifier,
  type SignatureFailure,
  type SignatureVerification,
  type VerifyOptions,
} from '@conveyor/nodes/server';
export {
  deliverWebhook,
  backoffDelayMs,
  type DeliverWebhookOptions,
  type DeliveryAttempt,
  type DeliveryFetch,
  type WebhookDeliveryResult,
  type BackoffOptions,
} from './deliver-webhook.ts';
