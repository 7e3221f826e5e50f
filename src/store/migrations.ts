/**
 * Numbered schema migrations. Append only: a shipped migration is never edited, a change is a new number.
 * Applied in order inside one immediate transaction per start, recorded in `schema_migrations`.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Versions 1–7, written per dialect before migrations were written once (SHARED_MIGRATIONS). */
const SQLITE_ONLY: Migration[] = [
  {
    version: 1,
    name: 'approvals, audit, idempotency, stored requests, last verdicts, revocations',
    sql: `
      CREATE TABLE approval_requests (
        id TEXT PRIMARY KEY,
        org TEXT NOT NULL,
        state TEXT NOT NULL,
        requester TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        ttl_hours REAL,
        decided_by TEXT,
        reason TEXT,
        plan TEXT NOT NULL,
        verdict_ref TEXT NOT NULL,
        thread TEXT,
        result TEXT
      );
      CREATE INDEX approval_requests_org_state ON approval_requests (org, state);
      CREATE INDEX approval_requests_state ON approval_requests (state, updated_at);

      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        org TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        request_id TEXT,
        target TEXT,
        summary TEXT NOT NULL,
        plan TEXT,
        before_state TEXT,
        after_state TEXT,
        result TEXT
      );
      CREATE INDEX audit_log_org_at ON audit_log (org, at);
      CREATE INDEX audit_log_at ON audit_log (at);

      CREATE TABLE idempotency_keys (
        key TEXT PRIMARY KEY,
        expires_at INTEGER NOT NULL
      );

      CREATE TABLE stored_requests (
        id TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      );

      CREATE TABLE last_verdicts (
        org TEXT PRIMARY KEY,
        summary TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE scheduled_revocations (
        id TEXT PRIMARY KEY,
        request_id TEXT NOT NULL,
        org TEXT NOT NULL,
        grant_json TEXT NOT NULL,
        thread TEXT,
        due_at INTEGER NOT NULL,
        state TEXT NOT NULL,
        lease_until INTEGER,
        detail TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX scheduled_revocations_due ON scheduled_revocations (state, due_at);
    `,
  },
  {
    version: 2,
    name: 'propagation watches',
    sql: `
      CREATE TABLE propagation_watches (
        id TEXT PRIMARY KEY,
        request_id TEXT NOT NULL UNIQUE,
        org TEXT NOT NULL,
        check_request TEXT NOT NULL,
        position INTEGER NOT NULL,
        started_at INTEGER NOT NULL,
        next_run_at INTEGER NOT NULL,
        status TEXT NOT NULL,
        checks INTEGER NOT NULL DEFAULT 0,
        last_checked_at INTEGER,
        last_result TEXT,
        result_seconds REAL,
        message TEXT,
        lease_owner TEXT,
        lease_until INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX propagation_watches_due ON propagation_watches (status, next_run_at);
    `,
  },
  {
    version: 3,
    name: 'verdict history, schedule ticks',
    sql: `
      CREATE TABLE verdict_history (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        org TEXT NOT NULL,
        at INTEGER NOT NULL,
        source TEXT NOT NULL,
        overall TEXT NOT NULL,
        entry TEXT NOT NULL
      );
      CREATE INDEX verdict_history_org_at ON verdict_history (org, at);
      CREATE INDEX verdict_history_at ON verdict_history (at);

      CREATE TABLE schedule_ticks (
        org TEXT NOT NULL,
        tick_at INTEGER NOT NULL,
        state TEXT NOT NULL,
        owner TEXT NOT NULL,
        lease_until INTEGER NOT NULL,
        attempts INTEGER NOT NULL,
        claimed_at INTEGER NOT NULL,
        finished_at INTEGER,
        result TEXT,
        PRIMARY KEY (org, tick_at)
      );
      CREATE INDEX schedule_ticks_tick_at ON schedule_ticks (tick_at);
    `,
  },
  {
    version: 4,
    name: 'Slack notification outbox',
    // One row per request: the state its Slack messages last showed, and who is telling Slack now (a lease).
    // Requests that exist already are taken as told, so an upgrade announces nothing twice.
    sql: `
      CREATE TABLE approval_notifications (
        request_id TEXT PRIMARY KEY,
        notified_state TEXT,
        lease_owner TEXT,
        lease_until INTEGER
      );
      INSERT INTO approval_notifications (request_id, notified_state) SELECT id, state FROM approval_requests;
    `,
  },
  {
    version: 5,
    name: 'status-change outbox',
    // One row per status change and channel: due until posted (or given up), held by one replica at a time.
    sql: `
      CREATE TABLE status_notices (
        id TEXT PRIMARY KEY,
        org TEXT NOT NULL,
        channel TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        lease_owner TEXT,
        lease_until INTEGER,
        done_at INTEGER
      );
      CREATE INDEX status_notices_due ON status_notices (done_at, created_at);
    `,
  },
  {
    version: 6,
    name: 'probe slots',
    // One row per org: its last probe (when, which reads, the answer), so replicas share one probe per interval.
    sql: `
      CREATE TABLE probe_slots (
        org TEXT PRIMARY KEY,
        at INTEGER NOT NULL,
        probe_key TEXT NOT NULL,
        holder TEXT NOT NULL,
        answer TEXT
      );
    `,
  },
  {
    version: 7,
    name: 'stored details',
    // A verdict's Details, apart from the request behind its buttons: owned by the person who asked, so each person
    // keeps a bounded number (the oldest go first, in the order they were stored: seq).
    sql: `
      CREATE TABLE stored_details (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        owner TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        value TEXT NOT NULL
      );
      CREATE INDEX stored_details_owner ON stored_details (owner, seq);
      CREATE INDEX stored_details_expires ON stored_details (expires_at);
    `,
  },
];

/** The column types where the two dialects differ, for a migration written once. */
export interface ColumnTypes {
  /** A JSON value: TEXT in SQLite, JSONB in PostgreSQL. */
  json: string;
  /** Milliseconds since the epoch: INTEGER in SQLite, BIGINT in PostgreSQL. */
  time: string;
}

export interface SharedMigration {
  version: number;
  name: string;
  sql: (types: ColumnTypes) => string;
}

/**
 * Migrations from version 8 on, written once for both stores (a new stored field is one line here, e.g.
 * `{ version: 8, name: 'approval note', sql: () => 'ALTER TABLE approval_requests ADD COLUMN note TEXT' }`).
 */
export const SHARED_MIGRATIONS: SharedMigration[] = [];

export function forDialect(migrations: SharedMigration[], types: ColumnTypes): Migration[] {
  return migrations.map(({ version, name, sql }) => ({ version, name, sql: sql(types) }));
}

export const SQLITE_MIGRATIONS: Migration[] = [
  ...SQLITE_ONLY,
  ...forDialect(SHARED_MIGRATIONS, { json: 'TEXT', time: 'INTEGER' }),
];
