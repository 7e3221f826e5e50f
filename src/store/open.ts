/**
 * Opens the store the environment asks for: SQLite at SR_CHECK_DB by default.
 * (SR_CHECK_DATABASE_URL → PostgreSQL is added by the PostgreSQL store.)
 */
import { SqliteStore, databasePathFromEnv } from './sqlite-store';
import type { Store } from './types';

export interface OpenedStore {
  store: Store;
  kind: 'sqlite' | 'postgres';
  /** Where, for logs: a file path, or the database URL without its password. */
  location: string;
}

export async function openStore(env: NodeJS.ProcessEnv = process.env): Promise<OpenedStore> {
  const path = databasePathFromEnv(env);
  return { store: new SqliteStore({ path }), kind: 'sqlite', location: path };
}
