/** The shared store (SQLite by default; a PostgreSQL implementation follows the same contract). */
export * from './types';
export { SqliteStore, databasePathFromEnv, migrate, DEFAULT_DB_FILE, type SqliteStoreOptions } from './sqlite-store';
export { SQLITE_MIGRATIONS, type Migration } from './migrations';
