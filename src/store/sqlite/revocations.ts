/** Scheduled revocations of time-bound grants, on SQLite (approvals/ports.ts). */
import type { RevocationStore } from '../../approvals/ports';
import type { ApprovalRequest } from '../../approvals/types';
import type { NewRevocation, ScheduledRevocation } from '../../fixes/types';
import { insertRow } from '../columns';
import { REVOCATION_COLUMNS, type Row } from '../rows';
import { approvalFromRow, revocationFromRow, SQLITE, SqliteTable } from './table';

export class SqliteRevocations extends SqliteTable implements RevocationStore {
  // ---- scheduled revocations ----

  async scheduleRevocation(revocation: NewRevocation): Promise<ScheduledRevocation> {
    const scheduled: ScheduledRevocation = { ...revocation, state: 'scheduled', createdAt: this.now() };
    const { sql, params } = insertRow('scheduled_revocations', REVOCATION_COLUMNS, scheduled, SQLITE);
    this.db.prepare(sql).run(...params);
    return scheduled;
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
}
