/**
 * Approval of fixes: pending → approved → applying → applied | failed, and pending → denied | expired. This class is
 * the one face the Slack layer and the entry point see; the work is done by collaborators around one ledger
 * (ledger.ts: every transition audited and announced):
 *   intake.ts       requestFix: bounds, plan pinned to the target, review, one open request per change
 *   decisions.ts    approve, deny, expiry: one conditional write per transition, only `applying`'s winner applies
 *   recovery.ts     the apply's heartbeat, and reconcile() of what a stopped process left
 *   revocations.ts  time-bound grants: scheduled at the apply, repaired, superseded
 *   watches.ts      propagation watches: the re-check after a fix, step by step across replicas
 * Below them, the reads the Slack layer needs (requests, audit, approvers).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AppConfig, OrgConfig } from '../config/types';
import type { FixApiSource } from '../fixes/apis';
import type { ScheduledRevocation } from '../fixes/types';
import type { Metrics } from '../metrics';
import { Approvers, type GroupMembers } from './approvers';
import { Decisions } from './decisions';
import { Intake } from './intake';
import { ApprovalLedger, type ApprovalContext, type TransitionListener } from './ledger';
import type { ApprovalServiceStore } from './ports';
import { APPLY_HEARTBEAT_MS, RECONCILE_GRACE_MS, Recovery } from './recovery';
import { GrantRevocations } from './revocations';
import type {
  ApprovalRequest,
  AuditEntry,
  AuditFilter,
  DecisionOutcome,
  DecisionRefusal,
  FixRequestInput,
  PropagationWatch,
  ReconcileOutcome,
  RequestFixOutcome,
  WatchStep,
} from './types';
import { type Diagnoser, PropagationWatches } from './propagation-watches';

export type { TransitionListener } from './ledger';
export { APPLY_HEARTBEAT_MS, RECONCILE_GRACE_MS } from './recovery';
export { WATCH_HOLD_GRACE_MS, WATCH_STEP_LEASE_MS } from './propagation-watches';

export interface ApprovalServiceOptions {
  store: ApprovalServiceStore;
  config: AppConfig;
  /** Re-runs the check after a fix (the Diagnoser). */
  diagnoser: Diagnoser;
  apis: FixApiSource;
  /** Members of a Slack user group, at most APPROVER_GROUP_MAX_AGE_MS old (approvers.ts). */
  resolveUserGroup?: GroupMembers;
  logger: Logger;
  /** Approval transitions are counted by action (Prometheus). */
  metrics?: Metrics;
  now?: () => number;
  newId?: () => string;
  /**
   * reconcile() leaves requests updated less than this long ago alone: a live replica applying one marks it every
   * applyHeartbeatMs. Default RECONCILE_GRACE_MS.
   */
  reconcileGraceMs?: number;
  /** Default APPLY_HEARTBEAT_MS; must stay well under reconcileGraceMs. */
  applyHeartbeatMs?: number;
  /** Identifies this process's hold on propagation watches (default: random per service). */
  watchOwner?: string;
}

export class ApprovalService {
  private readonly now: () => number;
  private readonly ledger: ApprovalLedger;
  private readonly approvers: Approvers;
  private readonly intake: Intake;
  private readonly decisions: Decisions;
  private readonly recovery: Recovery;
  private readonly revocations: GrantRevocations;
  private readonly watches: PropagationWatches;
  private readonly reconcileGraceMs: number;
  /** This process's name on the watches it holds. */
  readonly watchOwner: string;

  constructor(private readonly options: ApprovalServiceOptions) {
    this.now = options.now ?? Date.now;
    this.ledger = new ApprovalLedger(options.store, options.logger, options.metrics, this.now);
    const ctx: ApprovalContext = {
      store: options.store,
      config: options.config,
      apis: options.apis,
      logger: options.logger,
      metrics: options.metrics,
      now: this.now,
      newId: options.newId ?? randomUUID,
      ledger: this.ledger,
    };
    this.approvers = new Approvers(options.resolveUserGroup, options.logger);
    this.watchOwner = options.watchOwner ?? `watcher-${randomUUID()}`;
    this.reconcileGraceMs = options.reconcileGraceMs ?? RECONCILE_GRACE_MS;
    this.revocations = new GrantRevocations(ctx);
    this.watches = new PropagationWatches(ctx, options.diagnoser, this.watchOwner);
    this.decisions = new Decisions(ctx, {
      approvers: this.approvers,
      revocations: this.revocations,
      watches: this.watches,
      diagnoser: options.diagnoser,
      applyHeartbeatMs: options.applyHeartbeatMs ?? APPLY_HEARTBEAT_MS,
    });
    this.intake = new Intake(ctx, (request) => this.decisions.expire(request));
    this.recovery = new Recovery(ctx, this.revocations, this.reconcileGraceMs);
  }

