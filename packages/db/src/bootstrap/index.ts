export { startEmbeddedPostgres, EmbeddedPostgresError, type EmbeddedHandle } from './embedded.ts';
export { migrateDeploy, migrationsFingerprint, readMigrations, MigrationError, MIGRATIONS_DIR } from './migrate.ts';
export { resolveDatabase, DatabaseUnavailableError } from './resolve-database.ts';
