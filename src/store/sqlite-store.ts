/**
 * The default Store: one SQLite file (better-sqlite3) in WAL mode, so several processes on one host can share it.
 * Conditional writes are single UPDATE ... WHERE statements: SQLite runs one writer at a time, so whichever
 * statement commits first changes the row and every other one finds the precondition gone (changes = 0).
 * better-sqlite3 is synchronous, so a lock held by another process must never be waited for inside a call:
 * SQLite's own busy wait is off (0), and a store method that finds the database locked joins one FIFO queue per
 * store whose single poller retries it asynchronously (lock-queue.ts: timers, Slack acks and /healthz keep
 * running, however many calls wait) until busyTimeoutMs has passed.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Database as SqliteDatabase } from 'better-sqlite3';
import { LockQueue } from './lock-queue';
import { sqliteProbeSlots } from './probe-slots';
import { sqliteRenewNotification } from './notification-leases';
import { sqliteStoredDetails, type DetailsCap } from './stored-details';
import type { SentObservation } from '../diagnosis/probe-types';
import { SQLITE_MIGRATIONS, type Migration } from './migrations';
import { sqliteWriteProblem } from './sqlite-file-check';
import { auditColumns, jsonFromText, rowMappers, toJson, watchPatchColumns, type Row } from './rows';
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
  CLAIMED_NOTICES_SQL,
  FINISH_NOTICE_SQL,
  noticeFromRow,
  question,
  RETRY_NOTICE_SQL,
} from './status-notice-rows';

export const DEFAULT_DB_FILE = 'sr-check.db';

export interface SqliteStoreOptions {
  /** File path, or `:memory:`. */
  path: string;
  now?: () => number;
  /** How long a write waits for another process's lock before failing (ms), in asynchronous retries. */
  busyTimeoutMs?: number;
  /** Open an existing database without creating or migrating it (the CLI's `audit`). */
  readonly?: boolean;
}

/** `SR_CHECK_DB`, else `./sr-check.db` under the working directory. */
export function databasePathFromEnv(env: NodeJS.ProcessEnv, cwd = process.cwd()): string {
  const configured = env.SR_CHECK_DB?.trim();
  if (configured === ':memory:') return configured;
  return resolve(cwd, configured || DEFAULT_DB_FILE);
}

/** Pauses between the lock queue's attempts while another process holds the lock, doubling up to the cap (jittered). */
const LOCK_RETRY_FIRST_MS = 5;
const LOCK_RETRY_MAX_MS = 50;
const DEFAULT_BUSY_TIMEOUT_MS = 5_000;
/** Methods not wrapped in the asynchronous lock retry: synchronous helpers, and close (must not wait). */
const NOT_RETRIED = new Set(['constructor', 'close', 'appliedMigrations', 'retryWhileLocked', 'sweep', 'watchById']);

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return (
    code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || (typeof code === 'string' && code.startsWith('SQLITE_BUSY_'))
  );
}

const {
  approval: approvalFromRow,
  audit: auditFromRow,
  revocation: revocationFromRow,
  watch: watchFromRow,
} = rowMappers(jsonFromText);
const json = toJson;

export class SqliteStore implements Store {
  readonly path: string;
  private readonly db: SqliteDatabase;
  private readonly now: () => number;
  private claims = 0;
  /** The calls waiting for another connection's write lock: one queue, one poller (lock-queue.ts). */
  private readonly lockQueue = new LockQueue({
    isBusy,
    firstPauseMs: LOCK_RETRY_FIRST_MS,
    maxPauseMs: LOCK_RETRY_MAX_MS,
  });
  /** The file opened (device and inode), so ping can tell when the path was deleted or replaced since. */
  private readonly file: { path: string; dev: number; ino: number } | undefined;

  constructor(options: SqliteStoreOptions) {
    this.path = options.path;
    this.now = options.now ?? Date.now;
    // Never open another program's file (or a FIFO, which would wait) for writing: WAL and migrations change it.
    const problem = options.readonly || options.path === ':memory:' ? undefined : sqliteWriteProblem(options.path);
    if (problem) throw new Error(`${problem}; sr-check leaves it unchanged (set SR_CHECK_DB to its own file)`);
    this.db = new Database(options.path, {
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
    });
    const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
    // Opening and migrating wait synchronously (nothing else runs yet); every call after that waits asynchronously.
    this.db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    if (!options.readonly) {
      this.db.pragma('journal_mode = WAL');
      migrate(this.db, SQLITE_MIGRATIONS, this.now);
    }
    this.db.pragma('busy_timeout = 0');
    this.file = this.db.memory ? undefined : fileIdentity(resolve(this.db.name));
    this.retryWhileLocked(busyTimeoutMs);
  }

