/** The shared store: SQLite by default, PostgreSQL for replicas on several hosts; both follow one contract (test/support/store.ts). */
export * from './types';
export { SqliteStore, databasePathFromEnv, migrate, DEFAULT_DB_FILE, type SqliteStoreOptions } from './sqlite-store';
export { SQLITE_MIGRATIONS, type Migration } from './migrations';
export { PostgresStore, redactDatabaseUrl, MIGRATION_LOCK_KEY, type PostgresStoreOptions } from './postgres-store';
export { POSTGRES_MIGRATIONS } from './postgres-migrations';
export { openStore, type OpenedStore, type OpenStoreOptions } from './open';
