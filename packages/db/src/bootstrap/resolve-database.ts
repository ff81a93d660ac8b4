import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedHandle } from './embedded.ts';
import { migrateDeploy } from './migrate.ts';

export interface ResolveDatabaseOptions {
  /** DATABASE_URL; when set the embedded server is never started. */
  databaseUrl?: string;
  dataDir: string;
  embeddedPort: number;
  log?: (line: string) => void;
}

export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

/**
 * Gives the process a migrated database: the configured DATABASE_URL, or the embedded
 * server. Errors are one readable line that says what to do.
 */
export async function resolveDatabase(
  options: ResolveDatabaseOptions,
): Promise<{ url: string; embedded: EmbeddedHandle | null; applied: string[] }> {
  const log = options.log ?? (() => {});
  let embedded: EmbeddedHandle | null = null;
  let url = options.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: options.dataDir, port: options.embeddedPort, log });
    url = embedded.url;
  } else {
    await checkReachable(url);
  }
  try {
    const { applied } = await migrateDeploy(url);
    if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
    return { url, embedded, applied };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

async function checkReachable(url: string) {
  let safe: string;
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    safe = u.toString();
  } catch {
    throw new DatabaseUnavailableError(`DATABASE_URL is not a valid URL; expected postgresql://user:pass@host:port/db`);
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new DatabaseUnavailableError(
      `Cannot reach DATABASE_URL (${safe}): ${(error as Error).message}. ` +
        `Check the server is running and the URL is right, or unset DATABASE_URL to use the embedded database.`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}
