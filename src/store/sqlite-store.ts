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
import { sqliteStoredDetails, type DetailsCap } from './stored-details';
import type { SentObservation } from '../diagnosis/probe/types';
import { SQLITE_MIGRATIONS } from './migrations';
import { sqliteWriteProblem } from './sqlite-file-check';
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
import { SqliteApprovals } from './sqlite/approvals';
import { SqliteClaims } from './sqlite/claims';
import { migrate } from './sqlite/migrate';
import { SqlitePropagationWatches } from './sqlite/propagation-watches';
import { SqliteRevocations } from './sqlite/revocations';
import { SqliteSchedule } from './sqlite/schedule';
import { isBusy } from './sqlite/table';
import { SqliteVerdicts } from './sqlite/verdicts';

export { migrate } from './sqlite/migrate';

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
const NOT_RETRIED = new Set(['constructor', 'close', 'appliedMigrations', 'retryWhileLocked']);

export class SqliteStore implements Store {
  readonly path: string;
  private readonly db: SqliteDatabase;
  private readonly now: () => number;
  /** The calls waiting for another connection's write lock: one queue, one poller (lock-queue.ts). */
  private readonly lockQueue = new LockQueue({
    isBusy,
    firstPauseMs: LOCK_RETRY_FIRST_MS,
    maxPauseMs: LOCK_RETRY_MAX_MS,
  });
  /** The file opened (device and inode), so ping can tell when the path was deleted or replaced since. */
  private readonly file: { path: string; dev: number; ino: number } | undefined;
  private readonly approvals: SqliteApprovals;
  private readonly claims: SqliteClaims;
  private readonly verdicts: SqliteVerdicts;
  private readonly revocations: SqliteRevocations;
  private readonly watches: SqlitePropagationWatches;
  private readonly schedule: SqliteSchedule;

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
    this.approvals = new SqliteApprovals(this.db, this.now);
    this.claims = new SqliteClaims(this.db, this.now);
    this.verdicts = new SqliteVerdicts(this.db, this.now);
    this.revocations = new SqliteRevocations(this.db, this.now);
    this.watches = new SqlitePropagationWatches(this.db, this.now);
    this.schedule = new SqliteSchedule(this.db, this.now);
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

  /** Versions applied to this database, in order (tests and diagnostics). */
  appliedMigrations(): number[] {
    return (this.db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as Row[]).map((r) =>
      Number(r.version),
    );
  }

  // ---- approval requests, audit log, notification outbox (sqlite/approvals.ts) ----

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

  // ---- idempotency keys, stored check requests (sqlite/claims.ts) ----

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

  // ---- last verdicts, verdict history (sqlite/verdicts.ts) ----

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

  // ---- scheduled revocations (sqlite/revocations.ts) ----

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

  // ---- propagation watches (sqlite/propagation-watches.ts) ----

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

  // ---- schedule ticks, status-change outbox (sqlite/schedule.ts) ----

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
