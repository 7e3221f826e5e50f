/**
 * The approval domain: a fix request and its states, the audit log, the last verdict per org, propagation
 * watches; and what the approval service answers (typed results the Slack layer renders). No Slack code here,
 * and nothing from the store: the store keeps these records (store/types.ts depends on this file).
 */
import type { CheckRequest } from '../request/grammar';
import type { FixProposal, FixTarget, Verdict } from '../diagnosis/verdict';
import type { ApplyResult, FixPlan } from '../fixes/plan';
import type { ScheduledRevocation, ThreadRef } from '../fixes/types';
import type { StepResult, WatchDecision } from '../watch/propagation-schedule';

export type { ThreadRef } from '../fixes/types';

export const APPROVAL_STATES = ['pending', 'approved', 'applying', 'applied', 'failed', 'denied', 'expired'] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];

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

export const WATCH_STATUSES = ['running', 'passed', 'gave-up'] as const;
export type WatchStatus = (typeof WATCH_STATUSES)[number];

/**
 * "Is it propagation?": after a fix was applied, the check runs again on a schedule (watch/propagation-schedule.ts)
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

export interface FixRequestInput {
  requesterSlackId: string;
  org: string;
  fix: FixProposal;
  verdictRef: VerdictRef;
  thread?: ThreadRef;
  /** The request lapses after this long without a decision. Default 24. */
  expiresInHours?: number;
  /** Grants only: revoke the grant automatically this many hours after it was applied. */
  ttlHours?: number;
}

export type RequestRefusalCode =
  | 'unknown-org'
  | 'fixes-disabled'
  | 'no-approvers'
  | 'invalid-request'
  | 'already-fixed'
  | 'changed-since-check'
  | 'unsupported'
  | 'unreadable'
  /** A request for the same change (org, target, role/division or scope) is still pending, approved or applying. */
  | 'duplicate-request';

export type RequestFixOutcome =
  | { ok: true; request: ApprovalRequest }
  | { ok: false; code: RequestRefusalCode; message: string };

export type DecisionRefusalCode = 'not-an-approver' | 'self-approval' | 'not-pending' | 'expired' | 'unknown-request';

export interface DecisionRefusal {
  ok: false;
  code: DecisionRefusalCode;
  message: string;
  /** The request as stored (absent for unknown-request). */
  request?: ApprovalRequest;
}

/** The check run again without caches after a fix was applied. */
export type Recheck = { ok: true; verdict: Verdict } | { ok: false; message: string };

export type DecisionOutcome =
  | { ok: true; kind: 'denied'; request: ApprovalRequest }
  | {
      ok: true;
      kind: 'applied';
      request: ApprovalRequest;
      result: Extract<ApplyResult, { status: 'applied' }>;
      /** The re-check right after applying (step 0 of the propagation watch when there is one). */
      recheck: Recheck;
      /**
       * The propagation watch after its first step, when the fix changed something: `running` when that re-check
       * did not pass yet (later steps follow, see ApprovalService.runWatchStep), else `passed` (0 s) already.
       */
      watch?: PropagationWatch;
      /** Set when the grant is time-bound. */
      revocation?: ScheduledRevocation;
    }
  | { ok: true; kind: 'failed'; request: ApprovalRequest; reason: string; result: ApplyResult }
  | DecisionRefusal;

export interface ReconcileOutcome {
  request: ApprovalRequest;
  resolution: 'applied' | 'failed';
  reason: string;
  /** Set when a time-bound grant was found made: its revocation, scheduled now. */
  revocation?: ScheduledRevocation;
}

/** One step of a propagation watch, run by the replica that claimed it. */
export interface WatchStep {
  /** The watch as stored after this step (running with the next step, or passed / gave-up). */
  watch: PropagationWatch;
  /** The fix being watched (undefined only if its request was removed from the store). */
  request?: ApprovalRequest;
  recheck: Recheck;
  result: StepResult;
  decision: WatchDecision;
  /** Set when the watch ended because it cannot go on (its org is gone): why. */
  ended?: string;
}
