/**
 * Typed media failures. `code` survives serialisation into step errors and API problems:
 * too large → 413, unsupported → 415/422, not found → a failed step that names the key.
 */
export abstract class MediaError extends Error {
  abstract readonly code: string;
}

export class MediaTooLargeError extends MediaError {
  readonly code = 'media_too_large';
  constructor(
    readonly maxBytes: number,
    /** Bytes seen when the limit tripped (the stream is not read further). */
    readonly receivedBytes: number,
  ) {
    super(`Media exceeds the limit of ${maxBytes} bytes (got at least ${receivedBytes})`);
    this.name = 'MediaTooLargeError';
  }
}

export type UnsupportedMediaReason =
  /** Zero bytes. */
  | 'empty'
  /** No known magic bytes: text, an unknown format, or random data. */
  | 'unknown-type'
  /** A real type, but not one Conveyor accepts (e.g. an executable, a ZIP, TIFF). */
  | 'type-not-allowed'
  /** Right magic bytes, but the structure cannot be read (broken or truncated header). */
  | 'corrupt';

export class UnsupportedMediaError extends MediaError {
  readonly code = 'unsupported_media';
  constructor(
    readonly reason: UnsupportedMediaReason,
    /** What the bytes are, when that could be told. */
    readonly detectedType?: string,
    detail?: string,
  ) {
    const what = detectedType ? ` (${detectedType})` : '';
    super(`Unsupported media: ${reason}${what}${detail ? `: ${detail}` : ''}`);
    this.name = 'UnsupportedMediaError';
  }
}

export class MediaNotFoundError extends MediaError {
  readonly code = 'media_not_found';
  constructor(readonly storageKey: string) {
    super(`No media stored under ${storageKey}`);
    this.name = 'MediaNotFoundError';
  }
}

export class InvalidStorageKeyError extends MediaError {
  readonly code = 'invalid_storage_key';
  constructor(readonly storageKey: string) {
    super(`Not a media storage key: ${JSON.stringify(storageKey)}`);
    this.name = 'InvalidStorageKeyError';
  }
}
