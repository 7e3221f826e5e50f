/**
 * Row ↔ record mapping shared by the SQLite and PostgreSQL stores: each table's columns declared once
 * (columns.ts builds the INSERTs, patches and mappers from them). The two differ only in how a JSON column comes
 * back: SQLite stores text, PostgreSQL's JSONB arrives parsed.
 */
import type { ApprovalRequest, AuditEntry, NewWatch, PropagationWatch, WatchPatch } from '../approvals/types';
import type { VerdictHistoryEntry } from '../diagnosis/history';
import type { ScheduledRevocation } from '../fixes/types';
import type { ScheduleTick, StatusNotice } from '../schedule/types';
import { type Column, type JsonColumn, type Row, recordFromRow } from './columns';

export type { JsonColumn, Row } from './columns';

export const jsonFromText: JsonColumn = (value) => (typeof value === 'string' ? JSON.parse(value) : undefined);
export const jsonFromJsonb: JsonColumn = (value) => (value === null ? undefined : value);

/** approval_requests: every column once; both stores write, patch and read a request from this list. */
export const APPROVAL_COLUMNS: Array<Column<ApprovalRequest>> = [
  { column: 'id', field: 'id', kind: 'text' },
  { column: 'org', field: 'org', kind: 'text' },
  { column: 'state', field: 'state', kind: 'text' },
  { column: 'requester', field: 'requesterSlackId', kind: 'text' },
  { column: 'created_at', field: 'createdAt', kind: 'number' },
  { column: 'expires_at', field: 'expiresAt', kind: 'number' },
  { column: 'updated_at', field: 'updatedAt', kind: 'number' },
  { column: 'ttl_hours', field: 'ttlHours', kind: 'number', optional: true },
  { column: 'decided_by', field: 'decidedBy', kind: 'text', optional: true },
  { column: 'reason', field: 'reason', kind: 'text', optional: true },
  { column: 'plan', field: 'plan', kind: 'json' },
  { column: 'verdict_ref', field: 'verdictRef', kind: 'json' },
  { column: 'thread', field: 'thread', kind: 'json', optional: true },
  { column: 'result', field: 'result', kind: 'json', optional: true },
];

/** audit_log: every column the INSERT writes (columns.ts); `id` is the database's own (AUTOINCREMENT, BIGSERIAL). */
export const AUDIT_COLUMNS: Array<Column<Omit<AuditEntry, 'id'>>> = [
  { column: 'at', field: 'at', kind: 'number' },
  { column: 'org', field: 'org', kind: 'text' },
  { column: 'actor', field: 'actor', kind: 'text' },
  { column: 'action', field: 'action', kind: 'text' },
  { column: 'summary', field: 'summary', kind: 'text' },
  { column: 'request_id', field: 'requestId', kind: 'text', optional: true },
  { column: 'target', field: 'target', kind: 'json', optional: true },
  { column: 'plan', field: 'plan', kind: 'json', optional: true },
  { column: 'before_state', field: 'before', kind: 'json', optional: 'json-null-kept' },
  { column: 'after_state', field: 'after', kind: 'json', optional: 'json-null-kept' },
  { column: 'result', field: 'result', kind: 'text', optional: true },
];
const AUDIT_ROW: Array<Column<AuditEntry>> = [{ column: 'id', field: 'id', kind: 'number' }, ...AUDIT_COLUMNS];

/** scheduled_revocations: every column once (columns.ts). */
export const REVOCATION_COLUMNS: Array<Column<ScheduledRevocation>> = [
  { column: 'id', field: 'id', kind: 'text' },
  { column: 'request_id', field: 'requestId', kind: 'text' },
  { column: 'org', field: 'org', kind: 'text' },
  { column: 'grant_json', field: 'grant', kind: 'json' },
  { column: 'thread', field: 'thread', kind: 'json', optional: true },
  { column: 'due_at', field: 'dueAt', kind: 'number' },
  { column: 'state', field: 'state', kind: 'text' },
  { column: 'created_at', field: 'createdAt', kind: 'number' },
  { column: 'lease_until', field: 'leaseUntil', kind: 'number', optional: true },
  { column: 'detail', field: 'detail', kind: 'text', optional: true },
];

