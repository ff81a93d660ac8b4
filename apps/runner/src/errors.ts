/** An error whose message is already the one line a person needs; printed without a stack. */
export class StartupError extends Error {
  override name = 'StartupError';
}

const READABLE = new Set(['StartupError', 'EmbeddedPostgresError', 'DatabaseUnavailableError', 'MigrationError']);

export function isReadable(error: unknown): error is Error {
  return error instanceof Error && READABLE.has(error.name);
}
