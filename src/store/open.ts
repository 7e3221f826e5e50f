/**
 * Opens the store the environment asks for:
 *   SR_CHECK_DATABASE_URL set → PostgreSQL (migrated at open; optional SR_CHECK_DATABASE_SCHEMA keeps the tables in that schema),
 *   otherwise SQLite at SR_CHECK_DB (default ./sr-check.db).
 * `location` is for logs and never carries the database password.
 */
import { PostgresStore, redactDatabaseUrl } from './postgres-store';
import { SqliteStore, databasePathFromEnv } from './sqlite-store';
import type { Store } from './types';

export interface OpenedStore {
  store: Store;
  kind: 'sqlite' | 'postgres';
  /** Where, for logs: a file path, or the database URL without its password. */
  location: string;
}

export interface OpenStoreOptions {
  /** Errors on idle PostgreSQL connections (the pool replaces the connection); pass a logger's warn. */
  onPoolError?: (error: Error) => void;
}

export async function openStore(env: NodeJS.ProcessEnv, options: OpenStoreOptions = {}): Promise<OpenedStore> {
  const url = env.SR_CHECK_DATABASE_URL?.trim();
  if (url) {
    const schema = env.SR_CHECK_DATABASE_SCHEMA?.trim() || undefined;
    const location = redactDatabaseUrl(url) + (schema ? ` (schema ${schema})` : '');
    try {
      const store = await PostgresStore.open({
        connectionString: url,
        ...(schema ? { schema } : {}),
        ...(options.onPoolError ? { onPoolError: options.onPoolError } : {}),
      });
      return { store, kind: 'postgres', location };
    } catch (error) {
      // Say where, without the password; pg's own messages do not contain it.
      throw new Error(
        `could not open the PostgreSQL store at ${location}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  const path = databasePathFromEnv(env);
  return { store: new SqliteStore({ path }), kind: 'sqlite', location: path };
}
