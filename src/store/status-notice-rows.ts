/**
 * The status-change outbox's SQL (migration 5, status_notices), shared by both stores: `p` gives each placeholder
 * in turn ('?' for SQLite, $1, $2, … for PostgreSQL).
 */
import { type Dialect, insertSql } from './columns';
import { NOTICE_COLUMNS } from './rows';

type Placeholder = () => string;

/** Parameters: NOTICE_COLUMNS' (rows.ts, insertParams). A notice recorded twice stays one. */
export const ADD_NOTICE_SQL = (dialect: Dialect): string =>
  `${insertSql('status_notices', NOTICE_COLUMNS, dialect)} ON CONFLICT (id) DO NOTHING`;

/**
 * Parameters: owner, lease_until, now, limit, now. Takes due notices nobody holds; the outer WHERE is checked again
 * on each row as it is updated, so two replicas never take the same one.
 */
export const CLAIM_NOTICES_SQL = (p: Placeholder): string =>
  `UPDATE status_notices SET lease_owner = ${p()}, lease_until = ${p()}
   WHERE id IN (SELECT id FROM status_notices WHERE done_at IS NULL AND (lease_until IS NULL OR lease_until <= ${p()})
                ORDER BY created_at LIMIT ${p()})
     AND done_at IS NULL AND (lease_until IS NULL OR lease_until <= ${p()})`;

/** Parameters: owner. What one claim took. */
export const CLAIMED_NOTICES_SQL = (p: Placeholder): string =>
  `SELECT * FROM status_notices WHERE lease_owner = ${p()} AND done_at IS NULL ORDER BY created_at`;

/** Parameters: done_at, id, owner. */
export const FINISH_NOTICE_SQL = (p: Placeholder): string =>
  `UPDATE status_notices SET done_at = ${p()}, lease_owner = NULL, lease_until = NULL
   WHERE id = ${p()} AND lease_owner = ${p()}`;

/** Parameters: id, owner. Due again, one attempt more. */
export const RETRY_NOTICE_SQL = (p: Placeholder): string =>
  `UPDATE status_notices SET attempts = attempts + 1, lease_owner = NULL, lease_until = NULL
   WHERE id = ${p()} AND lease_owner = ${p()}`;

/** '?' each time (SQLite). */
export const question: Placeholder = () => '?';
/** $1, $2, … (PostgreSQL), fresh for each statement. */
export const numbered = (): Placeholder => {
  let n = 0;
  return () => `$${++n}`;
};
