/** What the approval service answers: typed results the Slack layer renders. No Slack code here. */
import type { FixProposal, Verdict } from '../diagnosis/verdict';
import type { ApplyResult } from '../fixes/plan';
import type { ApprovalRequest, PropagationWatch, ScheduledRevocation, ThreadRef, VerdictRef } from '../store/types';
import type { StepResult, WatchDecision } from './watch-schedule';

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
}
