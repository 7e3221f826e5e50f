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
import type { PendingNotification, Store } from './types';
import type {
  ApprovalFilter,
  ApprovalPatch,
  ApprovalRequest,
  ApprovalState,
  AuditEntry,
  AuditFilter,
  LastVerdict,
  NewAuditEntry,
  NewWatch,
  PropagationWatch,
  VerdictSummary,
  WatchPatch,
} from '../approvals/types';
import type { NewRevocation, ScheduledRevocation, ThreadRef } from '../fixes/types';
import type { HistoryQuery, VerdictHistoryEntry } from '../diagnosis/history';
import type { ScheduleTick, StatusNotice, TickResult } from '../schedule/types';
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

export class PostgresStore implements Store {
  readonly schema: string | undefined;
  /** Migration versions this store applied when it opened (empty when another replica had applied them). */
  migratedAtOpen: number[] = [];
  private readonly pool: Pool;
  private readonly now: () => number;
  private closed = false;
  private readonly approvals: PostgresApprovals;
  private readonly claims: PostgresClaims;
  private readonly verdicts: PostgresVerdicts;
  private readonly revocations: PostgresRevocations;
  private readonly watches: PostgresPropagationWatches;
  private readonly schedule: PostgresSchedule;

  /** Connects lazily and does not migrate; use `PostgresStore.open` to get a migrated store. */
  constructor(options: PostgresStoreOptions) {
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
    this.approvals = new PostgresApprovals(this.pool, this.now);
    this.claims = new PostgresClaims(this.pool, this.now);
    this.verdicts = new PostgresVerdicts(this.pool, this.now);
    this.revocations = new PostgresRevocations(this.pool, this.now);
    this.watches = new PostgresPropagationWatches(this.pool, this.now);
    this.schedule = new PostgresSchedule(this.pool, this.now);
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
  // ---- approval requests, audit log, notification outbox (postgres/approvals.ts) ----

  createApproval(request: ApprovalRequest): Promise<void> {
    return this.approvals.createApproval(request);
  }

  getApproval(id: string): Promise<ApprovalRequest | undefined> {
    return this.approvals.getApproval(id);
  }

  listApprovals(filter?: ApprovalFilter): Promise<ApprovalRequest[]> {
    return this.approvals.listApprovals(filter);
  }

  transition(id: string, from: ApprovalState[], to: ApprovalState, patch?: ApprovalPatch): Promise<boolean> {
    return this.approvals.transition(id, from, to, patch);
  }

  appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    return this.approvals.appendAudit(entry);
  }

  listAudit(filter?: AuditFilter): Promise<AuditEntry[]> {
    return this.approvals.listAudit(filter);
  }

  pendingNotifications(settledBefore: number, limit: number): Promise<PendingNotification[]> {
    return this.approvals.pendingNotifications(settledBefore, limit);
  }

  claimNotification(requestId: string, state: ApprovalState, owner: string, leaseMs: number): Promise<boolean> {
    return this.approvals.claimNotification(requestId, state, owner, leaseMs);
  }

  markNotified(requestId: string, state: ApprovalState, owner: string): Promise<boolean> {
    return this.approvals.markNotified(requestId, state, owner);
  }

  releaseNotification(requestId: string, owner: string): Promise<void> {
    return this.approvals.releaseNotification(requestId, owner);
  }

  renewNotification(requestId: string, owner: string, leaseMs: number): Promise<boolean> {
    return this.approvals.renewNotification(requestId, owner, leaseMs);
  }

  // ---- idempotency keys, stored check requests (postgres/claims.ts) ----

  claim(key: string, ttlSeconds: number): Promise<boolean> {
    return this.claims.claim(key, ttlSeconds);
  }

  releaseClaim(key: string): Promise<void> {
    return this.claims.releaseClaim(key);
  }

  saveRequest(id: string, value: unknown, ttlSeconds: number): Promise<void> {
    return this.claims.saveRequest(id, value, ttlSeconds);
  }

  getRequest(id: string): Promise<unknown> {
    return this.claims.getRequest(id);
  }

  // ---- last verdicts, verdict history (postgres/verdicts.ts) ----

