/** Approval requests, the audit log and the Slack notification outbox, on PostgreSQL (approvals/ports.ts). */
import type { ApprovalRequestStore, AuditLog, NotificationOutbox, PendingNotification } from '../../approvals/ports';
import type {
  ApprovalFilter,
  ApprovalPatch,
  ApprovalRequest,
  ApprovalState,
  AuditEntry,
  AuditFilter,
  NewAuditEntry,
} from '../../approvals/types';
import { insertRow, patchSets } from '../columns';
import { APPROVAL_COLUMNS, AUDIT_COLUMNS } from '../rows';
import { approvalFromRow, auditFromRow, PostgresTable, POSTGRES } from './table';

export class PostgresApprovals extends PostgresTable implements ApprovalRequestStore, AuditLog, NotificationOutbox {
  // ---- approval requests ----

  async createApproval(request: ApprovalRequest): Promise<void> {
    const { sql, params } = insertRow('approval_requests', APPROVAL_COLUMNS, request, POSTGRES);
    await this.pool.query(sql, params);
  }

  async getApproval(id: string): Promise<ApprovalRequest | undefined> {
    const [row] = await this.rows('SELECT * FROM approval_requests WHERE id = $1', [id]);
    return row ? approvalFromRow(row) : undefined;
  }

  async listApprovals(filter: ApprovalFilter = {}): Promise<ApprovalRequest[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter.org !== undefined) where.push(`org = ${param(filter.org)}`);
    if (filter.states !== undefined) {
      if (filter.states.length === 0) return [];
      where.push(`state = ANY(${param(filter.states)}::text[])`);
    }
    if (filter.updatedBefore !== undefined) where.push(`updated_at < ${param(filter.updatedBefore)}`);
    // COLLATE "C": ids compare byte by byte, as in SQLite, whatever the database's locale.
    let sql = `SELECT * FROM approval_requests${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id COLLATE "C" DESC`;
    if (filter.limit !== undefined) sql += ` LIMIT ${param(filter.limit)}`;
    return (await this.rows(sql, params)).map(approvalFromRow);
  }

  async transition(id: string, from: ApprovalState[], to: ApprovalState, patch: ApprovalPatch = {}): Promise<boolean> {
    if (from.length === 0) return false;
    const { sets, params } = patchSets(APPROVAL_COLUMNS, patch, POSTGRES, 4);
    const changed = await this.rows(
      `UPDATE approval_requests SET ${['state = $3', 'updated_at = $4', ...sets].join(', ')} WHERE id = $1 AND state = ANY($2::text[]) RETURNING id`,
      [id, from, to, this.now(), ...params],
    );
    return changed.length === 1;
  }

  // ---- audit ----

  async appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    const at = entry.at ?? this.now();
    const { sql, params } = insertRow('audit_log', AUDIT_COLUMNS, { ...entry, at }, POSTGRES);
    const [row] = await this.rows(`${sql} RETURNING id`, params);
    const { at: _at, ...rest } = entry;
    return { ...rest, id: Number(row!.id), at };
  }

  async listAudit(filter: AuditFilter = {}): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter.org !== undefined) where.push(`org = ${param(filter.org)}`);
    if (filter.since !== undefined) where.push(`at >= ${param(filter.since)}`);
    let sql = `SELECT * FROM audit_log${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC`;
    if (filter.limit !== undefined) sql += ` LIMIT ${param(filter.limit)}`;
    return (await this.rows(sql, params)).map(auditFromRow);
  }

  // ---- notification outbox ----

  async pendingNotifications(settledBefore: number, limit: number): Promise<PendingNotification[]> {
    const rows = await this.rows(
      `SELECT r.*, n.notified_state AS notified_state FROM approval_requests r
         LEFT JOIN approval_notifications n ON n.request_id = r.id
       WHERE (n.notified_state IS NULL OR n.notified_state <> r.state)
         AND (n.lease_until IS NULL OR n.lease_until <= $1) AND r.updated_at < $2
       ORDER BY r.updated_at LIMIT $3`,
      [this.now(), settledBefore, limit],
    );
    return rows.map((row) => ({
      request: approvalFromRow(row),
      ...(row.notified_state ? { notifiedState: row.notified_state as ApprovalState } : {}),
    }));
  }

  async claimNotification(requestId: string, state: ApprovalState, owner: string, leaseMs: number): Promise<boolean> {
    const now = this.now();
    const won = await this.rows(
      `INSERT INTO approval_notifications (request_id, notified_state, lease_owner, lease_until)
         SELECT id, NULL, $1, $2 FROM approval_requests WHERE id = $3 AND state = $4
       ON CONFLICT (request_id) DO UPDATE SET lease_owner = EXCLUDED.lease_owner, lease_until = EXCLUDED.lease_until
       WHERE (approval_notifications.notified_state IS NULL OR approval_notifications.notified_state <> $4)
         AND (approval_notifications.lease_until IS NULL OR approval_notifications.lease_until <= $5)
       RETURNING request_id`,
      [owner, now + leaseMs, requestId, state, now],
    );
    return won.length === 1;
  }

  async markNotified(requestId: string, state: ApprovalState, owner: string): Promise<boolean> {
    const marked = await this.pool.query(
      `UPDATE approval_notifications SET notified_state = $1, lease_owner = NULL, lease_until = NULL
       WHERE request_id = $2 AND lease_owner = $3`,
      [state, requestId, owner],
    );
    return marked.rowCount === 1;
  }

  async releaseNotification(requestId: string, owner: string): Promise<void> {
    await this.pool.query(
      'UPDATE approval_notifications SET lease_owner = NULL, lease_until = NULL WHERE request_id = $1 AND lease_owner = $2',
      [requestId, owner],
    );
  }

  /** The lease's heartbeat: the holder moves its end on while it works; a claim that lost the lease changes nothing. */
  async renewNotification(requestId: string, owner: string, leaseMs: number): Promise<boolean> {
    const result = await this.pool.query(
      'UPDATE approval_notifications SET lease_until = $1 WHERE request_id = $2 AND lease_owner = $3',
      [this.now() + leaseMs, requestId, owner],
    );
    return result.rowCount === 1;
  }
}
