/**
 * The status-change outbox's SQL (migration 5, status_notices), shared by both stores: `p` gives each placeholder
 * in turn ('?' for SQLite, $1, $2, … for PostgreSQL).
 */
import type { StatusNotice } from '../schedule/types';
import type { Row } from './rows';

type Placeholder = () => string;

/** Parameters: id, org, channel, payload, created_at. A notice recorded twice stays one. */
export const ADD_NOTICE_SQL = (p: Placeholder): string =>
  `INSERT INTO status_notices (id, org, channel, payload, created_at) VALUES (${p()}, ${p()}, ${p()}, ${p()}, ${p()})
   ON CONFLICT (id) DO NOTHING`;

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

export function noticeFromRow(row: Row): StatusNotice {
  return {
    id: String(row.id),
    org: String(row.org),
    channel: String(row.channel),
    payload: String(row.payload),
    createdAt: Number(row.created_at),
    attempts: Number(row.attempts),
  };
}

/** '?' each time (SQLite). */
export const question: Placeholder = () => '?';
/** $1, $2, … (PostgreSQL), fresh for each statement. */
export const numbered = (): Placeholder => {
  let n = 0;
  return () => `$${++n}`;
};
