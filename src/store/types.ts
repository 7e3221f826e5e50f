/**
 * The durable state sr-check shares between replicas: approval requests and their state machine, the audit log,
 * idempotency keys, stored check requests for buttons, the last verdict per org, scheduled revocations and
 * propagation watches (re-checks after an applied fix).
 * Every method is async so a PostgreSQL implementation can follow the same contract (test/support/store.ts).
 * Times are milliseconds since the epoch. The records are domain types (approvals/types.ts, fixes/types.ts):
 * the store depends on them, never the reverse.
 */
import type {
  ApprovalFilter,
  ApprovalPatch,
  ApprovalRequest,
  ApprovalState,
  AuditEntry,
  AuditFilter,
  LastVerdict,
  NewAuditEntry,
  NewWatch,
  PropagationWatch,
  VerdictSummary,
  WatchPatch,
} from '../approvals/types';
import type { NewRevocation, ScheduledRevocation, ThreadRef } from '../fixes/types';
import type { VerdictHistoryStore } from '../diagnosis/history';
import type { ScheduleTickStore, StatusNoticeStore } from '../schedule/types';
export type { VerdictHistoryStore } from '../diagnosis/history';
export type { ScheduleTickStore, StatusNoticeStore } from '../schedule/types';

export interface PendingNotification {
  request: ApprovalRequest;
  /** What Slack showed last; undefined when the approvers were never told. */
  notifiedState?: ApprovalState;
}

export interface Store extends VerdictHistoryStore, ScheduleTickStore, StatusNoticeStore {
  // ---- approval requests ----
  createApproval(request: ApprovalRequest): Promise<void>;
  getApproval(id: string): Promise<ApprovalRequest | undefined>;
  /** Newest first. */
  listApprovals(filter?: ApprovalFilter): Promise<ApprovalRequest[]>;
  /**
   * Moves the request to `to` only if its state is one of `from` right now (one atomic conditional write):
   * of any number of concurrent callers, across processes, exactly one gets `true`.
   */
  transition(id: string, from: ApprovalState[], to: ApprovalState, patch?: ApprovalPatch): Promise<boolean>;

  // ---- audit log ----
  appendAudit(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Newest first. */
  listAudit(filter?: AuditFilter): Promise<AuditEntry[]>;

  // ---- idempotency (Slack retries, clicks seen by several replicas) ----
  /** True for the first caller of a key until `ttlSeconds` have passed; false for every other caller meanwhile. */
  claim(key: string, ttlSeconds: number): Promise<boolean>;
  /** Ends a claim before its TTL (the work it guarded is recorded elsewhere now); the next claim of `key` wins. */
  releaseClaim(key: string): Promise<void>;

  // ---- check requests behind buttons ----
  saveRequest(id: string, value: unknown, ttlSeconds: number): Promise<void>;
  /** The saved value, or undefined when unknown or expired. */
  getRequest(id: string): Promise<unknown>;

  // ---- last verdict per org (App Home) ----
  setLastVerdict(org: string, summary: VerdictSummary): Promise<void>;
  lastVerdicts(): Promise<LastVerdict[]>;

  // ---- scheduled revocations (time-bound grants) ----
  scheduleRevocation(revocation: NewRevocation): Promise<ScheduledRevocation>;
  /** Scheduled revocations due at `now`, and running ones whose lease lapsed. Oldest due first. */
  dueRevocations(now: number): Promise<ScheduledRevocation[]>;
  /** Takes a due revocation for `leaseMs`; true for exactly one caller. */
  claimRevocation(id: string, leaseMs: number): Promise<boolean>;
  /** Marks a running revocation done or failed; true when it was running. */
  finishRevocation(id: string, state: 'done' | 'failed', detail?: string): Promise<boolean>;
  getRevocation(id: string): Promise<ScheduledRevocation | undefined>;
  /** Every revocation ever scheduled for this approval request, whatever its state. Oldest first. */
  revocationsForRequest(requestId: string): Promise<ScheduledRevocation[]>;
  /**
   * Applied time-bound requests (ttlHours set) updated before `updatedBefore` that have no revocation row at all:
   * what a process that stopped between the grant and scheduling its revocation left. Oldest first.
   */
  timeBoundWithoutRevocation(updatedBefore: number): Promise<ApprovalRequest[]>;

  // ---- propagation watches (re-checks after an applied fix) ----
  /** Stores a new running watch at position 0; undefined (nothing written) when the request already has one. */
  createWatch(watch: NewWatch): Promise<PropagationWatch | undefined>;
  getWatch(id: string): Promise<PropagationWatch | undefined>;
  getWatchForRequest(requestId: string): Promise<PropagationWatch | undefined>;
  /** Running watches due at `now` whose lease is free (none, or lapsed). Oldest due first. */
  dueWatches(now: number): Promise<PropagationWatch[]>;
  /**
   * Takes step `position` of a running, due watch for `leaseMs`: when its lease is free or already `owner`'s.
   * True for exactly one caller.
   */
  claimWatch(id: string, position: number, owner: string, leaseMs: number): Promise<boolean>;
  /** Applies `patch` only while the watch is running at `position` and held by `owner`; true when it did. */
  updateWatch(id: string, expected: { position: number; owner: string }, patch: WatchPatch): Promise<boolean>;
  /** Records the Slack message the watch keeps up to date. */
  setWatchMessage(id: string, message: ThreadRef): Promise<void>;

  // ---- Slack notification outbox (kill -9 between a state change and telling Slack loses nothing) ----
  /**
   * Requests whose Slack messages do not show their current state yet (never told, or told an earlier state),
   * updated before `settledBefore` (newer ones are being told by the live path) and not leased. Oldest first.
   */
  pendingNotifications(settledBefore: number, limit: number): Promise<PendingNotification[]>;
  /**
   * Takes telling Slack about `requestId` in `state` for `leaseMs`: true for one caller, while it is in that state
   * and untold. `owner` names this one claim (unique per claim): markNotified takes it.
   */
  claimNotification(requestId: string, state: ApprovalState, owner: string, leaseMs: number): Promise<boolean>;
  /**
   * Slack shows `state` for the request now, and the lease ends; only while `owner`'s claim holds the lease (true
   * then). A claim whose lease lapsed and was taken over records nothing: the state it told may be older than what
   * the new holder tells, and the notified state never moves backwards.
   */
  markNotified(requestId: string, state: ApprovalState, owner: string): Promise<boolean>;
  /** Gives back `owner`'s lease without recording anything (Slack did not take it all: whoever comes next tries). */
  releaseNotification(requestId: string, owner: string): Promise<void>;

  /** A cheap query: resolves while the database answers, rejects when it does not (/readyz asks it). */
  ping(): Promise<void>;

  close(): Promise<void>;
}
