/** Approval requests, the audit log and the Slack notification outbox, on SQLite (approvals/ports.ts). */
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
import { APPROVAL_COLUMNS, AUDIT_COLUMNS, type Row } from '../rows';
import { approvalFromRow, auditFromRow, SQLITE, SqliteTable } from './table';

export class SqliteApprovals extends SqliteTable implements ApprovalRequestStore, AuditLog, NotificationOutbox {
  // ---- approval requests ----

  async createApproval(request: ApprovalRequest): Promise<void> {
    const { sql, params } = insertRow('approval_requests', APPROVAL_COLUMNS, request, SQLITE);
    this.db.prepare(sql).run(...params);
  }

  async getApproval(id: string): Promise<ApprovalRequest | undefined> {
    const row = this.db.prepare('SELECT * FROM approval_requests WHERE id = ?').get(id) as Row | undefined;
    return row ? approvalFromRow(row) : undefined;
  }

  async listApprovals(filter: ApprovalFilter = {}): Promise<ApprovalRequest[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.org !== undefined) {
      where.push('org = ?');
      params.push(filter.org);
    }
    if (filter.states !== undefined) {
      if (filter.states.length === 0) return [];
      where.push(`state IN (${filter.states.map(() => '?').join(', ')})`);
      params.push(...filter.states);
    }
    if (filter.updatedBefore !== undefined) {
      where.push('updated_at < ?');
      params.push(filter.updatedBefore);
    }
    const sql =
      `SELECT * FROM approval_requests${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC` +
      (filter.limit !== undefined ? ' LIMIT ?' : '');
    if (filter.limit !== undefined) params.push(filter.limit);
    return (this.db.prepare(sql).all(...params) as Row[]).map(approvalFromRow);
  }

  async transition(id: string, from: ApprovalState[], to: ApprovalState, patch: ApprovalPatch = {}): Promise<boolean> {
    if (from.length === 0) return false;
    const { sets, params } = patchSets(APPROVAL_COLUMNS, patch, SQLITE, 2);
    const info = this.db
      .prepare(
        `UPDATE approval_requests SET ${['state = ?', 'updated_at = ?', ...sets].join(', ')} WHERE id = ? AND state IN (${from.map(() => '?').join(', ')})`,
      )
      .run(to, this.now(), ...params, id, ...from);
    return info.changes === 1;
  }

  // ---- audit ----

  async appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    const at = entry.at ?? this.now();
    const { sql, params } = insertRow('audit_log', AUDIT_COLUMNS, { ...entry, at }, SQLITE);
    const info = this.db.prepare(sql).run(...params);
    const { at: _at, ...rest } = entry;
    return { ...rest, id: Number(info.lastInsertRowid), at };
  }

  async listAudit(filter: AuditFilter = {}): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.org !== undefined) {
      where.push('org = ?');
      params.push(filter.org);
    }
    if (filter.since !== undefined) {
      where.push('at >= ?');
      params.push(filter.since);
    }
    let sql = `SELECT * FROM audit_log${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC`;
    if (filter.limit !== undefined) {
      sql += ' LIMIT ?';
      params.push(filter.limit);
    }
    return (this.db.prepare(sql).all(...params) as Row[]).map(auditFromRow);
  }
  // ---- idempotency ----

  async pendingNotifications(settledBefore: number, limit: number): Promise<PendingNotification[]> {
    const rows = this.db
      .prepare(
        `SELECT r.*, n.notified_state AS notified_state FROM approval_requests r
           LEFT JOIN approval_notifications n ON n.request_id = r.id
         WHERE (n.notified_state IS NULL OR n.notified_state <> r.state)
           AND (n.lease_until IS NULL OR n.lease_until <= ?) AND r.updated_at < ?
         ORDER BY r.updated_at LIMIT ?`,
      )
      .all(this.now(), settledBefore, limit) as Row[];
    return rows.map((row) => ({
      request: approvalFromRow(row),
      ...(row.notified_state ? { notifiedState: row.notified_state as ApprovalState } : {}),
    }));
  }

  async claimNotification(requestId: string, state: ApprovalState, owner: string, leaseMs: number): Promise<boolean> {
    const now = this.now();
    const info = this.db
      .prepare(
        `INSERT INTO approval_notifications (request_id, notified_state, lease_owner, lease_until)
           SELECT id, NULL, ?, ? FROM approval_requests WHERE id = ? AND state = ?
         ON CONFLICT (request_id) DO UPDATE SET lease_owner = excluded.lease_owner, lease_until = excluded.lease_until
         WHERE (approval_notifications.notified_state IS NULL OR approval_notifications.notified_state <> ?)
           AND (approval_notifications.lease_until IS NULL OR approval_notifications.lease_until <= ?)`,
      )
      .run(owner, now + leaseMs, requestId, state, state, now);
    return info.changes === 1;
  }

  async markNotified(requestId: string, state: ApprovalState, owner: string): Promise<boolean> {
    const info = this.db
      .prepare(
        `UPDATE approval_notifications SET notified_state = ?, lease_owner = NULL, lease_until = NULL
         WHERE request_id = ? AND lease_owner = ?`,
      )
      .run(state, requestId, owner);
    return info.changes === 1;
  }

  async releaseNotification(requestId: string, owner: string): Promise<void> {
    this.db
      .prepare(
        'UPDATE approval_notifications SET lease_owner = NULL, lease_until = NULL WHERE request_id = ? AND lease_owner = ?',
      )
      .run(requestId, owner);
  }

  /** The lease's heartbeat: the holder moves its end on while it works; a claim that lost the lease changes nothing. */
  async renewNotification(requestId: string, owner: string, leaseMs: number): Promise<boolean> {
    const info = this.db
      .prepare('UPDATE approval_notifications SET lease_until = ? WHERE request_id = ? AND lease_owner = ?')
      .run(this.now() + leaseMs, requestId, owner);
    return info.changes === 1;
  }
}
