/**
 * Row ↔ record mapping shared by the SQLite and PostgreSQL stores. The two differ only in how a JSON
 * column comes back: SQLite stores text, PostgreSQL's JSONB arrives parsed.
 */
import type {
  ApprovalRequest,
  ApprovalState,
  AuditEntry,
  NewAuditEntry,
  PropagationWatch,
  WatchPatch,
} from '../approvals/types';
import type { ScheduledRevocation } from '../fixes/types';

export type Row = Record<string, unknown>;

/** Decodes a JSON column as the dialect returns it; undefined when the column is NULL. */
export type JsonColumn = (value: unknown) => unknown;

export const jsonFromText: JsonColumn = (value) => (typeof value === 'string' ? JSON.parse(value) : undefined);
export const jsonFromJsonb: JsonColumn = (value) => (value === null ? undefined : value);

/** A value for a JSON column: NULL for undefined. */
export const toJson = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

const present = (value: unknown): boolean => value !== null && value !== undefined;

/** The audit_log columns after `at`, in the order both stores' INSERTs name them. */
export function auditColumns(entry: NewAuditEntry): unknown[] {
  return [
    entry.org,
    entry.actor,
    entry.action,
    entry.requestId ?? null,
    toJson(entry.target),
    entry.summary,
    toJson(entry.plan),
    toJson(entry.before),
    toJson(entry.after),
    entry.result ?? null,
  ];
}

export function rowMappers(json: JsonColumn) {
  const approval = (row: Row): ApprovalRequest => {
    const request: ApprovalRequest = {
      id: String(row.id),
      org: String(row.org),
      state: row.state as ApprovalState,
      requesterSlackId: String(row.requester),
      plan: json(row.plan) as ApprovalRequest['plan'],
      verdictRef: json(row.verdict_ref) as ApprovalRequest['verdictRef'],
      createdAt: Number(row.created_at),
      expiresAt: Number(row.expires_at),
      updatedAt: Number(row.updated_at),
    };
    const thread = json(row.thread);
    if (present(thread)) request.thread = thread as ApprovalRequest['thread'];
    if (present(row.ttl_hours)) request.ttlHours = Number(row.ttl_hours);
    if (present(row.decided_by)) request.decidedBy = String(row.decided_by);
    if (present(row.reason)) request.reason = String(row.reason);
    const result = json(row.result);
    if (present(result)) request.result = result as ApprovalRequest['result'];
    return request;
  };

  const audit = (row: Row): AuditEntry => {
    const entry: AuditEntry = {
      id: Number(row.id),
      at: Number(row.at),
      org: String(row.org),
      actor: String(row.actor),
      action: String(row.action),
      summary: String(row.summary),
    };
    if (present(row.request_id)) entry.requestId = String(row.request_id);
    const target = json(row.target);
    if (present(target)) entry.target = target as AuditEntry['target'];
    const plan = json(row.plan);
    if (present(plan)) entry.plan = plan as AuditEntry['plan'];
    const before = json(row.before_state);
    if (before !== undefined) entry.before = before;
    const after = json(row.after_state);
    if (after !== undefined) entry.after = after;
    if (present(row.result)) entry.result = String(row.result);
    return entry;
  };

  const revocation = (row: Row): ScheduledRevocation => {
    const scheduled: ScheduledRevocation = {
      id: String(row.id),
      requestId: String(row.request_id),
      org: String(row.org),
      grant: json(row.grant_json) as ScheduledRevocation['grant'],
      dueAt: Number(row.due_at),
      state: row.state as ScheduledRevocation['state'],
      createdAt: Number(row.created_at),
    };
    const thread = json(row.thread);
    if (present(thread)) scheduled.thread = thread as ScheduledRevocation['thread'];
    if (present(row.lease_until)) scheduled.leaseUntil = Number(row.lease_until);
    if (present(row.detail)) scheduled.detail = String(row.detail);
    return scheduled;
  };

  const watch = (row: Row): PropagationWatch => {
    const record: PropagationWatch = {
      id: String(row.id),
      requestId: String(row.request_id),
      org: String(row.org),
      check: json(row.check_request) as PropagationWatch['check'],
      position: Number(row.position),
      startedAt: Number(row.started_at),
      nextRunAt: Number(row.next_run_at),
      status: row.status as PropagationWatch['status'],
      checks: Number(row.checks),
      createdAt: Number(row.created_at),
      updatedAt: Number(row.updated_at),
    };
    if (present(row.last_checked_at)) record.lastCheckedAt = Number(row.last_checked_at);
    if (present(row.last_result)) record.lastResult = String(row.last_result);
    if (present(row.result_seconds)) record.resultSeconds = Number(row.result_seconds);
    const message = json(row.message);
    if (present(message)) record.message = message as PropagationWatch['message'];
    if (present(row.lease_owner)) record.leaseOwner = String(row.lease_owner);
    if (present(row.lease_until)) record.leaseUntil = Number(row.lease_until);
    return record;
  };

  return { approval, audit, revocation, watch };
}

/** WatchPatch fields → column assignments, in a fixed order (both stores add their own placeholders). */
export function watchPatchColumns(patch: WatchPatch): Array<[column: string, value: unknown]> {
  const columns: Array<[string, unknown]> = [];
  if (patch.position !== undefined) columns.push(['position', patch.position]);
  if (patch.nextRunAt !== undefined) columns.push(['next_run_at', patch.nextRunAt]);
  if (patch.status !== undefined) columns.push(['status', patch.status]);
  if (patch.checks !== undefined) columns.push(['checks', patch.checks]);
  if (patch.lastCheckedAt !== undefined) columns.push(['last_checked_at', patch.lastCheckedAt]);
  if (patch.lastResult !== undefined) columns.push(['last_result', patch.lastResult]);
  if (patch.resultSeconds !== undefined) columns.push(['result_seconds', patch.resultSeconds]);
  if (patch.leaseUntil !== undefined) columns.push(['lease_until', patch.leaseUntil]);
  if (patch.leaseUntil === null) columns.push(['lease_owner', null]);
  return columns;
}
