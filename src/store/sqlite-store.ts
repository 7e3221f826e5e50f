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
import type { Store } from './types';
import { DelegatingStore, type StoreTables } from './delegating-store';
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

export class SqliteStore extends DelegatingStore implements Store {
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
  protected readonly tables: StoreTables;

  constructor(options: SqliteStoreOptions) {
    super();
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
    this.tables = {
      approvals: new SqliteApprovals(this.db, this.now),
      claims: new SqliteClaims(this.db, this.now),
      verdicts: new SqliteVerdicts(this.db, this.now),
      revocations: new SqliteRevocations(this.db, this.now),
      watches: new SqlitePropagationWatches(this.db, this.now),
      schedule: new SqliteSchedule(this.db, this.now),
    };
  }

  /**
   * Wraps every store method, its own and those it inherits (the forwarding in delegating-store.ts): SQLITE_BUSY
   * (another process holds the write lock) queues the call in the lock queue, which retries it asynchronously
   * until `totalMs` has passed, then rejects with the busy error. A retry
   * is safe because a method's writes are one statement or one transaction (a busy one changed nothing);
   * optional second statements (sweeps) swallow their own busy errors so they never make a method run twice.
   * Method bodies never call other wrapped methods (a queued call must not wait on the queue it heads).
   */
  private retryWhileLocked(totalMs: number): void {
    for (const [name, method] of methodsOf(SqliteStore.prototype)) {
      if (NOT_RETRIED.has(name)) continue;
      const self = this as unknown as Record<string, unknown>;
      self[name] = (...args: unknown[]) => this.lockQueue.run(() => method.apply(this, args), totalMs);
    }
  }

  /** Versions applied to this database, in order (tests and diagnostics). */
  appliedMigrations(): number[] {
    return (this.db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as Row[]).map((r) =>
      Number(r.version),
    );
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

type Method = (...args: unknown[]) => Promise<unknown>;

/**
 * Every method on a prototype chain up to Object.prototype, the nearest definition of each name first: the store's
 * own methods and the ones it inherits from DelegatingStore. Read from property descriptors, so no getter runs.
 */
function methodsOf(prototype: object): Map<string, Method> {
  const methods = new Map<string, Method>();
  for (let proto = prototype; proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const value = Object.getOwnPropertyDescriptor(proto, name)?.value as unknown;
      if (!methods.has(name) && typeof value === 'function') methods.set(name, value as Method);
    }
  }
  return methods;
}

/** Device and inode of a file (throws ENOENT once it is deleted). */
function fileIdentity(path: string): { path: string; dev: number; ino: number } {
  const { dev, ino } = statSync(path);
  return { path, dev, ino };
}
