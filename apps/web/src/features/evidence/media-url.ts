/** Where the browser fetches stored media (session-authorised, see app/api/media/[id]). */
export function defaultMediaUrl(mediaId: string): string {
  return `/api/media/${encodeURIComponent(mediaId)}`;
}

export type MediaUrl = (mediaId: string) => string;
