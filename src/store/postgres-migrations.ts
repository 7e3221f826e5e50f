/**
 * Numbered PostgreSQL schema migrations, the same tables as SQLITE_MIGRATIONS in PostgreSQL types:
 * JSONB for plans, results and other structured values, BIGINT milliseconds since the epoch for times.
 * Append only: a shipped migration is never edited, a change is a new number.
 * Applied by `migratePostgres` (postgres-store.ts) under an advisory lock, recorded in `schema_migrations`.
 */
import { forDialect, type Migration, SHARED_MIGRATIONS } from './migrations';

/** Versions 1–7, written per dialect before migrations were written once (SHARED_MIGRATIONS). */
const POSTGRES_ONLY: Migration[] = [
  {
    version: 1,
    name: 'approvals, audit, idempotency, stored requests, last verdicts, revocations',
    sql: `
      CREATE TABLE approval_requests (
        id TEXT PRIMARY KEY,
        org TEXT NOT NULL,
        state TEXT NOT NULL,
        requester TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        ttl_hours DOUBLE PRECISION,
        decided_by TEXT,
        reason TEXT,
        plan JSONB NOT NULL,
        verdict_ref JSONB NOT NULL,
        thread JSONB,
        result JSONB
      );
      CREATE INDEX approval_requests_org_state ON approval_requests (org, state);
      CREATE INDEX approval_requests_state ON approval_requests (state, updated_at);
      CREATE INDEX approval_requests_created ON approval_requests (created_at DESC, id DESC);

      CREATE TABLE audit_log (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at BIGINT NOT NULL,
        org TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        request_id TEXT,
        target JSONB,
        summary TEXT NOT NULL,
        plan JSONB,
        before_state JSONB,
        after_state JSONB,
        result TEXT
      );
      CREATE INDEX audit_log_org_at ON audit_log (org, at);
      CREATE INDEX audit_log_at ON audit_log (at);

      CREATE TABLE idempotency_keys (
        key TEXT PRIMARY KEY,
        expires_at BIGINT NOT NULL
      );
      CREATE INDEX idempotency_keys_expires ON idempotency_keys (expires_at);

      CREATE TABLE stored_requests (
        id TEXT PRIMARY KEY,
        value JSONB NOT NULL,
        expires_at BIGINT NOT NULL
      );
      CREATE INDEX stored_requests_expires ON stored_requests (expires_at);

      CREATE TABLE last_verdicts (
        org TEXT PRIMARY KEY,
        summary JSONB NOT NULL,
        updated_at BIGINT NOT NULL
      );

      CREATE TABLE scheduled_revocations (
        id TEXT PRIMARY KEY,
        request_id TEXT NOT NULL,
        org TEXT NOT NULL,
        grant_json JSONB NOT NULL,
        thread JSONB,
        due_at BIGINT NOT NULL,
        state TEXT NOT NULL,
        lease_until BIGINT,
        detail TEXT,
        created_at BIGINT NOT NULL
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
        check_request JSONB NOT NULL,
        position INTEGER NOT NULL,
        started_at BIGINT NOT NULL,
        next_run_at BIGINT NOT NULL,
        status TEXT NOT NULL,
        checks INTEGER NOT NULL DEFAULT 0,
        last_checked_at BIGINT,
        last_result TEXT,
        result_seconds DOUBLE PRECISION,
        message JSONB,
        lease_owner TEXT,
        lease_until BIGINT,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      );
      CREATE INDEX propagation_watches_due ON propagation_watches (status, next_run_at);
    `,
  },
  {
    version: 3,
    name: 'verdict history, schedule ticks',
    sql: `
      CREATE TABLE verdict_history (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        org TEXT NOT NULL,
        at BIGINT NOT NULL,
        source TEXT NOT NULL,
        overall TEXT NOT NULL,
        entry JSONB NOT NULL
      );
      CREATE INDEX verdict_history_org_at ON verdict_history (org, at);
      CREATE INDEX verdict_history_at ON verdict_history (at);

      CREATE TABLE schedule_ticks (
        org TEXT NOT NULL,
        tick_at BIGINT NOT NULL,
        state TEXT NOT NULL,
        owner TEXT NOT NULL,
        lease_until BIGINT NOT NULL,
        attempts INTEGER NOT NULL,
        claimed_at BIGINT NOT NULL,
        finished_at BIGINT,
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
        lease_until BIGINT
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
        created_at BIGINT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        lease_owner TEXT,
        lease_until BIGINT,
        done_at BIGINT
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
        at BIGINT NOT NULL,
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
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        owner TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        bytes INTEGER NOT NULL,
        value TEXT NOT NULL
      );
      CREATE INDEX stored_details_owner ON stored_details (owner, seq);
      CREATE INDEX stored_details_expires ON stored_details (expires_at);
    `,
  },
];

export const POSTGRES_MIGRATIONS: Migration[] = [
  ...POSTGRES_ONLY,
  ...forDialect(SHARED_MIGRATIONS, { json: 'JSONB', time: 'BIGINT' }),
];
