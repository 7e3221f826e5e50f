/**
 * What approvals need of the shared store, one small port per concern. The domain declares them and store/
 * implements them (SQLite and PostgreSQL, the same contract: test/support/store.ts), so the store depends on the
 * domain and never the reverse. Every method is async; times are milliseconds since the epoch.
 */
import type { NewRevocation, ScheduledRevocation, ThreadRef } from '../fixes/types';
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
} from './types';

/** Approval requests and their state machine. */
export interface ApprovalRequestStore {
  createApproval(request: ApprovalRequest): Promise<void>;
  getApproval(id: string): Promise<ApprovalRequest | undefined>;
  /** Newest first. */
  listApprovals(filter?: ApprovalFilter): Promise<ApprovalRequest[]>;
  /**
   * Moves the request to `to` only if its state is one of `from` right now (one atomic conditional write):
   * of any number of concurrent callers, across processes, exactly one gets `true`.
   */
  transition(id: string, from: ApprovalState[], to: ApprovalState, patch?: ApprovalPatch): Promise<boolean>;
}

/** The audit log: append-only. */
export interface AuditLog {
  appendAudit(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Newest first. */
  listAudit(filter?: AuditFilter): Promise<AuditEntry[]>;
}

/** Idempotency keys (Slack retries, clicks seen by several replicas). */
export interface ClaimStore {
  /** True for the first caller of a key until `ttlSeconds` have passed; false for every other caller meanwhile. */
  claim(key: string, ttlSeconds: number): Promise<boolean>;
  /** Ends a claim before its TTL (the work it guarded is recorded elsewhere now); the next claim of `key` wins. */
  releaseClaim(key: string): Promise<void>;
}

/** The last verdict per org (App Home). */
export interface LastVerdictStore {
  setLastVerdict(org: string, summary: VerdictSummary): Promise<void>;
  lastVerdicts(): Promise<LastVerdict[]>;
}

/** Scheduled revocations of time-bound grants. */
export interface RevocationStore {
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
}

/** Propagation watches (re-checks after an applied fix). */
export interface PropagationWatchStore {
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
}

export interface PendingNotification {
  request: ApprovalRequest;
  /** What Slack showed last; undefined when the approvers were never told. */
  notifiedState?: ApprovalState;
}

/** The Slack notification outbox: kill -9 between a state change and telling Slack loses nothing. */
export interface NotificationOutbox {
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
  /**
   * The heartbeat of a claim that is still telling Slack: its lease now ends `leaseMs` from now. False (and nothing
   * changed) when `owner` no longer holds it (taken over after it lapsed, given back, or told).
   */
  renewNotification(requestId: string, owner: string, leaseMs: number): Promise<boolean>;
}

/** Everything the approval service keeps: the union of the ports above that it uses. */
export type ApprovalServiceStore = ApprovalRequestStore &
  AuditLog &
  ClaimStore &
  LastVerdictStore &
  RevocationStore &
  PropagationWatchStore;
