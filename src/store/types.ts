/**
 * The durable state sr-check shares between replicas: approval requests and their state machine, the audit log,
 * idempotency keys, stored check requests for buttons, the last verdict per org and scheduled revocations.
 * Every method is async so a PostgreSQL implementation can follow the same contract (test/support/store.ts).
 * Times are milliseconds since the epoch.
 */
import type { CheckRequest } from '../diagnosis/request';
import type { Verdict } from '../diagnosis/verdict';
import type { FixTarget } from '../diagnosis/verdict';
import type { ApplyResult, FixPlan } from '../fixes/plan';

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

export interface Store {
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

  close(): Promise<void>;
}
