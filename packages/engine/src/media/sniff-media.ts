import { fileTypeFromBuffer } from 'file-type';
import { imageSize } from 'image-size';
import { UnsupportedMediaError } from './errors.ts';
import type { MediaStore } from './media-store.ts';

export type MediaKind = 'image' | 'video' | 'document';

/** What Conveyor accepts, by the type the bytes really are (never the client's label). */
export const ALLOWED_MEDIA_TYPES: Readonly<Record<string, MediaKind>> = {
  'image/jpeg': 'image',
  'image/png': 'image',
  'image/webp': 'image',
  'image/gif': 'image',
  'video/mp4': 'video',
  'video/quicktime': 'video',
  'video/webm': 'video',
  'application/pdf': 'document',
};

/**
 * How much of a file sniffing needs. Magic bytes sit in the first few, but a JPEG's size
 * (its SOF marker) follows the EXIF/ICC/XMP segments, which phones fill generously.
 */
export const SNIFF_HEAD_BYTES = 512 * 1024;

export interface SniffedMedia {
  contentType: string;
  ext: string;
  kind: MediaKind;
  /** Images only; as stored, before any EXIF rotation. */
  width?: number;
  height?: number;
  /** EXIF orientation 1–8 of a JPEG, when present (5–8 show width and height swapped). */
  orientation?: number;
  /** True when `declaredType` was given and the bytes are something else. */
  mislabelled: boolean;
}

export interface SniffOptions {
  /** The Content-Type or upload label the client claimed, only to flag a mismatch. */
  declaredType?: string | null;
  /** Narrower allow-list than ALLOWED_MEDIA_TYPES, e.g. images only for a detector input. */
  allowedTypes?: readonly string[];
}

const ALIASES: Record<string, string> = { 'image/jpg': 'image/jpeg', 'image/pjpeg': 'image/jpeg' };

function normaliseType(type: string): string {
  const bare = type.split(';')[0]?.trim().toLowerCase() ?? '';
  return ALIASES[bare] ?? bare;
}

/**
 * The real type of `head` (the whole file or at least its first SNIFF_HEAD_BYTES) from its
 * magic bytes (file-type), with image dimensions (image-size). Throws UnsupportedMediaError
 * for empty input, unknown or disallowed types, and images whose header cannot be read —
 * a JPEG signature followed by garbage is corrupt, not a JPEG. This is a header check, not
 * a full decode: a file truncated after its header still passes.
 */
export async function sniffMedia(head: Uint8Array, options: SniffOptions = {}): Promise<SniffedMedia> {
  if (head.byteLength === 0) throw new UnsupportedMediaError('empty');
  const detected = await fileTypeFromBuffer(head);
  if (!detected) throw new UnsupportedMediaError('unknown-type');
  const contentType = detected.mime;
  const kind = ALLOWED_MEDIA_TYPES[contentType];
  const allowed = options.allowedTypes?.map(normaliseType) ?? Object.keys(ALLOWED_MEDIA_TYPES);
  if (!kind || !allowed.includes(contentType)) throw new UnsupportedMediaError('type-not-allowed', contentType);

  const declared = options.declaredType ? normaliseType(options.declaredType) : undefined;
  const sniffed: SniffedMedia = {
    contentType,
    ext: detected.ext,
    kind,
    mislabelled: declared !== undefined && declared !== contentType,
  };
  if (kind === 'image') {
    let size: ReturnType<typeof imageSize>;
    try {
      size = imageSize(head);
    } catch (error) {
      throw new UnsupportedMediaError('corrupt', contentType, error instanceof Error ? error.message : String(error));
    }
    if (!(size.width > 0 && size.height > 0)) {
      throw new UnsupportedMediaError('corrupt', contentType, `impossible size ${size.width}×${size.height}`);
    }
    sniffed.width = size.width;
    sniffed.height = size.height;
    if (size.orientation !== undefined) sniffed.orientation = size.orientation;
  }
  return sniffed;
}

/** Sniffs stored media from its first SNIFF_HEAD_BYTES, without reading a whole video. */
export async function sniffStoredMedia(
  store: MediaStore,
  storageKey: string,
  options: SniffOptions = {},
): Promise<SniffedMedia> {
  const stream = await store.get(storageKey);
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      length += chunk.byteLength;
      if (length >= SNIFF_HEAD_BYTES) break;
    }
  } finally {
    stream.destroy();
  }
  return sniffMedia(Buffer.concat(chunks).subarray(0, SNIFF_HEAD_BYTES), options);
}
