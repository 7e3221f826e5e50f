/** What the approval service answers: typed results the Slack layer renders. No Slack code here. */
import type { FixProposal, Verdict } from '../diagnosis/verdict';
import type { ApplyResult } from '../fixes/plan';
import type { ApprovalRequest, ScheduledRevocation, ThreadRef, VerdictRef } from '../store/types';

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
      recheck: Recheck;
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