  /**
   * Calls `listener` after every stored transition with the request as it is now, before the work that follows it
   * (so `applying` can be shown while Genesys is called). Awaited; a listener that throws is logged and changes nothing.
   */
  onTransition(listener: TransitionListener): void {
    this.ledger.onTransition(listener);
  }

  // ---- requests and decisions ----

  requestFix(input: FixRequestInput): Promise<RequestFixOutcome> {
    return this.intake.requestFix(input);
  }

  approve(requestId: string, approverSlackId: string): Promise<DecisionOutcome> {
    return this.decisions.approve(requestId, approverSlackId);
  }

  deny(requestId: string, approverSlackId: string, reason?: string): Promise<DecisionOutcome> {
    return this.decisions.deny(requestId, approverSlackId, reason);
  }

  /** Pending requests past their expiry become `expired`. Returns those this call expired. */
  expireDue(now = this.now()): Promise<ApprovalRequest[]> {
    return this.decisions.expireDue(now);
  }

  /** Whether this user may decide this request now (the Deny modal asks before it opens; deny checks again). */
  mayDecide(requestId: string, slackId: string): Promise<{ ok: true; request: ApprovalRequest } | DecisionRefusal> {
    return this.decisions.mayDecide(requestId, slackId);
  }

  // ---- recovery ----

  /** What a stopped process left approved/applying, resolved by reading the target (recovery.ts). */
  reconcile(): Promise<ReconcileOutcome[]> {
    return this.recovery.reconcile();
  }

  /** Time-bound grants applied without a revocation get theirs now (revocations.ts); part of reconcile(). */
  repairRevocations(): Promise<ScheduledRevocation[]> {
    return this.revocations.repair(this.reconcileGraceMs);
  }

  /** When reconcile() would first take up a request left approved/applying; undefined when there is none. */
  nextReconcileAt(): Promise<number | undefined> {
    return this.recovery.nextReconcileAt();
  }

  // ---- propagation watches ----

  /** Runs the due step of a watch if this process can claim it (watches.ts); undefined when nothing was changed. */
  runWatchStep(watchId: string): Promise<WatchStep | undefined> {
    return this.watches.runStep(watchId);
  }

  /** Running watches whose step is due and that nobody holds (their replica stopped): what upkeep takes up. */
  dueWatches(): Promise<PropagationWatch[]> {
    return this.watches.due();
  }

  getWatch(watchId: string): Promise<PropagationWatch | undefined> {
    return this.watches.get(watchId);
  }

  // ---- reads for the Slack layer ----

  get(requestId: string): Promise<ApprovalRequest | undefined> {
    return this.options.store.getApproval(requestId);
  }

  listPending(org?: string): Promise<ApprovalRequest[]> {
    return this.options.store.listApprovals({ states: ['pending'], ...(org ? { org } : {}) });
  }

  auditLog(filter?: AuditFilter): Promise<AuditEntry[]> {
    return this.options.store.listAudit(filter);
  }

  /** The orgs whose fixes this Slack user may approve or deny, by name. */
  async orgsApprovedBy(slackUserId: string): Promise<string[]> {
    const orgs = [...this.options.config.orgs.values()].sort((a, b) => a.name.localeCompare(b.name));
    const names: string[] = [];
    for (const org of orgs) if (await this.approvers.includes(org, slackUserId)) names.push(org.name);
    return names;
  }

  /** Pending requests still open for a decision (not past their expiry). */
  async undecided(): Promise<ApprovalRequest[]> {
    const now = this.now();
    return (await this.listPending()).filter((r) => r.expiresAt > now);
  }

  /** Whether this Slack user may approve or deny the org's fixes (approvers.ts). */
  async isApprover(orgName: string, slackUserId: string): Promise<boolean> {
    const org = this.options.config.orgs.get(orgName);
    return org ? this.approvers.includes(org, slackUserId) : false;
  }

  /** The org's approvers as Slack user ids, without `exclude` (approvers.ts). */
  approverIds(org: OrgConfig, exclude?: string): Promise<string[]> {
    return this.approvers.of(org, exclude);
  }
}
