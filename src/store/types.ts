/**
 * The durable state sr-check shares between replicas: approval requests and their state machine, the audit log,
 * idempotency keys, stored check requests for buttons, the last verdict per org, scheduled revocations and
 * propagation watches (re-checks after an applied fix).
 * Every method is async so a PostgreSQL implementation can follow the same contract (test/support/store.ts).
 * Times are milliseconds since the epoch.
 */
import type { CheckRequest } from '../diagnosis/request';
import type { Verdict } from '../diagnosis/verdict';
import type { FixTarget } from '../diagnosis/verdict';
import type { ApplyResult, FixPlan } from '../fixes/plan';
import type { VerdictHistoryStore } from '../diagnosis/history';
export type { VerdictHistoryStore } from '../diagnosis/history';
export type { ScheduleTickStore } from '../schedule/types';
import type { ScheduleTickStore } from '../schedule/types';

export const APPROVAL_STATES = ['pending', 'approved', 'applying', 'applied', 'failed', 'denied', 'expired'] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];

/** Slack thread the request came from; the post-fix verdict and revocation notices go there. */
export interface ThreadRef {
  channel: string;
  ts: string;
}

/** The verdict a fix request comes from: the check request (re-run after applying) and what it said. */
export interface VerdictRef {
  check: CheckRequest;
  overall: Verdict['overall'];
  checkedAt: number;
}

export interface ApprovalRequest {
  id: string;
  org: string;
  state: ApprovalState;
  requesterSlackId: string;
  plan: FixPlan;
  verdictRef: VerdictRef;
  thread?: ThreadRef;
  createdAt: number;
  expiresAt: number;
  updatedAt: number;
  /** Time-bound grant: revoke automatically this many hours after it was applied. */
  ttlHours?: number;
  /** Who approved or denied. */
  decidedBy?: string;
  /** Why it was denied or failed. */
  reason?: string;
  result?: ApplyResult;
}

/** The fields a transition may set besides the state. */
export type ApprovalPatch = Partial<Pick<ApprovalRequest, 'decidedBy' | 'reason' | 'result'>>;

export interface ApprovalFilter {
  org?: string;
  states?: ApprovalState[];
  /** Only requests whose state last changed before this time. */
  updatedBefore?: number;
  limit?: number;
}

export interface AuditEntry {
  id: number;
  at: number;
  org: string;
  /** Slack user id, or `system` for the scheduler, expiry and start-up reconciliation. */
  actor: string;
  /** What happened: requested, approved, denied, applying, applied, failed, expired, revoked, revocation-failed, ... */
  action: string;
  requestId?: string;
  target?: FixTarget;
  /** One line: the change as a person reads it. */
  summary: string;
  plan?: FixPlan;
  before?: unknown;
  after?: unknown;
  /** changed, no-op, refused, error text ... */
  result?: string;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'> & { at?: number };

export interface AuditFilter {
  org?: string;
  since?: number;
  limit?: number;
}

/** What App Home shows per org. */
export interface VerdictSummary {
  overall: Verdict['overall'];
  /** One line, e.g. "role fails: missing recording:screenRecording:view". */
  headline: string;
  identity: Verdict['identity'];
  checkedAt: number;
}

export interface LastVerdict {
  org: string;
  summary: VerdictSummary;
  updatedAt: number;
}

/** A role grant to take back at `dueAt` (time-bound fixes). */
export interface RevocationGrant {
  target: FixTarget;
  roleId: string;
  roleName?: string;
  divisionId: string;
}

export const REVOCATION_STATES = ['scheduled', 'running', 'done', 'failed'] as const;
export type RevocationState = (typeof REVOCATION_STATES)[number];

export interface ScheduledRevocation {
  id: string;
  requestId: string;
  org: string;
  grant: RevocationGrant;
  thread?: ThreadRef;
  dueAt: number;
  state: RevocationState;
  /** While `running`: the claim lapses at this time (a replica that died mid-way is retried). */
  leaseUntil?: number;
  detail?: string;
  createdAt: number;
}

export type NewRevocation = Pick<ScheduledRevocation, 'id' | 'requestId' | 'org' | 'grant' | 'thread' | 'dueAt'>;

export const WATCH_STATUSES = ['running', 'passed', 'gave-up'] as const;
export type WatchStatus = (typeof WATCH_STATUSES)[number];

/**
 * "Is it propagation?": after a fix was applied, the check runs again on a schedule (approvals/watch-schedule.ts)
 * until it passes or ten minutes have passed. One watch per approval request. Each step is claimed with a
 * conditional write (position and lease), so of several replicas exactly one runs it; a replica that stops
 * mid-watch leaves it here and another (or the restarted process) takes it up once its lease lapses.
 */
export interface PropagationWatch {
  id: string;
  /** The approval request whose fix is watched (unique: one watch per fix). */
  requestId: string;
  org: string;
  /** The check to run again (without caches). */
  check: CheckRequest;
  /** The step to run next: an index into the schedule. */
  position: number;
  /** When the fix was applied: the schedule and the measured time count from here. */
  startedAt: number;
  /** When step `position` is due. */
  nextRunAt: number;
  status: WatchStatus;
  /** Re-checks run so far. */
  checks: number;
  /** When the last re-check ran, and what it said (passed, refused, unknown, error). */
  lastCheckedAt?: number;
  lastResult?: string;
  /** Finished: seconds from the fix to the re-check that passed, or to the last one (gave-up). */
  resultSeconds?: number;
  /** The Slack message updated at each step (in the request's thread). */
  message?: ThreadRef;
  /** Who holds the watch until when: the replica running a step, or the one driving it between steps. */
  leaseOwner?: string;
  leaseUntil?: number;
  createdAt: number;
  updatedAt: number;
}

export type NewWatch = Pick<PropagationWatch, 'id' | 'requestId' | 'org' | 'check' | 'startedAt' | 'nextRunAt'> &
  Partial<Pick<PropagationWatch, 'leaseOwner' | 'leaseUntil' | 'message'>>;

/** The fields a conditional watch update may set. `leaseUntil: null` clears the lease. */
export interface WatchPatch {
  position?: number;
  nextRunAt?: number;
  status?: WatchStatus;
  checks?: number;
  lastCheckedAt?: number;
  lastResult?: string;
  resultSeconds?: number;
  leaseUntil?: number | null;
}

export interface Store extends VerdictHistoryStore, ScheduleTickStore {
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

  close(): Promise<void>;
}
