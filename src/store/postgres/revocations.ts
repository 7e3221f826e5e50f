/** Scheduled revocations of time-bound grants, on PostgreSQL (approvals/ports.ts). */
import type { RevocationStore } from '../../approvals/ports';
import type { ApprovalRequest } from '../../approvals/types';
import type { NewRevocation, ScheduledRevocation } from '../../fixes/types';
import { insertRow } from '../columns';
import { REVOCATION_COLUMNS } from '../rows';
import { approvalFromRow, POSTGRES, PostgresTable, revocationFromRow } from './table';

export class PostgresRevocations extends PostgresTable implements RevocationStore {
  // ---- scheduled revocations ----

  async scheduleRevocation(revocation: NewRevocation): Promise<ScheduledRevocation> {
    const scheduled: ScheduledRevocation = { ...revocation, state: 'scheduled', createdAt: this.now() };
    const { sql, params } = insertRow('scheduled_revocations', REVOCATION_COLUMNS, scheduled, POSTGRES);
    await this.pool.query(sql, params);
    return scheduled;
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
}
