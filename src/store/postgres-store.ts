/**
 * The Store on PostgreSQL (node-postgres Pool), for several replicas on several hosts.
 * Conditional writes are single statements (UPDATE ... WHERE state = ANY(...), INSERT ... ON CONFLICT DO UPDATE
 * ... WHERE): under READ COMMITTED a second writer of the same row waits for the first to commit, then re-checks
 * the WHERE clause against the committed row, finds the precondition gone and changes nothing. So of any number
 * of concurrent callers on any number of connections exactly one gets a row back.
 * Every time written or compared comes from the `now` the store was given (never the database clock), so
 * replicas and tests agree on TTLs, leases and updatedAt.
 */
import { Pool, type PoolClient, type PoolConfig } from 'pg';
import type { Migration } from './migrations';
import { POSTGRES_MIGRATIONS } from './postgres-migrations';
import { postgresProbeSlots } from './probe-slots';
import { postgresStoredDetails, type DetailsCap } from './stored-details';
import type { SentObservation } from '../diagnosis/probe/types';
import type { Row } from './rows';
import type { Store } from './types';
import { DelegatingStore, type StoreTables } from './delegating-store';
import { PostgresApprovals } from './postgres/approvals';
import { PostgresClaims } from './postgres/claims';
import { PostgresVerdicts } from './postgres/verdicts';
import { PostgresRevocations } from './postgres/revocations';
import { PostgresPropagationWatches } from './postgres/propagation-watches';
import { PostgresSchedule } from './postgres/schedule';

export interface PostgresStoreOptions {
  /** postgres://user[:password]@host:port/database[?sslmode=...] */
  connectionString: string;
  /**
   * Keep every table in this schema (created if missing) instead of the connection's default search_path.
   * Lower-case letters, digits and underscores. Tests use a random one each so they never collide.
   */
  schema?: string;
  now?: () => number;
  /** Most connections this replica holds (default 10). */
  maxConnections?: number;
  /** How long to wait for a connection before failing (default 10 s), so a missing database fails start-up instead of hanging. */
  connectionTimeoutMs?: number;
  /** Told about errors on idle connections (the database restarted, a network blip); the pool replaces them. */
  onPoolError?: (error: Error) => void;
}

/** Taken for the length of a migration transaction, so replicas starting at once apply each migration once ("srck"). */
export const MIGRATION_LOCK_KEY = 0x7372636b;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export class PostgresStore extends DelegatingStore implements Store {
  readonly schema: string | undefined;
  /** Migration versions this store applied when it opened (empty when another replica had applied them). */
  migratedAtOpen: number[] = [];
  private readonly pool: Pool;
  private readonly now: () => number;
  private closed = false;
  protected readonly tables: StoreTables;

  /** Connects lazily and does not migrate; use `PostgresStore.open` to get a migrated store. */
  constructor(options: PostgresStoreOptions) {
    super();
    if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
      throw new Error(
        `schema must be lower-case letters, digits and underscores (got ${JSON.stringify(options.schema)})`,
      );
    }
    this.schema = options.schema;
    this.now = options.now ?? Date.now;
    const config: PoolConfig = {
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
      // A startup parameter, so every connection the pool ever opens has it before its first query.
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    };
    this.pool = new Pool(config);
    // Without a listener an idle connection's error would crash the process; the pool drops that connection itself.
    this.pool.on('error', (error) => options.onPoolError?.(error));
    this.tables = {
      approvals: new PostgresApprovals(this.pool, this.now),
      claims: new PostgresClaims(this.pool, this.now),
      verdicts: new PostgresVerdicts(this.pool, this.now),
      revocations: new PostgresRevocations(this.pool, this.now),
      watches: new PostgresPropagationWatches(this.pool, this.now),
      schedule: new PostgresSchedule(this.pool, this.now),
    };
  }

  /** A store whose schema is created and migrated (safe when several replicas open at once). */
  static async open(
    options: PostgresStoreOptions,
    migrations: Migration[] = POSTGRES_MIGRATIONS,
  ): Promise<PostgresStore> {
    const store = new PostgresStore(options);
    try {
      store.migratedAtOpen = await store.migrate(migrations);
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  /**
   * Applies the migrations this database lacks, in order, in one transaction holding an advisory lock:
   * a replica starting at the same time waits for the lock, then finds them recorded and applies nothing.
   * A failing migration rolls back every one of this run. Returns the versions applied.
   */
  async migrate(migrations: Migration[] = POSTGRES_MIGRATIONS): Promise<number[]> {
    return this.inTransaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      // Inside the lock: concurrent CREATE SCHEMA IF NOT EXISTS can otherwise fail on a duplicate key.
      if (this.schema) await client.query(`CREATE SCHEMA IF NOT EXISTS "${this.schema}"`);
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
      );
      const applied = new Set(
        (await client.query<Row>('SELECT version FROM schema_migrations')).rows.map((r) => Number(r.version)),
      );
      const done: number[] = [];
      for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
        if (applied.has(migration.version)) continue;
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
          migration.version,
          migration.name,
          this.now(),
        ]);
        done.push(migration.version);
      }
      return done;
    });
  }

  /** Versions applied to this database, in order (tests and diagnostics). */
  async appliedMigrations(): Promise<number[]> {
    return (await this.rows('SELECT version FROM schema_migrations ORDER BY version')).map((r) => Number(r.version));
  }

  // ---- verdicts' Details, bounded per person (stored-details.ts) ----

  saveDetails(id: string, owner: string, value: unknown, ttlSeconds: number, cap: DetailsCap): Promise<void> {
    return postgresStoredDetails(this.pool).save(id, owner, value, this.now(), ttlSeconds, cap);
  }

  getDetails(id: string): Promise<unknown> {
    return postgresStoredDetails(this.pool).get(id, this.now());
  }

  // ---- the probe's shared per-org limit (probe-slots.ts) ----

  claimProbeSlot(org: string, key: string, holder: string, at: number, intervalMs: number) {
    return postgresProbeSlots(this.pool).claim(org, key, holder, at, intervalMs);
  }

  recordProbeAnswer(org: string, holder: string, answer: Omit<SentObservation, 'earlier'>): Promise<void> {
    return postgresProbeSlots(this.pool).record(org, holder, answer);
  }

  releaseProbeSlot(org: string, holder: string): Promise<void> {
    return postgresProbeSlots(this.pool).release(org, holder);
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error('store closed');
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private async rows(sql: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.pool.query<Row>(sql, params)).rows;
  }

  private async inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

/**
 * The URL for logs: the password (in the user info or a `password` parameter) replaced, so it never reaches a log line.
 * A string that is not a URL (libpq key=value form) has its password=... value replaced.
 */
export function redactDatabaseUrl(connectionString: string): string {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    return redactUnparsed(connectionString);
  }
  if (url.password) url.password = '';
  for (const key of [...url.searchParams.keys()]) if (/password/i.test(key)) url.searchParams.set(key, '[redacted]');
  return url.toString();
}

/**
 * A string URL cannot parse (a bad port, a broken IPv6 host) may still hold a password: everything between the
 * user name and the last '@' goes (a password may hold '@' of its own), and every password=... value.
 */
function redactUnparsed(text: string): string {
  const withoutUserinfo = text.replace(
    /^([a-z][a-z0-9+.-]*:\/\/)([^:@/?#]*)(?::[\s\S]*)?@(?=[^@]*$)/i,
    (_all, scheme: string, user: string) => `${scheme}${user}@`,
  );
  return withoutUserinfo.replace(/(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&]+)/gi, '$1[redacted]');
}
