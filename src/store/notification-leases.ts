/**
 * The notification lease's heartbeat (NotificationOutbox.renewNotification, approvals/ports.ts) for both stores:
 * the claim that holds a request's lease moves its end on while it works; a claim that lost the lease (taken over
 * after it lapsed, or given back) changes nothing. Kept in a file of its own so the stores only delegate to it.
 */
import type { Database as SqliteDatabase } from 'better-sqlite3';
import type { Pool } from 'pg';

/** Parameters: lease_until, request_id, owner. */
const RENEW_SQL = (p: (n: number) => string) =>
  `UPDATE approval_notifications SET lease_until = ${p(1)} WHERE request_id = ${p(2)} AND lease_owner = ${p(3)}`;

export function sqliteRenewNotification(db: SqliteDatabase, requestId: string, owner: string, until: number): boolean {
  return db.prepare(RENEW_SQL(() => '?')).run(until, requestId, owner).changes === 1;
}

export async function postgresRenewNotification(
  pool: Pool,
  requestId: string,
  owner: string,
  until: number,
): Promise<boolean> {
  return (
    (
      await pool.query(
        RENEW_SQL((n) => `$${n}`),
        [until, requestId, owner],
      )
    ).rowCount === 1
  );
}
