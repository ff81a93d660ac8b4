// Content-addressed media bytes and content sniffing, for server code.
export {
  MediaError,
  MediaTooLargeError,
  MediaNotFoundError,
  UnsupportedMediaError,
  InvalidStorageKeyError,
  type UnsupportedMediaReason,
} from './errors.ts';
export type { MediaStore, MediaSource, MediaStat, PutMediaOptions, StoredMedia } from './media-store.ts';
export { LocalMediaStore } from './local-media-store.ts';
export { storageKeyFor, sha256OfKey } from './storage-key.ts';
export { createHashingLimiter, type HashingLimiter } from './hashing-limiter.ts';
export {
  sniffMedia,
  sniffStoredMedia,
  ALLOWED_MEDIA_TYPES,
  SNIFF_HEAD_BYTES,
  type MediaKind,
  type SniffedMedia,
  type SniffOptions,
} from './sniff-media.ts';
