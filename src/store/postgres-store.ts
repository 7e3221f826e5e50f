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
import { postgresRenewNotification } from './notification-leases';
import { postgresStoredDetails, type DetailsCap } from './stored-details';
import type { SentObservation } from '../diagnosis/probe-types';
import { auditColumns, jsonFromJsonb, rowMappers, toJson, watchPatchColumns, type Row } from './rows';
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
import {
  CLAIM_TICK_SQL,
  FINISH_TICK_SQL,
  historyFromRow,
  historyLimit,
  historyWhere,
  tickFromRow,
} from './history-rows';
import type { HistoryQuery, VerdictHistoryEntry } from '../diagnosis/history';
import type { ScheduleTick, StatusNotice, TickResult } from '../schedule/types';
import {
  ADD_NOTICE_SQL,
  CLAIM_NOTICES_SQL,
  FINISH_NOTICE_SQL,
  noticeFromRow,
  numbered,
  RETRY_NOTICE_SQL,
} from './status-notice-rows';

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

const {
  approval: approvalFromRow,
  audit: auditFromRow,
  revocation: revocationFromRow,
  watch: watchFromRow,
} = rowMappers(jsonFromJsonb);

/** Taken for the length of a migration transaction, so replicas starting at once apply each migration once ("srck"). */
export const MIGRATION_LOCK_KEY = 0x7372636b;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

const json = toJson;

export class PostgresStore implements Store {
  readonly schema: string | undefined;
  /** Migration versions this store applied when it opened (empty when another replica had applied them). */
  migratedAtOpen: number[] = [];
  private readonly pool: Pool;
  private readonly now: () => number;
  private claims = 0;
  private closed = false;

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

  // ---- approval requests ----

  async createApproval(request: ApprovalRequest): Promise<void> {
    await this.pool.query(
      `INSERT INTO approval_requests (id, org, state, requester, created_at, expires_at, updated_at, ttl_hours,
         decided_by, reason, plan, verdict_ref, thread, result)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12::jsonb, $13::jsonb, $14::jsonb)`,
      [
        request.id,
        request.org,
        request.state,
        request.requesterSlackId,
        request.createdAt,
        request.expiresAt,
        request.updatedAt,
        request.ttlHours ?? null,
        request.decidedBy ?? null,
        request.reason ?? null,
        json(request.plan),
        json(request.verdictRef),
        json(request.thread),
        json(request.result),
      ],
    );
  }

  async getApproval(id: string): Promise<ApprovalRequest | undefined> {
    const [row] = await this.rows('SELECT * FROM approval_requests WHERE id = $1', [id]);
    return row ? approvalFromRow(row) : undefined;
  }