  /**
   * Wraps every store method: SQLITE_BUSY (another process holds the write lock) queues the call in the lock
   * queue, which retries it asynchronously until `totalMs` has passed, then rejects with the busy error. A retry
   * is safe because a method's writes are one statement or one transaction (a busy one changed nothing);
   * optional second statements (sweeps) swallow their own busy errors so they never make a method run twice.
   * Method bodies never call other wrapped methods (a queued call must not wait on the queue it heads).
   */
  private retryWhileLocked(totalMs: number): void {
    const proto = SqliteStore.prototype as unknown as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const method = proto[name];
      if (NOT_RETRIED.has(name) || typeof method !== 'function') continue;
      const self = this as unknown as Record<string, unknown>;
      self[name] = (...args: unknown[]) =>
        this.lockQueue.run(() => (method as (...a: unknown[]) => Promise<unknown>).apply(this, args), totalMs);
    }
  }

  /** A sweep of lapsed rows: worth doing, never worth failing or repeating the write before it for. */
  private sweep(sql: string, ...params: unknown[]): void {
    try {
      this.db.prepare(sql).run(...params);
    } catch (error) {
      if (!isBusy(error)) throw error;
    }
  }

  /** Versions applied to this database, in order (tests and diagnostics). */
  appliedMigrations(): number[] {
    return (this.db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as Row[]).map((r) =>
      Number(r.version),
    );
  }

  // ---- approval requests ----

  async createApproval(request: ApprovalRequest): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO approval_requests (id, org, state, requester, created_at, expires_at, updated_at, ttl_hours,
           decided_by, reason, plan, verdict_ref, thread, result)
         VALUES (@id, @org, @state, @requester, @createdAt, @expiresAt, @updatedAt, @ttlHours,
           @decidedBy, @reason, @plan, @verdictRef, @thread, @result)`,
      )
      .run({
        id: request.id,
        org: request.org,
        state: request.state,
        requester: request.requesterSlackId,
        createdAt: request.createdAt,
        expiresAt: request.expiresAt,
        updatedAt: request.updatedAt,
        ttlHours: request.ttlHours ?? null,
        decidedBy: request.decidedBy ?? null,
        reason: request.reason ?? null,
        plan: json(request.plan),
        verdictRef: json(request.verdictRef),
        thread: json(request.thread),
        result: json(request.result),
      });
  }

  async getApproval(id: string): Promise<ApprovalRequest | undefined> {
    const row = this.db.prepare('SELECT * FROM approval_requests WHERE id = ?').get(id) as Row | undefined;
    return row ? approvalFromRow(row) : undefined;
  }

  async listApprovals(filter: ApprovalFilter = {}): Promise<ApprovalRequest[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.org !== undefined) {
      where.push('org = ?');
      params.push(filter.org);
    }
    if (filter.states !== undefined) {
      if (filter.states.length === 0) return [];
      where.push(`state IN (${filter.states.map(() => '?').join(', ')})`);
      params.push(...filter.states);
    }
    if (filter.updatedBefore !== undefined) {
      where.push('updated_at < ?');
      params.push(filter.updatedBefore);
    }
    const sql =
      `SELECT * FROM approval_requests${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC` +
      (filter.limit !== undefined ? ' LIMIT ?' : '');
    if (filter.limit !== undefined) params.push(filter.limit);
    return (this.db.prepare(sql).all(...params) as Row[]).map(approvalFromRow);
  }

  async transition(id: string, from: ApprovalState[], to: ApprovalState, patch: ApprovalPatch = {}): Promise<boolean> {
    if (from.length === 0) return false;
    const sets = ['state = ?', 'updated_at = ?'];
    const params: unknown[] = [to, this.now()];
    if ('decidedBy' in patch) {
      sets.push('decided_by = ?');
      params.push(patch.decidedBy ?? null);
    }
    if ('reason' in patch) {
      sets.push('reason = ?');
      params.push(patch.reason ?? null);
    }
    if ('result' in patch) {
      sets.push('result = ?');
      params.push(json(patch.result));
    }
    params.push(id, ...from);
    const info = this.db
      .prepare(
        `UPDATE approval_requests SET ${sets.join(', ')} WHERE id = ? AND state IN (${from.map(() => '?').join(', ')})`,
      )
      .run(...params);
    return info.changes === 1;
  }

  // ---- audit ----

  async appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    const at = entry.at ?? this.now();
    const info = this.db
      .prepare(
        `INSERT INTO audit_log (at, org, actor, action, request_id, target, summary, plan, before_state, after_state, result)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(at, ...auditColumns(entry));
    const { at: _at, ...rest } = entry;
    return { ...rest, id: Number(info.lastInsertRowid), at };
  }

  async listAudit(filter: AuditFilter = {}): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.org !== undefined) {
      where.push('org = ?');
      params.push(filter.org);
    }
    if (filter.since !== undefined) {
      where.push('at >= ?');
      params.push(filter.since);
    }
    let sql = `SELECT * FROM audit_log${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC`;
    if (filter.limit !== undefined) {
      sql += ' LIMIT ?';
      params.push(filter.limit);
    }
    return (this.db.prepare(sql).all(...params) as Row[]).map(auditFromRow);
  }

  // ---- idempotency ----

  async pendingNotifications(settledBefore: number, limit: number): Promise<PendingNotification[]> {
    const rows = this.db
      .prepare(
        `SELECT r.*, n.notified_state AS notified_state FROM approval_requests r
           LEFT JOIN approval_notifications n ON n.request_id = r.id
         WHERE (n.notified_state IS NULL OR n.notified_state <> r.state)
           AND (n.lease_until IS NULL OR n.lease_until <= ?) AND r.updated_at < ?
         ORDER BY r.updated_at LIMIT ?`,
      )
      .all(this.now(), settledBefore, limit) as Row[];
    return rows.map((row) => ({
      request: approvalFromRow(row),
      ...(row.notified_state ? { notifiedState: row.notified_state as ApprovalState } : {}),
    }));
  }

  async claimNotification(requestId: string, state: ApprovalState, owner: string, leaseMs: number): Promise<boolean> {
    const now = this.now();
    const info = this.db
      .prepare(
        `INSERT INTO approval_notifications (request_id, notified_state, lease_owner, lease_until)
           SELECT id, NULL, ?, ? FROM approval_requests WHERE id = ? AND state = ?
         ON CONFLICT (request_id) DO UPDATE SET lease_owner = excluded.lease_owner, lease_until = excluded.lease_until
         WHERE (approval_notifications.notified_state IS NULL OR approval_notifications.notified_state <> ?)
           AND (approval_notifications.lease_until IS NULL OR approval_notifications.lease_until <= ?)`,
      )
      .run(owner, now + leaseMs, requestId, state, state, now);
    return info.changes === 1;
  }

  async markNotified(requestId: string, state: ApprovalState, owner: string): Promise<boolean> {
    const info = this.db
      .prepare(
        `UPDATE approval_notifications SET notified_state = ?, lease_owner = NULL, lease_until = NULL
         WHERE request_id = ? AND lease_owner = ?`,
      )
      .run(state, requestId, owner);
    return info.changes === 1;
  }

  async releaseNotification(requestId: string, owner: string): Promise<void> {
    this.db
      .prepare(
        'UPDATE approval_notifications SET lease_owner = NULL, lease_until = NULL WHERE request_id = ? AND lease_owner = ?',
      )
      .run(requestId, owner);
  }

  async renewNotification(requestId: string, owner: string, leaseMs: number): Promise<boolean> {
    return sqliteRenewNotification(this.db, requestId, owner, this.now() + leaseMs);
  }

  async releaseClaim(key: string): Promise<void> {
    this.db.prepare('DELETE FROM idempotency_keys WHERE key = ?').run(key);
  }

  async claim(key: string, ttlSeconds: number): Promise<boolean> {
    const now = this.now();
    // Insert, or take over a key whose claim has lapsed; a live claim makes the upsert a no-op (changes = 0).
    const info = this.db
      .prepare(
        `INSERT INTO idempotency_keys (key, expires_at) VALUES (?, ?)
         ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE idempotency_keys.expires_at <= ?`,
      )
      .run(key, now + ttlSeconds * 1000, now);
    // Lapsed keys are swept now and then rather than on every claim (claims are hot: every Slack event).
    if (++this.claims % 100 === 0) this.sweep('DELETE FROM idempotency_keys WHERE expires_at <= ?', now);
    return info.changes === 1;
  }

  // ---- stored check requests ----

  async saveRequest(id: string, value: unknown, ttlSeconds: number): Promise<void> {
    const now = this.now();
    this.db
      .prepare(
        `INSERT INTO stored_requests (id, value, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
      )
      .run(id, JSON.stringify(value ?? null), now + ttlSeconds * 1000);
    this.sweep('DELETE FROM stored_requests WHERE expires_at <= ?', now);
  }

  async getRequest(id: string): Promise<unknown> {
    const row = this.db
      .prepare('SELECT value FROM stored_requests WHERE id = ? AND expires_at > ?')
      .get(id, this.now()) as Row | undefined;
    return row ? jsonFromText(row.value) : undefined;
  }

  // ---- last verdicts ----

  async setLastVerdict(org: string, summary: VerdictSummary): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO last_verdicts (org, summary, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (org) DO UPDATE SET summary = excluded.summary, updated_at = excluded.updated_at`,
      )
      .run(org, JSON.stringify(summary), this.now());
  }

  async lastVerdicts(): Promise<LastVerdict[]> {
    return (this.db.prepare('SELECT * FROM last_verdicts ORDER BY org').all() as Row[]).map((row) => ({
      org: String(row.org),
      summary: jsonFromText(row.summary) as VerdictSummary,
      updatedAt: Number(row.updated_at),
    }));
  }

  // ---- scheduled revocations ----

  async scheduleRevocation(revocation: NewRevocation): Promise<ScheduledRevocation> {
    const createdAt = this.now();
    this.db
      .prepare(
        `INSERT INTO scheduled_revocations (id, request_id, org, grant_json, thread, due_at, state, created_at)
         VALUES (?, ?, ?, ?, ?, ?, 'scheduled', ?)`,
      )
      .run(
        revocation.id,
        revocation.requestId,
        revocation.org,
        JSON.stringify(revocation.grant),
        json(revocation.thread),
        revocation.dueAt,
        createdAt,
      );
    return { ...revocation, state: 'scheduled', createdAt };
  }

  async dueRevocations(now: number): Promise<ScheduledRevocation[]> {
    return (
      this.db
        .prepare(
          `SELECT * FROM scheduled_revocations
           WHERE (state = 'scheduled' AND due_at <= ?) OR (state = 'running' AND lease_until <= ?)
           ORDER BY due_at, id`,
        )
        .all(now, now) as Row[]
    ).map(revocationFromRow);
  }

  async claimRevocation(id: string, leaseMs: number): Promise<boolean> {
    const now = this.now();
    const info = this.db
      .prepare(
        `UPDATE scheduled_revocations SET state = 'running', lease_until = ?
         WHERE id = ? AND ((state = 'scheduled' AND due_at <= ?) OR (state = 'running' AND lease_until <= ?))`,
      )
      .run(now + leaseMs, id, now, now);
    return info.changes === 1;
  }

  async finishRevocation(id: string, state: 'done' | 'failed', detail?: string): Promise<boolean> {
    const info = this.db
      .prepare(
        `UPDATE scheduled_revocations SET state = ?, detail = ?, lease_until = NULL WHERE id = ? AND state = 'running'`,
      )
      .run(state, detail ?? null, id);
    return info.changes === 1;
  }

  async getRevocation(id: string): Promise<ScheduledRevocation | undefined> {
    const row = this.db.prepare('SELECT * FROM scheduled_revocations WHERE id = ?').get(id) as Row | undefined;
    return row ? revocationFromRow(row) : undefined;
  }

  async revocationsForRequest(requestId: string): Promise<ScheduledRevocation[]> {
    return (
      this.db
        .prepare('SELECT * FROM scheduled_revocations WHERE request_id = ? ORDER BY created_at, id')
        .all(requestId) as Row[]
    ).map(revocationFromRow);
  }

  async timeBoundWithoutRevocation(updatedBefore: number): Promise<ApprovalRequest[]> {
    return (
      this.db
        .prepare(
          `SELECT * FROM approval_requests a
           WHERE a.state = 'applied' AND a.ttl_hours IS NOT NULL AND a.updated_at < ?
             AND NOT EXISTS (SELECT 1 FROM scheduled_revocations r WHERE r.request_id = a.id)
           ORDER BY a.updated_at, a.id`,
        )
        .all(updatedBefore) as Row[]
    ).map(approvalFromRow);
  }

  // ---- propagation watches ----

  async createWatch(watch: NewWatch): Promise<PropagationWatch | undefined> {
    const now = this.now();
    const info = this.db
      .prepare(
        `INSERT INTO propagation_watches (id, request_id, org, check_request, position, started_at, next_run_at, status, checks,
           message, lease_owner, lease_until, created_at, updated_at)
         VALUES (?, ?, ?, ?, 0, ?, ?, 'running', 0, ?, ?, ?, ?, ?)
         ON CONFLICT (request_id) DO NOTHING`,
      )
      .run(
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
        now,
      );
    return info.changes === 1 ? this.watchById(watch.id) : undefined;
  }

  async getWatch(id: string): Promise<PropagationWatch | undefined> {
    return this.watchById(id);
  }

  /** getWatch's body, synchronous and not wrapped: createWatch reads its row back in the same call. */
  private watchById(id: string): PropagationWatch | undefined {
    const row = this.db.prepare('SELECT * FROM propagation_watches WHERE id = ?').get(id) as Row | undefined;
    return row ? watchFromRow(row) : undefined;
  }

  async getWatchForRequest(requestId: string): Promise<PropagationWatch | undefined> {
    const row = this.db.prepare('SELECT * FROM propagation_watches WHERE request_id = ?').get(requestId) as
      | Row
      | undefined;
    return row ? watchFromRow(row) : undefined;
  }

  async dueWatches(now: number): Promise<PropagationWatch[]> {
    return (
      this.db
        .prepare(
          `SELECT * FROM propagation_watches
           WHERE status = 'running' AND next_run_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
           ORDER BY next_run_at, id`,
        )
        .all(now, now) as Row[]
    ).map(watchFromRow);
  }

  async claimWatch(id: string, position: number, owner: string, leaseMs: number): Promise<boolean> {
    const now = this.now();
    const info = this.db
      .prepare(
        `UPDATE propagation_watches SET lease_owner = ?, lease_until = ?, updated_at = ?
         WHERE id = ? AND status = 'running' AND position = ? AND next_run_at <= ?
           AND (lease_until IS NULL OR lease_until <= ? OR lease_owner = ?)`,
      )
      .run(owner, now + leaseMs, now, id, position, now, now, owner);
    return info.changes === 1;
  }

  async updateWatch(id: string, expected: { position: number; owner: string }, patch: WatchPatch): Promise<boolean> {
    const columns = watchPatchColumns(patch);
    const sets = [...columns.map(([column]) => `${column} = ?`), 'updated_at = ?'];
    const info = this.db
      .prepare(
        `UPDATE propagation_watches SET ${sets.join(', ')} WHERE id = ? AND status = 'running' AND position = ? AND lease_owner = ?`,
      )
      .run(...columns.map(([, value]) => value), this.now(), id, expected.position, expected.owner);
    return info.changes === 1;
  }

  async setWatchMessage(id: string, message: ThreadRef): Promise<void> {
    this.db
      .prepare('UPDATE propagation_watches SET message = ?, updated_at = ? WHERE id = ?')
      .run(JSON.stringify(message), this.now(), id);
  }

  // ---- verdict history (diagnosis/history.ts) ----

  async appendHistory(entry: VerdictHistoryEntry): Promise<void> {
    this.db
      .prepare('INSERT INTO verdict_history (org, at, source, overall, entry) VALUES (?, ?, ?, ?, ?)')
      .run(entry.org, entry.at, entry.source, entry.overall, JSON.stringify(entry));
  }

  async listHistory(org: string, query: HistoryQuery = {}): Promise<VerdictHistoryEntry[]> {
    const { where, params } = historyWhere(org, query, () => '?');
    const rows = this.db
      .prepare(`SELECT entry FROM verdict_history WHERE ${where} ORDER BY at DESC, id DESC LIMIT ?`)
      .all(...params, historyLimit(query)) as Row[];
    return rows.map((row) => historyFromRow(row, jsonFromText));
  }

  async pruneHistory(before: number): Promise<number> {
    return this.db.prepare('DELETE FROM verdict_history WHERE at < ?').run(before).changes;
  }

  // ---- schedule ticks (schedule/types.ts) ----

  async claimScheduleTick(
    org: string,
    tickAt: number,
    owner: string,
    leaseUntil: number,
    now: number,
  ): Promise<boolean> {
    const info = this.db.prepare(CLAIM_TICK_SQL('?')).run(org, tickAt, owner, leaseUntil, now, now);
    return info.changes === 1;
  }

  async finishScheduleTick(
    org: string,
    tickAt: number,
    owner: string,
    result: TickResult,
    now: number,
  ): Promise<boolean> {
    const info = this.db.prepare(FINISH_TICK_SQL('?')).run(now, result, org, tickAt, owner);
    return info.changes === 1;
  }

  async lastScheduleTick(org: string): Promise<ScheduleTick | undefined> {
    const row = this.db.prepare('SELECT * FROM schedule_ticks WHERE org = ? ORDER BY tick_at DESC LIMIT 1').get(org) as
      | Row
      | undefined;
    return row ? tickFromRow(row) : undefined;
  }

  async pruneScheduleTicks(before: number): Promise<number> {
    // Status notices posted (or given up) as long ago go with the ticks.
    this.db.prepare('DELETE FROM status_notices WHERE done_at IS NOT NULL AND done_at < ?').run(before);
    return this.db.prepare('DELETE FROM schedule_ticks WHERE tick_at < ?').run(before).changes;
  }

  // ---- status-change outbox (status-notice-rows.ts) ----

  async addStatusNotices(notices: Array<Omit<StatusNotice, 'attempts'>>): Promise<void> {
    const insert = this.db.prepare(ADD_NOTICE_SQL(question));
    this.db.transaction(() => {
      for (const n of notices) insert.run(n.id, n.org, n.channel, n.payload, n.createdAt);
    })();
  }

  async claimStatusNotices(owner: string, now: number, leaseMs: number, limit: number): Promise<StatusNotice[]> {
    this.db.prepare(CLAIM_NOTICES_SQL(question)).run(owner, now + leaseMs, now, limit, now);
    return (this.db.prepare(CLAIMED_NOTICES_SQL(question)).all(owner) as Row[]).map(noticeFromRow);
  }

  async finishStatusNotice(id: string, owner: string, done: boolean, now: number): Promise<boolean> {
    const info = done
      ? this.db.prepare(FINISH_NOTICE_SQL(question)).run(now, id, owner)
      : this.db.prepare(RETRY_NOTICE_SQL(question)).run(id, owner);
    return info.changes === 1;
  }

  // ---- verdicts' Details, bounded per person (stored-details.ts) ----

  async saveDetails(id: string, owner: string, value: unknown, ttlSeconds: number, cap: DetailsCap): Promise<void> {
    sqliteStoredDetails(this.db).save(id, owner, value, this.now(), ttlSeconds, cap);
  }

  async getDetails(id: string): Promise<unknown> {
    return sqliteStoredDetails(this.db).get(id, this.now());
  }

  // ---- the probe's shared per-org limit (probe-slots.ts) ----

  async claimProbeSlot(org: string, key: string, holder: string, at: number, intervalMs: number) {
    return sqliteProbeSlots(this.db).claim(org, key, holder, at, intervalMs);
  }

  async recordProbeAnswer(org: string, holder: string, answer: Omit<SentObservation, 'earlier'>): Promise<void> {
    sqliteProbeSlots(this.db).record(org, holder, answer);
  }

  async releaseProbeSlot(org: string, holder: string): Promise<void> {
    sqliteProbeSlots(this.db).release(org, holder);
  }

  /**
   * Readiness: the file opened is still the one at the path (not deleted or replaced), and a real table reads
   * from it: the connection's page cache is dropped first, so an unreadable or corrupt file fails here rather
   * than answering from memory.
   */
  async ping(): Promise<void> {
    if (this.file) {
      const now = fileIdentity(this.file.path);
      if (now.dev !== this.file.dev || now.ino !== this.file.ino) {
        throw new Error(`SQLite database ${this.file.path} was replaced since it was opened`);
      }
    }
    this.db.pragma('shrink_memory');
    this.db.prepare('SELECT version FROM schema_migrations ORDER BY version DESC LIMIT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/** Device and inode of a file (throws ENOENT once it is deleted). */
function fileIdentity(path: string): { path: string; dev: number; ino: number } {
  const { dev, ino } = statSync(path);
  return { path, dev, ino };
}

/** Applies the migrations this database lacks, all in one immediate transaction (a second process waits, then finds them applied). */
export function migrate(db: SqliteDatabase, migrations: Migration[], now: () => number = Date.now): number[] {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  const apply = db.transaction(() => {
    const applied = new Set(
      (db.prepare('SELECT version FROM schema_migrations').all() as Row[]).map((r) => Number(r.version)),
    );
    const done: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        now(),
      );
      done.push(migration.version);
    }
    return done;
  });
  return apply.immediate();
}