/** propagation_watches: every column once (columns.ts). */
export const WATCH_COLUMNS: Array<Column<PropagationWatch>> = [
  { column: 'id', field: 'id', kind: 'text' },
  { column: 'request_id', field: 'requestId', kind: 'text' },
  { column: 'org', field: 'org', kind: 'text' },
  { column: 'check_request', field: 'check', kind: 'json' },
  { column: 'position', field: 'position', kind: 'number' },
  { column: 'started_at', field: 'startedAt', kind: 'number' },
  { column: 'next_run_at', field: 'nextRunAt', kind: 'number' },
  { column: 'status', field: 'status', kind: 'text' },
  { column: 'checks', field: 'checks', kind: 'number' },
  { column: 'last_checked_at', field: 'lastCheckedAt', kind: 'number', optional: true },
  { column: 'last_result', field: 'lastResult', kind: 'text', optional: true },
  { column: 'result_seconds', field: 'resultSeconds', kind: 'number', optional: true },
  { column: 'message', field: 'message', kind: 'json', optional: true },
  { column: 'lease_owner', field: 'leaseOwner', kind: 'text', optional: true },
  { column: 'lease_until', field: 'leaseUntil', kind: 'number', optional: true },
  { column: 'created_at', field: 'createdAt', kind: 'number' },
  { column: 'updated_at', field: 'updatedAt', kind: 'number' },
];

/** status_notices: every column the INSERT writes (columns.ts); `attempts` starts at the column's default, 0. */
export const NOTICE_COLUMNS: Array<Column<Omit<StatusNotice, 'attempts'>>> = [
  { column: 'id', field: 'id', kind: 'text' },
  { column: 'org', field: 'org', kind: 'text' },
  { column: 'channel', field: 'channel', kind: 'text' },
  { column: 'payload', field: 'payload', kind: 'text' },
  { column: 'created_at', field: 'createdAt', kind: 'number' },
];
const NOTICE_ROW: Array<Column<StatusNotice>> = [
  ...NOTICE_COLUMNS,
  { column: 'attempts', field: 'attempts', kind: 'number' },
];

/** schedule_ticks: every column once (columns.ts); a claim writes the required ones (history-rows.ts). */
export const TICK_COLUMNS: Array<Column<ScheduleTick>> = [
  { column: 'org', field: 'org', kind: 'text' },
  { column: 'tick_at', field: 'tickAt', kind: 'number' },
  { column: 'state', field: 'state', kind: 'text' },
  { column: 'owner', field: 'owner', kind: 'text' },
  { column: 'lease_until', field: 'leaseUntil', kind: 'number' },
  { column: 'attempts', field: 'attempts', kind: 'number' },
  { column: 'claimed_at', field: 'claimedAt', kind: 'number' },
  { column: 'finished_at', field: 'finishedAt', kind: 'number', optional: true },
  { column: 'result', field: 'result', kind: 'text', optional: true },
];

/** A verdict_history row: the entry whole (what is read back), and beside it the fields queries filter and sort on. */
export type HistoryRow = Pick<VerdictHistoryEntry, 'org' | 'at' | 'source' | 'overall'> & {
  entry: VerdictHistoryEntry;
};

/** verdict_history: every column the INSERT writes (columns.ts); `id` is the database's own. */
export const HISTORY_COLUMNS: Array<Column<HistoryRow>> = [
  { column: 'org', field: 'org', kind: 'text' },
  { column: 'at', field: 'at', kind: 'number' },
  { column: 'source', field: 'source', kind: 'text' },
  { column: 'overall', field: 'overall', kind: 'text' },
  { column: 'entry', field: 'entry', kind: 'json' },
];

export function historyRow(entry: VerdictHistoryEntry): HistoryRow {
  return { org: entry.org, at: entry.at, source: entry.source, overall: entry.overall, entry };
}

/** A new watch as stored: running, at position 0, no checks yet. */
export function runningWatch(watch: NewWatch, now: number): PropagationWatch {
  return { ...watch, position: 0, status: 'running', checks: 0, createdAt: now, updatedAt: now };
}

export function rowMappers(json: JsonColumn) {
  const approval = (row: Row): ApprovalRequest => recordFromRow(APPROVAL_COLUMNS, row, json);

  const audit = (row: Row): AuditEntry => recordFromRow(AUDIT_ROW, row, json);
  const revocation = (row: Row): ScheduledRevocation => recordFromRow(REVOCATION_COLUMNS, row, json);
  const watch = (row: Row): PropagationWatch => recordFromRow(WATCH_COLUMNS, row, json);
  const notice = (row: Row): StatusNotice => recordFromRow(NOTICE_ROW, row, json);
  const tick = (row: Row): ScheduleTick => recordFromRow(TICK_COLUMNS, row, json);
  /** Reads the entry column alone (listHistory selects just it). */
  const history = (row: Row): VerdictHistoryEntry => json(row.entry) as VerdictHistoryEntry;

  return { approval, audit, revocation, watch, notice, tick, history };
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