  setLastVerdict(org: string, summary: VerdictSummary): Promise<void> {
    return this.verdicts.setLastVerdict(org, summary);
  }

  lastVerdicts(): Promise<LastVerdict[]> {
    return this.verdicts.lastVerdicts();
  }

  appendHistory(entry: VerdictHistoryEntry): Promise<void> {
    return this.verdicts.appendHistory(entry);
  }

  listHistory(org: string, query?: HistoryQuery): Promise<VerdictHistoryEntry[]> {
    return this.verdicts.listHistory(org, query);
  }

  pruneHistory(before: number): Promise<number> {
    return this.verdicts.pruneHistory(before);
  }

  // ---- scheduled revocations (postgres/revocations.ts) ----

  scheduleRevocation(revocation: NewRevocation): Promise<ScheduledRevocation> {
    return this.revocations.scheduleRevocation(revocation);
  }

  dueRevocations(now: number): Promise<ScheduledRevocation[]> {
    return this.revocations.dueRevocations(now);
  }

  claimRevocation(id: string, leaseMs: number): Promise<boolean> {
    return this.revocations.claimRevocation(id, leaseMs);
  }

  finishRevocation(id: string, state: 'done' | 'failed', detail?: string): Promise<boolean> {
    return this.revocations.finishRevocation(id, state, detail);
  }

  getRevocation(id: string): Promise<ScheduledRevocation | undefined> {
    return this.revocations.getRevocation(id);
  }

  revocationsForRequest(requestId: string): Promise<ScheduledRevocation[]> {
    return this.revocations.revocationsForRequest(requestId);
  }

  timeBoundWithoutRevocation(updatedBefore: number): Promise<ApprovalRequest[]> {
    return this.revocations.timeBoundWithoutRevocation(updatedBefore);
  }

  // ---- propagation watches (postgres/propagation-watches.ts) ----

  createWatch(watch: NewWatch): Promise<PropagationWatch | undefined> {
    return this.watches.createWatch(watch);
  }

  getWatch(id: string): Promise<PropagationWatch | undefined> {
    return this.watches.getWatch(id);
  }

  getWatchForRequest(requestId: string): Promise<PropagationWatch | undefined> {
    return this.watches.getWatchForRequest(requestId);
  }

  dueWatches(now: number): Promise<PropagationWatch[]> {
    return this.watches.dueWatches(now);
  }

  claimWatch(id: string, position: number, owner: string, leaseMs: number): Promise<boolean> {
    return this.watches.claimWatch(id, position, owner, leaseMs);
  }

  updateWatch(id: string, expected: { position: number; owner: string }, patch: WatchPatch): Promise<boolean> {
    return this.watches.updateWatch(id, expected, patch);
  }

  setWatchMessage(id: string, message: ThreadRef): Promise<void> {
    return this.watches.setWatchMessage(id, message);
  }

  // ---- schedule ticks, status-change outbox (postgres/schedule.ts) ----

  claimScheduleTick(org: string, tickAt: number, owner: string, leaseUntil: number, now: number): Promise<boolean> {
    return this.schedule.claimScheduleTick(org, tickAt, owner, leaseUntil, now);
  }

  finishScheduleTick(org: string, tickAt: number, owner: string, result: TickResult, now: number): Promise<boolean> {
    return this.schedule.finishScheduleTick(org, tickAt, owner, result, now);
  }

  lastScheduleTick(org: string): Promise<ScheduleTick | undefined> {
    return this.schedule.lastScheduleTick(org);
  }

  pruneScheduleTicks(before: number): Promise<number> {
    return this.schedule.pruneScheduleTicks(before);
  }

  addStatusNotices(notices: Array<Omit<StatusNotice, 'attempts'>>): Promise<void> {
    return this.schedule.addStatusNotices(notices);
  }

  claimStatusNotices(owner: string, now: number, leaseMs: number, limit: number): Promise<StatusNotice[]> {
    return this.schedule.claimStatusNotices(owner, now, leaseMs, limit);
  }

  finishStatusNotice(id: string, owner: string, done: boolean, now: number): Promise<boolean> {
    return this.schedule.finishStatusNotice(id, owner, done, now);
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
