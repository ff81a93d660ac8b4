/**
 * Where to go after signing in: only a path on this site. Anything else (an absolute URL,
 * `//evil.example`, `/\evil`) would turn the sign-in page into an open redirect.
 */
export function safeCallbackUrl(raw: string | null | undefined, fallback = '/'): string {
  if (!raw) return fallback;
  let value = raw;
  // next-auth hands back absolute URLs of our own origin; keep their path only.
  if (/^https?:\/\//i.test(value)) {
    try {
      const url = new URL(value);
      value = `${url.pathname}${url.search}${url.hash}`;
    } catch {
      return fallback;
    }
  }
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  if (value.startsWith('/sign-in')) return fallback;
  return value;
}