  async listApprovals(filter: ApprovalFilter = {}): Promise<ApprovalRequest[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter.org !== undefined) where.push(`org = ${param(filter.org)}`);
    if (filter.states !== undefined) {
      if (filter.states.length === 0) return [];
      where.push(`state = ANY(${param(filter.states)}::text[])`);
    }
    if (filter.updatedBefore !== undefined) where.push(`updated_at < ${param(filter.updatedBefore)}`);
    // COLLATE "C": ids compare byte by byte, as in SQLite, whatever the database's locale.
    let sql = `SELECT * FROM approval_requests${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id COLLATE "C" DESC`;
    if (filter.limit !== undefined) sql += ` LIMIT ${param(filter.limit)}`;
    return (await this.rows(sql, params)).map(approvalFromRow);
  }

  async transition(id: string, from: ApprovalState[], to: ApprovalState, patch: ApprovalPatch = {}): Promise<boolean> {
    if (from.length === 0) return false;
    const params: unknown[] = [id, from, to, this.now()];
    const param = (value: unknown) => `$${params.push(value)}`;
    const sets = ['state = $3', 'updated_at = $4'];
    if ('decidedBy' in patch) sets.push(`decided_by = ${param(patch.decidedBy ?? null)}`);
    if ('reason' in patch) sets.push(`reason = ${param(patch.reason ?? null)}`);
    if ('result' in patch) sets.push(`result = ${param(json(patch.result))}::jsonb`);
    const changed = await this.rows(
      `UPDATE approval_requests SET ${sets.join(', ')} WHERE id = $1 AND state = ANY($2::text[]) RETURNING id`,
      params,
    );
    return changed.length === 1;
  }

  // ---- audit ----

  async appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    const at = entry.at ?? this.now();
    const [row] = await this.rows(
      `INSERT INTO audit_log (at, org, actor, action, request_id, target, summary, plan, before_state, after_state, result)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8::jsonb, $9::jsonb, $10::jsonb, $11)
       RETURNING id`,
      [at, ...auditColumns(entry)],
    );
    const { at: _at, ...rest } = entry;
    return { ...rest, id: Number(row!.id), at };
  }

  async listAudit(filter: AuditFilter = {}): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter.org !== undefined) where.push(`org = ${param(filter.org)}`);
    if (filter.since !== undefined) where.push(`at >= ${param(filter.since)}`);
    let sql = `SELECT * FROM audit_log${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC`;
    if (filter.limit !== undefined) sql += ` LIMIT ${param(filter.limit)}`;
    return (await this.rows(sql, params)).map(auditFromRow);
  }

  // ---- idempotency ----

  async pendingNotifications(settledBefore: number, limit: number): Promise<PendingNotification[]> {
    const rows = await this.rows(
      `SELECT r.*, n.notified_state AS notified_state FROM approval_requests r
         LEFT JOIN approval_notifications n ON n.request_id = r.id
       WHERE (n.notified_state IS NULL OR n.notified_state <> r.state)
         AND (n.lease_until IS NULL OR n.lease_until <= $1) AND r.updated_at < $2
       ORDER BY r.updated_at LIMIT $3`,
      [this.now(), settledBefore, limit],
    );
    return rows.map((row) => ({
      request: approvalFromRow(row),
      ...(row.notified_state ? { notifiedState: row.notified_state as ApprovalState } : {}),
    }));
  }

  async claimNotification(requestId: string, state: ApprovalState, owner: string, leaseMs: number): Promise<boolean> {
    const now = this.now();
    const won = await this.rows(
      `INSERT INTO approval_notifications (request_id, notified_state, lease_owner, lease_until)
         SELECT id, NULL, $1, $2 FROM approval_requests WHERE id = $3 AND state = $4
       ON CONFLICT (request_id) DO UPDATE SET lease_owner = EXCLUDED.lease_owner, lease_until = EXCLUDED.lease_until
       WHERE (approval_notifications.notified_state IS NULL OR approval_notifications.notified_state <> $4)
         AND (approval_notifications.lease_until IS NULL OR approval_notifications.lease_until <= $5)
       RETURNING request_id`,
      [owner, now + leaseMs, requestId, state, now],
    );
    return won.length === 1;
  }

  async markNotified(requestId: string, state: ApprovalState, owner: string): Promise<boolean> {
    const marked = await this.pool.query(
      `UPDATE approval_notifications SET notified_state = $1, lease_owner = NULL, lease_until = NULL
       WHERE request_id = $2 AND lease_owner = $3`,
      [state, requestId, owner],
    );
    return marked.rowCount === 1;
  }

  async releaseNotification(requestId: string, owner: string): Promise<void> {
    await this.pool.query(
      'UPDATE approval_notifications SET lease_owner = NULL, lease_until = NULL WHERE request_id = $1 AND lease_owner = $2',
      [requestId, owner],
    );
  }

  renewNotification(requestId: string, owner: string, leaseMs: number): Promise<boolean> {
    return postgresRenewNotification(this.pool, requestId, owner, this.now() + leaseMs);
  }

  async releaseClaim(key: string): Promise<void> {
    await this.pool.query('DELETE FROM idempotency_keys WHERE key = $1', [key]);
  }

  async claim(key: string, ttlSeconds: number): Promise<boolean> {
    const now = this.now();
    // Insert, or take over a key whose claim has lapsed. A live claim leaves the WHERE false: no row comes back.
    // Concurrent inserts of a new key wait on each other's index entry, then take the conflict path.
    const won = await this.rows(
      `INSERT INTO idempotency_keys (key, expires_at) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE idempotency_keys.expires_at <= $3
       RETURNING key`,
      [key, now + ttlSeconds * 1000, now],
    );
    // Lapsed keys are swept now and then rather than on every claim (claims are hot: every Slack event).
    if (++this.claims % 100 === 0) await this.pool.query('DELETE FROM idempotency_keys WHERE expires_at <= $1', [now]);
    return won.length === 1;
  }

  // ---- stored check requests ----

  async saveRequest(id: string, value: unknown, ttlSeconds: number): Promise<void> {
    const now = this.now();
    await this.pool.query(
      `INSERT INTO stored_requests (id, value, expires_at) VALUES ($1, $2::jsonb, $3)
       ON CONFLICT (id) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at`,
      [id, JSON.stringify(value ?? null), now + ttlSeconds * 1000],
    );
    await this.pool.query('DELETE FROM stored_requests WHERE expires_at <= $1', [now]);
  }

  async getRequest(id: string): Promise<unknown> {
    const [row] = await this.rows('SELECT value FROM stored_requests WHERE id = $1 AND expires_at > $2', [
      id,
      this.now(),
    ]);
    return row ? row.value : undefined;
  }

  // ---- last verdicts ----

  async setLastVerdict(org: string, summary: VerdictSummary): Promise<void> {
    await this.pool.query(
      `INSERT INTO last_verdicts (org, summary, updated_at) VALUES ($1, $2::jsonb, $3)
       ON CONFLICT (org) DO UPDATE SET summary = EXCLUDED.summary, updated_at = EXCLUDED.updated_at`,
      [org, JSON.stringify(summary), this.now()],
    );
  }

  async lastVerdicts(): Promise<LastVerdict[]> {
    return (await this.rows('SELECT * FROM last_verdicts ORDER BY org COLLATE "C"')).map((row) => ({
      org: String(row.org),
      summary: row.summary as VerdictSummary,
      updatedAt: Number(row.updated_at),
    }));
  }

  // ---- scheduled revocations ----

  async scheduleRevocation(revocation: NewRevocation): Promise<ScheduledRevocation> {
    const createdAt = this.now();
    await this.pool.query(
      `INSERT INTO scheduled_revocations (id, request_id, org, grant_json, thread, due_at, state, created_at)
       VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, 'scheduled', $7)`,
      [
        revocation.id,
        revocation.requestId,
        revocation.org,
        JSON.stringify(revocation.grant),
        json(revocation.thread),
        revocation.dueAt,
        createdAt,
      ],
    );
    return { ...revocation, state: 'scheduled', createdAt };
  }

  async dueRevocations(now: number): Promise<ScheduledRevocation[]> {
    return (
      await this.rows(
        `SELECT * FROM scheduled_revocations
         WHERE (state = 'scheduled' AND due_at <= $1) OR (state = 'running' AND lease_until <= $1)
         ORDER BY due_at, id COLLATE "C"`,
        [now],
      )
    ).map(revocationFromRow);
  }

  async claimRevocation(id: string, leaseMs: number): Promise<boolean> {
    const now = this.now();
    const won = await this.rows(
      `UPDATE scheduled_revocations SET state = 'running', lease_until = $2
       WHERE id = $1 AND ((state = 'scheduled' AND due_at <= $3) OR (state = 'running' AND lease_until <= $3))
       RETURNING id`,
      [id, now + leaseMs, now],
    );
    return won.length === 1;
  }

  async finishRevocation(id: string, state: 'done' | 'failed', detail?: string): Promise<boolean> {
    const finished = await this.rows(
      `UPDATE scheduled_revocations SET state = $2, detail = $3, lease_until = NULL WHERE id = $1 AND state = 'running' RETURNING id`,
      [id, state, detail ?? null],
    );
    return finished.length === 1;
  }

  async getRevocation(id: string): Promise<ScheduledRevocation | undefined> {
    const [row] = await this.rows('SELECT * FROM scheduled_revocations WHERE id = $1', [id]);
    return row ? revocationFromRow(row) : undefined;
  }

  async revocationsForRequest(requestId: string): Promise<ScheduledRevocation[]> {
    return (
      await this.rows('SELECT * FROM scheduled_revocations WHERE request_id = $1 ORDER BY created_at, id COLLATE "C"', [
        requestId,
      ])
    ).map(revocationFromRow);
  }

  async timeBoundWithoutRevocation(updatedBefore: number): Promise<ApprovalRequest[]> {
    return (
      await this.rows(
        `SELECT * FROM approval_requests a
         WHERE a.state = 'applied' AND a.ttl_hours IS NOT NULL AND a.updated_at < $1
           AND NOT EXISTS (SELECT 1 FROM scheduled_revocations r WHERE r.request_id = a.id)
         ORDER BY a.updated_at, a.id COLLATE "C"`,
        [updatedBefore],
      )
    ).map(approvalFromRow);
  }

  // ---- propagation watches ----

  async createWatch(watch: NewWatch): Promise<PropagationWatch | undefined> {
    const now = this.now();
    const [row] = await this.rows(
      `INSERT INTO propagation_watches (id, request_id, org, check_request, position, started_at, next_run_at, status, checks,
         message, lease_owner, lease_until, created_at, updated_at)
       VALUES ($1, $2, $3, $4::jsonb, 0, $5, $6, 'running', 0, $7::jsonb, $8, $9, $10, $10)
       ON CONFLICT (request_id) DO NOTHING
       RETURNING *`,
      [
        watch.id,
        watch.requestId,
        watch.org,
        JSON.stringify(watch.check),
        watch.startedAt,
        watch.nextRunAt,
        json(watch.message),
        watch.leaseOwner ?? null,
        watch.leaseUntil ?? null,
        now,
      ],
    );
    return row ? watchFromRow(row) : undefined;
  }

  async getWatch(id: string): Promise<PropagationWatch | undefined> {
    const [row] = await this.rows('SELECT * FROM propagation_watches WHERE id = $1', [id]);
    return row ? watchFromRow(row) : undefined;
  }

  async getWatchForRequest(requestId: string): Promise<PropagationWatch | undefined> {
    const [row] = await this.rows('SELECT * FROM propagation_watches WHERE request_id = $1', [requestId]);
    return row ? watchFromRow(row) : undefined;
  }

  async dueWatches(now: number): Promise<PropagationWatch[]> {
    return (
      await this.rows(
        `SELECT * FROM propagation_watches
         WHERE status = 'running' AND next_run_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
         ORDER BY next_run_at, id COLLATE "C"`,
        [now],
      )
    ).map(watchFromRow);
  }

  async claimWatch(id: string, position: number, owner: string, leaseMs: number): Promise<boolean> {
    const now = this.now();
    const won = await this.rows(
      `UPDATE propagation_watches SET lease_owner = $3, lease_until = $4, updated_at = $5
       WHERE id = $1 AND status = 'running' AND position = $2 AND next_run_at <= $5
         AND (lease_until IS NULL OR lease_until <= $5 OR lease_owner = $3)
       RETURNING id`,
      [id, position, owner, now + leaseMs, now],
    );
    return won.length === 1;
  }

  async updateWatch(id: string, expected: { position: number; owner: string }, patch: WatchPatch): Promise<boolean> {
    const params: unknown[] = [id, expected.position, expected.owner, this.now()];
    const param = (value: unknown) => `$${params.push(value)}`;
    const sets = [
      ...watchPatchColumns(patch).map(([column, value]) => `${column} = ${param(value)}`),
      'updated_at = $4',
    ];
    const changed = await this.rows(
      `UPDATE propagation_watches SET ${sets.join(', ')} WHERE id = $1 AND status = 'running' AND position = $2 AND lease_owner = $3 RETURNING id`,
      params,
    );
    return changed.length === 1;
  }

  async setWatchMessage(id: string, message: ThreadRef): Promise<void> {
    await this.pool.query('UPDATE propagation_watches SET message = $2::jsonb, updated_at = $3 WHERE id = $1', [
      id,
      JSON.stringify(message),
      this.now(),
    ]);
  }

  // ---- verdict history (diagnosis/history.ts) ----

  async appendHistory(entry: VerdictHistoryEntry): Promise<void> {
    await this.pool.query(
      'INSERT INTO verdict_history (org, at, source, overall, entry) VALUES ($1, $2, $3, $4, $5::jsonb)',
      [entry.org, entry.at, entry.source, entry.overall, JSON.stringify(entry)],
    );
  }

  async listHistory(org: string, query: HistoryQuery = {}): Promise<VerdictHistoryEntry[]> {
    let n = 0;
    const { where, params } = historyWhere(org, query, () => `$${++n}`);
    const rows = await this.rows(
      `SELECT entry FROM verdict_history WHERE ${where} ORDER BY at DESC, id DESC LIMIT $${++n}`,
      [...params, historyLimit(query)],
    );
    return rows.map((row) => historyFromRow(row, jsonFromJsonb));
  }

  async pruneHistory(before: number): Promise<number> {
    return (await this.pool.query('DELETE FROM verdict_history WHERE at < $1', [before])).rowCount ?? 0;
  }

  // ---- schedule ticks (schedule/types.ts) ----

  async claimScheduleTick(
    org: string,
    tickAt: number,
    owner: string,
    leaseUntil: number,
    now: number,
  ): Promise<boolean> {
    let n = 0;
    const won = await this.rows(`${CLAIM_TICK_SQL(() => `$${++n}`)} RETURNING org`, [
      org,
      tickAt,
      owner,
      leaseUntil,
      now,
      now,
    ]);
    return won.length === 1;
  }

  async finishScheduleTick(
    org: string,
    tickAt: number,
    owner: string,
    result: TickResult,
    now: number,
  ): Promise<boolean> {
    let n = 0;
    const done = await this.rows(`${FINISH_TICK_SQL(() => `$${++n}`)} RETURNING org`, [
      now,
      result,
      org,
      tickAt,
      owner,
    ]);
    return done.length === 1;
  }

  async lastScheduleTick(org: string): Promise<ScheduleTick | undefined> {
    const [row] = await this.rows('SELECT * FROM schedule_ticks WHERE org = $1 ORDER BY tick_at DESC LIMIT 1', [org]);
    return row ? tickFromRow(row) : undefined;
  }

  async pruneScheduleTicks(before: number): Promise<number> {
    // Status notices posted (or given up) as long ago go with the ticks.
    await this.pool.query('DELETE FROM status_notices WHERE done_at IS NOT NULL AND done_at < $1', [before]);
    return (await this.pool.query('DELETE FROM schedule_ticks WHERE tick_at < $1', [before])).rowCount ?? 0;
  }

  // ---- status-change outbox (status-notice-rows.ts) ----

  async addStatusNotices(notices: Array<Omit<StatusNotice, 'attempts'>>): Promise<void> {
    for (const n of notices)
      await this.pool.query(ADD_NOTICE_SQL(numbered()), [n.id, n.org, n.channel, n.payload, n.createdAt]);
  }

  async claimStatusNotices(owner: string, now: number, leaseMs: number, limit: number): Promise<StatusNotice[]> {
    const claimed = await this.rows(`${CLAIM_NOTICES_SQL(numbered())} RETURNING *`, [
      owner,
      now + leaseMs,
      now,
      limit,
      now,
    ]);
    return claimed.map(noticeFromRow).sort((a, b) => a.createdAt - b.createdAt);
  }

  async finishStatusNotice(id: string, owner: string, done: boolean, now: number): Promise<boolean> {
    const result = done
      ? await this.pool.query(FINISH_NOTICE_SQL(numbered()), [now, id, owner])
      : await this.pool.query(RETRY_NOTICE_SQL(numbered()), [id, owner]);
    return result.rowCount === 1;
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
