/**
 * Approval of fixes: pending → approved → applying → applied | failed, and pending → denied | expired.
 * Every transition is one conditional write in the store, so of any number of concurrent clicks (on any
 * replica) exactly one moves a request on, and only the caller that moved it to `applying` touches Genesys.
 * Every transition is audited and announced (onTransition: the Slack layer shows `applying…` while Genesys is
 * called). This file is where an approval changes state. After a fix is applied the check runs again with `fresh` and its verdict is returned.
 *
 * "Is it propagation?": when the fix changed something, that first re-check is step 0 of a propagation watch kept
 * in the store (one per fix): the check runs again on the schedule of diagnosis/watch-schedule.ts until it passes or ten
 * minutes have passed, and the measured time to effect is audited (`propagation`) and observed as a histogram.
 * Each step is claimed with a conditional write, so exactly one replica runs it; the replica that applied the
 * fix holds the watch between steps, and if it stops, another (or the restarted process) takes it up from the
 * store once that hold lapses (dueWatches + runWatchStep).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics';
import type { AppConfig, OrgConfig } from '../config/types';
import type { DiagnoseOutcome } from '../diagnosis/diagnose';
import type { CheckRequest } from '../diagnosis/request';
import type { FixApiSource } from '../fixes/apis';
import { FixExecutor } from '../fixes/executor';
import { reviewFix } from '../fixes/fix-review';
import {
  CHANGED_SINCE_CHECK,
  changeKey,
  grantsSame,
  planFix,
  type ApplyResult,
  type FixPlan,
  type TargetSnapshot,
} from '../fixes/plan';
import type { ScheduledRevocation } from '../fixes/types';
import type { ApprovalServiceStore } from './ports';
import type {
  ApprovalRequest,
  ApprovalState,
  AuditEntry,
  AuditFilter,
  DecisionOutcome,
  DecisionRefusal,
  DecisionRefusalCode,
  FixRequestInput,
  NewAuditEntry,
  PropagationWatch,
  Recheck,
  ReconcileOutcome,
  RequestFixOutcome,
  WatchPatch,
  WatchStep,
} from './types';
import { Approvers, type GroupMembers } from './approvers';
import { recordLastVerdict } from './verdict-summary';
import { decisionRefusalText, ENABLE_FIXES_HINT } from './wording';
import { decideWatchStep, stepResult, type WatchDecision } from '../diagnosis/watch-schedule';

const HOUR_MS = 3_600_000;
const MAX_EXPIRY_HOURS = 24 * 7;
const MAX_TTL_HOURS = 24 * 90;
/** Requests in these states still stand to make their change: a second request for the same change is refused. */
const OPEN_STATES: ApprovalState[] = ['pending', 'approved', 'applying'];
/** Two requestFix calls for one change at the same moment (a double click): the first holds this claim meanwhile. */
const REQUEST_CLAIM_SECONDS = 30;
/** How long a replica holds a watch step it is running (a re-check, with retries, takes well under this). */
export const WATCH_STEP_LEASE_MS = 2 * 60_000;
/** How often the process applying a fix marks the request alive (moves its updatedAt). */
export const APPLY_HEARTBEAT_MS = 10_000;
/**
 * reconcile() takes a request as abandoned once nobody has marked it alive for this long: several heartbeats, and
 * more than one Genesys call's retry budget (20 s), so a write sent by a killed process has had its deadline pass.
 */
export const RECONCILE_GRACE_MS = 45_000;
/**
 * Between steps the replica driving a watch keeps it until this long after the next step is due; past that it is
 * presumed gone and any replica's upkeep may take the watch up.
 */
export const WATCH_HOLD_GRACE_MS = 60_000;

export interface ApprovalServiceOptions {
  store: ApprovalServiceStore;
  config: AppConfig;
  /** Re-runs the check after a fix (the Diagnoser). */
  diagnoser: { diagnose(request: CheckRequest, requestId?: string): Promise<DiagnoseOutcome> };
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

/** Told of every stored transition (see ApprovalService.onTransition). */
export type TransitionListener = (request: ApprovalRequest) => Promise<void> | void;

export class ApprovalService {
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly store: ApprovalServiceStore;
  private readonly approvers: Approvers;
  private readonly transitionListeners: TransitionListener[] = [];
  /** This process's name on the watches it holds. */
  readonly watchOwner: string;

  constructor(private readonly options: ApprovalServiceOptions) {
    this.now = options.now ?? Date.now;
    this.newId = options.newId ?? randomUUID;
    this.store = options.store;
    this.approvers = new Approvers(options.resolveUserGroup, options.logger);
    this.watchOwner = options.watchOwner ?? `watcher-${randomUUID()}`;
  }

  /**
   * Calls `listener` after every stored transition with the request as it is now, before the work that follows it
   * (so `applying` can be shown while Genesys is called). Awaited; a listener that throws is logged and changes nothing.
   */
  onTransition(listener: TransitionListener): void {
    this.transitionListeners.push(listener);
  }

  // ---- requests ----

  async requestFix(input: FixRequestInput): Promise<RequestFixOutcome> {
    const checked = this.requestable(input);
    if (!checked.ok) return checked;
    const { org, apis, expiresInHours } = checked;

    // One open request per change: "Grant" and "Grant for 8 h" (or a double click) must not both stand, or the
    // time-bound one could later revoke what the permanent one was meant to keep.
    const key = changeKey(input.fix);
    const open = await this.openRequestFor(org.name, key);
    if (open) return duplicate(open);

    // Plan time: read the target now (read-only client) and pin the plan to what it shows.
    let snapshot: TargetSnapshot = { kind: 'none' };
    if (input.fix.kind !== 'refresh-credentials') {
      const read = await new FixExecutor(apis, this.now).readTarget(input.fix.target, 'reader');
      if (!read.ok)
        return { ok: false, code: 'unreadable', message: `Could not read the target to plan the fix: ${read.reason}` };
      snapshot = read.snapshot;
    }
    // Server-side, whatever the button asked for: configured operations only, never an administration role or
    // scope; what it reads (every permission the role carries, names) goes into the plan (fixes/fix-review.ts).
    const review = await reviewFix(org, input.fix, input.verdictRef.check, apis.reader);
    if (!review.ok) return { ok: false, code: review.code, message: review.message };
    const planned = planFix(org, input.fix, snapshot, review.context);
    if (!planned.ok) return { ok: false, code: planned.code, message: planned.message };

    // Two calls at the same moment both pass the test above: the claim (across replicas) lets one through.
    const claimKey = `approvals:request:${org.name}:${key}`;
    if (!(await this.store.claim(claimKey, REQUEST_CLAIM_SECONDS))) {
      const justMade = await this.openRequestFor(org.name, key);
      if (justMade) return duplicate(justMade);
      return {
        ok: false,
        code: 'duplicate-request',
        message: 'A request for the same change is being made right now; if it does not appear, try again in a minute.',
      };
    }
    const raced = await this.openRequestFor(org.name, key);
    if (raced) {
      // The open request guards duplicates itself; holding the claim would refuse a repeat after it is denied.
      await this.store.releaseClaim(claimKey);
      return duplicate(raced);
    }

    const now = this.now();
    const request: ApprovalRequest = {
      id: this.newId(),
      org: org.name,
      state: 'pending',
      requesterSlackId: input.requesterSlackId,
      plan: planned.plan,
      verdictRef: input.verdictRef,
      ...(input.thread ? { thread: input.thread } : {}),
      createdAt: now,
      expiresAt: now + expiresInHours * HOUR_MS,
      updatedAt: now,
      ...(input.ttlHours !== undefined ? { ttlHours: input.ttlHours } : {}),
    };
    try {
      await this.store.createApproval(request);
    } finally {
      // Stored (the open-request test guards duplicates from now on) or not stored at all: either way the claim's
      // work is done, so a repeat after a deny or a failure is not refused as "being made right now".
      await this.store.releaseClaim(claimKey);
    }
    await this.audit(request, 'requested', input.requesterSlackId, {
      before: planned.plan.kind === 'refresh-credentials' ? undefined : planned.plan.before,
      after: planned.plan.kind === 'refresh-credentials' ? undefined : planned.plan.after,
      result: 'pending',
    });
    this.options.logger.info({ org: org.name, approvalId: request.id, fix: planned.plan.kind }, 'fix requested');
    return { ok: true, request };
  }

  /** The org exists, has fixer credentials and approvers, and the request's bounds and target make sense. */
  private requestable(
    input: FixRequestInput,
  ):
    | { ok: true; org: OrgConfig; apis: NonNullable<ReturnType<FixApiSource['forOrg']>>; expiresInHours: number }
    | Extract<RequestFixOutcome, { ok: false }> {
    const org = this.options.config.orgs.get(input.org);
    if (!org) return { ok: false, code: 'unknown-org', message: `Unknown org "${input.org}".` };
    const apis = this.options.apis.forOrg(org);
    if (!org.fixer || !apis) {
      return {
        ok: false,
        code: 'fixes-disabled',
        message: `Fixes are not enabled for ${org.name}. ${ENABLE_FIXES_HINT}`,
      };
    }
    if (org.approvers.users.length === 0 && !org.approvers.userGroup) {
      return {
        ok: false,
        code: 'no-approvers',
        message: `${org.name} has no approvers, so nobody could approve a fix. ${ENABLE_FIXES_HINT}`,
      };
    }
    const expiresInHours = input.expiresInHours ?? 24;
    if (!(expiresInHours > 0 && expiresInHours <= MAX_EXPIRY_HOURS)) {
      return {
        ok: false,
        code: 'invalid-request',
        message: `A request must expire within 0–${MAX_EXPIRY_HOURS} hours.`,
      };
    }
    if (input.ttlHours !== undefined) {
      if (input.fix.kind !== 'grant-role')
        return { ok: false, code: 'invalid-request', message: 'Only role grants can be time-bound.' };
      if (!(input.ttlHours > 0 && input.ttlHours <= MAX_TTL_HOURS)) {
        return {
          ok: false,
          code: 'invalid-request',
          message: `A time bound must be between 0 and ${MAX_TTL_HOURS} hours.`,
        };
      }
    }
    if (input.fix.kind === 'add-scope' && input.fix.target.kind !== 'oauth-client') {
      return { ok: false, code: 'invalid-request', message: 'Scopes belong to OAuth clients.' };
    }
    return { ok: true, org, apis, expiresInHours };
  }

  // ---- decisions ----

  async approve(requestId: string, approverSlackId: string): Promise<DecisionOutcome> {
    const checked = await this.decidable(requestId, approverSlackId);
    if (!checked.ok) return checked;
    const { request, org } = checked;

    if (!(await this.store.transition(request.id, ['pending'], 'approved', { decidedBy: approverSlackId })))
      return this.lost(request.id);
    await this.audit(request, 'approved', approverSlackId, { result: 'approved' });
    await this.announce(request.id);
    // Only the caller that moved the request to `applying` may touch Genesys.
    if (!(await this.store.transition(request.id, ['approved'], 'applying'))) return this.lost(request.id);
    const result = await this.whileApplying(request.id, async () => {
      await this.audit(request, 'applying', approverSlackId, { result: 'applying' });
      await this.announce(request.id);
      return this.applyPlan(org, request.plan);
    });
    // A time-bound grant that changed something: its revocation is stored before the request is stored `applied`,
    // so no kill -9 or store error from here on can leave it applied without one (a request left `applying` is
    // reconciled, and reconcile finds this row). A failed apply or a no-op (the grant was there before) gets none.
    const revocation =
      result.status === 'applied' && result.result === 'changed' && this.timeBound(request)
        ? await this.scheduleRevocation(request, request.plan, result.at)
        : undefined;
    const final: ApprovalState = result.status === 'applied' ? 'applied' : 'failed';
    const patch = result.status === 'applied' ? { result } : { result, reason: result.reason };
    const stored = await this.store.transition(request.id, ['applying'], final, patch);
    if (!stored)
      this.options.logger.warn({ approvalId: request.id }, 'request left applying before the result was stored');
    await this.audit(request, final, approverSlackId, {
      before: result.before,
      after: result.status === 'applied' ? result.after : undefined,
      result:
        result.status === 'applied'
          ? result.result
          : `refused: ${result.reason}${result.detail ? ` (${result.detail})` : ''}`,
    });
    if (stored) await this.announce(request.id);
    const current = (await this.store.getApproval(request.id)) ?? { ...request, state: final };

    if (result.status === 'failed')
      return { ok: true, kind: 'failed', request: current, reason: result.reason, result };

    let applied = result;
    if (request.ttlHours === undefined && request.plan.kind === 'grant-role') {
      // A permanent grant: a time bound set on the same grant earlier no longer applies.
      const superseded = await this.supersedeRevocations(request);
      if (superseded) applied = { ...result, detail: `${result.detail} ${superseded}` };
    }
    // A change was made: the re-check is step 0 of its propagation watch. A no-op (it was already in place) has no
    // time to effect to measure: one re-check.
    const started = result.result === 'changed' ? await this.startWatch(request, result.at) : undefined;
    const recheck = started?.recheck ?? (await this.recheck(request.org, request.verdictRef.check, request.id));
    return {
      ok: true,
      kind: 'applied',
      request: current,
      result: applied,
      recheck,
      ...(started ? { watch: started.watch } : {}),
      ...(revocation ? { revocation } : {}),
    };
  }

  async deny(requestId: string, approverSlackId: string, reason?: string): Promise<DecisionOutcome> {
    const checked = await this.decidable(requestId, approverSlackId);
    if (!checked.ok) return checked;
    const trimmed = reason?.trim().slice(0, 500);
    const patch = { decidedBy: approverSlackId, ...(trimmed ? { reason: trimmed } : {}) };
    if (!(await this.store.transition(checked.request.id, ['pending'], 'denied', patch)))
      return this.lost(checked.request.id);
    await this.audit(checked.request, 'denied', approverSlackId, { result: trimmed ? `denied: ${trimmed}` : 'denied' });
    await this.announce(checked.request.id);
    const request = (await this.store.getApproval(checked.request.id))!;
    return { ok: true, kind: 'denied', request };
  }

  /** Pending requests past their expiry become `expired`. Returns those this call expired. */
  async expireDue(now = this.now()): Promise<ApprovalRequest[]> {
    const expired: ApprovalRequest[] = [];
    for (const request of await this.store.listApprovals({ states: ['pending'] })) {
      if (request.expiresAt > now) continue;
      if (await this.expire(request)) expired.push((await this.store.getApproval(request.id))!);
    }
    return expired;
  }

  /**
   * Requests left `approved` or `applying` by a process that stopped (nothing has marked them alive for the grace)
   * are resolved by reading the target, never by applying again. Done → applied; not done → failed with the reason.
   * Runs at start-up, when the grace of what a killed process left ends, and on every upkeep pass.
   */
  async reconcile(): Promise<ReconcileOutcome[]> {
    const stale = await this.store.listApprovals({
      states: ['approved', 'applying'],
      updatedBefore: this.now() - this.reconcileGraceMs() + 1,
    });
    const outcomes: ReconcileOutcome[] = [];
    for (const request of stale) {
      const resolved = await this.reconcileOne(request);
      if (resolved) outcomes.push(resolved);
    }
    await this.repairRevocations().catch((error: unknown) =>
      this.options.logger.error({ err: error }, 'repairing missing revocations failed'),
    );
    return outcomes;
  }

  /**
   * Time-bound grants stored `applied` that changed something but have no revocation (a process that stopped
   * between the two writes, before approve() scheduled the revocation first): each gets its revocation now, due
   * `ttlHours` after the grant was applied (already overdue: the scheduler's next pass revokes it), audited.
   * Part of reconcile(), so it runs at start-up and on every upkeep pass. Returns the revocations it scheduled.
   */
  async repairRevocations(): Promise<ScheduledRevocation[]> {
    const now = this.now();
    const repaired: ScheduledRevocation[] = [];
    // The grace keeps clear of a live process between the two writes (one of an earlier version, which scheduled after).
    for (const request of await this.store.timeBoundWithoutRevocation(now - this.reconcileGraceMs() + 1)) {
      const result = request.result;
      if (!this.timeBound(request) || result?.status !== 'applied' || result.result !== 'changed') continue;
      const dueAt = result.at + request.ttlHours * HOUR_MS;
      const overdue = dueAt <= now ? '; overdue, so it is revoked by the next scheduler pass' : '';
      const revocation = await this.scheduleRevocation(
        request,
        request.plan,
        result.at,
        `scheduled late: the process that applied this time-bound grant stopped before scheduling its revocation${overdue}`,
      );
      this.options.logger.warn(
        { org: request.org, approvalId: request.id, dueAt: revocation.dueAt },
        'scheduled the missing revocation of a time-bound grant',
      );
      repaired.push(revocation);
    }
    return repaired;
  }

  /**
   * When reconcile() would first take up a request left approved/applying, if nothing marks it alive before then;
   * undefined when there is none. Lets a restarted process resolve what a killed one left without waiting a whole
   * upkeep interval.
   */
  async nextReconcileAt(): Promise<number | undefined> {
    const open = await this.store.listApprovals({ states: ['approved', 'applying'] });
    if (open.length === 0) return undefined;
    return Math.min(...open.map((request) => request.updatedAt)) + this.reconcileGraceMs();
  }

  private reconcileGraceMs(): number {
    return this.options.reconcileGraceMs ?? RECONCILE_GRACE_MS;
  }

  /**
   * Runs the apply while marking the request alive every heartbeat, so reconcile() elsewhere (another replica, or
   * this process restarted after a kill) tells a slow apply from an abandoned one by a short grace, not a long guess.
   */
  private async whileApplying<T>(requestId: string, apply: () => Promise<T>): Promise<T> {
    let finished = false;
    const beat = async () => {
      const alive = await this.store.transition(requestId, ['applying'], 'applying');
      if (!alive && !finished)
        this.options.logger.warn({ approvalId: requestId }, 'request left applying while this process applied it');
    };
    const heartbeat = setInterval(
      () =>
        void beat().catch((error: unknown) =>
          this.options.logger.warn({ approvalId: requestId, err: error }, 'marking the request alive failed'),
        ),
      this.options.applyHeartbeatMs ?? APPLY_HEARTBEAT_MS,
    );
    heartbeat.unref();
    try {
      return await apply();
    } finally {
      finished = true;
      clearInterval(heartbeat);
    }
  }

  // ---- propagation watches ----

  /**
   * Runs the due step of a watch if this process can claim it (it holds the watch, or nobody does any more):
   * the check again without caches, then the watch moves to its next step or finishes (audited, observed).
   * Undefined when the step is not due, not claimable, or another replica finished it first; nothing was changed then.
   */
  async runWatchStep(watchId: string): Promise<WatchStep | undefined> {
    const watch = await this.store.getWatch(watchId);
    if (watch?.status !== 'running' || watch.nextRunAt > this.now()) return undefined;
    const held = { position: watch.position, owner: this.watchOwner };
    if (!(await this.store.claimWatch(watch.id, watch.position, this.watchOwner, WATCH_STEP_LEASE_MS)))
      return undefined;
    const request = await this.store.getApproval(watch.requestId);
    const at = this.now();
    const recheck = await this.recheck(watch.org, watch.check, watch.requestId);
    const result = stepResult(recheck.ok ? recheck.verdict : undefined);
    const decision = decideWatchStep({ startedAt: watch.startedAt, position: watch.position, at, result });
    const common: WatchPatch = { checks: watch.checks + 1, lastCheckedAt: at, lastResult: result };
    const patch: WatchPatch =
      decision.kind === 'continue'
        ? {
            ...common,
            position: decision.position,
            nextRunAt: decision.nextRunAt,
            leaseUntil: decision.nextRunAt + WATCH_HOLD_GRACE_MS,
          }
        : { ...common, status: decision.kind, resultSeconds: decision.seconds, leaseUntil: null };
    if (!(await this.store.updateWatch(watch.id, held, patch))) {
      // This step took longer than its lease and another replica took it up: that one reports it.
      this.options.logger.warn(
        { watchId: watch.id, approvalId: watch.requestId, position: watch.position },
        'propagation watch step lost to another replica',
      );
      return undefined;
    }
    const updated = (await this.store.getWatch(watch.id))!;
    this.options.logger.info(
      {
        org: watch.org,
        approvalId: watch.requestId,
        watchId: watch.id,
        position: watch.position,
        result,
        decision: decision.kind,
        seconds: decision.seconds,
      },
      'propagation re-check',
    );
    if (decision.kind !== 'continue') await this.finishWatch(updated, request, decision);
    return { watch: updated, ...(request ? { request } : {}), recheck, result, decision };
  }

  /** Running watches whose step is due and that nobody holds (their replica stopped): what upkeep takes up. */
  dueWatches(): Promise<PropagationWatch[]> {
    return this.store.dueWatches(this.now());
  }

  getWatch(watchId: string): Promise<PropagationWatch | undefined> {
    return this.store.getWatch(watchId);
  }

  /** A fix was applied with a change: one watch for it (held by this process), and its step 0 now. */
  private async startWatch(
    request: ApprovalRequest,
    appliedAt: number,
  ): Promise<{ recheck: Recheck; watch: PropagationWatch } | undefined> {
    const { watch: _flag, ...check } = request.verdictRef.check;
    const created = await this.store.createWatch({
      id: this.newId(),
      requestId: request.id,
      org: request.org,
      check: { ...check, fresh: true },
      startedAt: appliedAt,
      nextRunAt: appliedAt,
      leaseOwner: this.watchOwner,
      leaseUntil: this.now() + WATCH_STEP_LEASE_MS,
    });
    if (!created) return undefined;
    const step = await this.runWatchStep(created.id);
    return step ? { recheck: step.recheck, watch: step.watch } : undefined;
  }

  private async finishWatch(
    watch: PropagationWatch,
    request: ApprovalRequest | undefined,
    decision: Exclude<WatchDecision, { kind: 'continue' }>,
  ): Promise<void> {
    const rechecks = `${watch.checks} re-check${watch.checks === 1 ? '' : 's'}`;
    const result =
      decision.kind === 'passed'
        ? `took effect after ${decision.seconds} s (${rechecks})`
        : `gave up after ${decision.seconds} s: still ${watch.lastResult === 'error' ? 'not re-checkable' : (watch.lastResult ?? 'refused')} (${rechecks})`;
    this.options.metrics?.recordPropagation(decision.kind, decision.seconds);
    this.options.logger.info(
      {
        org: watch.org,
        approvalId: watch.requestId,
        watchId: watch.id,
        outcome: decision.kind,
        seconds: decision.seconds,
      },
      'propagation watch finished',
    );
    await this.store.appendAudit({
      org: watch.org,
      actor: 'system',
      action: 'propagation',
      requestId: watch.requestId,
      ...(request
        ? { target: request.plan.target, summary: request.plan.summary, plan: request.plan }
        : { summary: `fix request ${watch.requestId}` }),
      result,
    });
  }

  // ---- reads for the Slack layer ----

  get(requestId: string): Promise<ApprovalRequest | undefined> {
    return this.store.getApproval(requestId);
  }

  listPending(org?: string): Promise<ApprovalRequest[]> {
    return this.store.listApprovals({ states: ['pending'], ...(org ? { org } : {}) });
  }

  auditLog(filter?: AuditFilter): Promise<AuditEntry[]> {
    return this.store.listAudit(filter);
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

  // ---- internals ----

  /** Whether this user may decide this request now (the Deny modal asks before it opens; deny checks again). */
  async mayDecide(
    requestId: string,
    slackId: string,
  ): Promise<{ ok: true; request: ApprovalRequest } | DecisionRefusal> {
    const checked = await this.decidable(requestId, slackId);
    return checked.ok ? { ok: true, request: checked.request } : checked;
  }

  private async decidable(
    requestId: string,
    approverSlackId: string,
  ): Promise<{ ok: true; request: ApprovalRequest; org: OrgConfig } | DecisionRefusal> {
    const request = await this.store.getApproval(requestId);
    if (!request) return refusal('unknown-request');
    if (request.requesterSlackId === approverSlackId) {
      return refusal('self-approval', request);
    }
    const org = this.options.config.orgs.get(request.org);
    if (!org || !(await this.approvers.includes(org, approverSlackId))) {
      return refusal('not-an-approver', request);
    }
    if (request.state !== 'pending') return refusal('not-pending', request);
    if (request.expiresAt <= this.now()) {
      await this.expire(request);
      const current = (await this.store.getApproval(request.id)) ?? request;
      return refusal(current.state === 'expired' ? 'expired' : 'not-pending', current);
    }
    return { ok: true, request, org };
  }

  /** Tells onTransition where the request stands now. */
  private async announce(requestId: string): Promise<void> {
    if (this.transitionListeners.length === 0) return;
    try {
      const current = await this.store.getApproval(requestId);
      if (current) for (const listener of this.transitionListeners) await listener(current);
    } catch (error) {
      this.options.logger.warn({ approvalId: requestId, err: error }, 'onTransition failed');
    }
  }

  /** The caller lost a race: say what the request is now. */
  private async lost(requestId: string): Promise<DecisionRefusal> {
    const current = await this.store.getApproval(requestId);
    if (!current) return refusal('unknown-request');
    return refusal(current.state === 'expired' ? 'expired' : 'not-pending', current);
  }

  private async expire(request: ApprovalRequest): Promise<boolean> {
    if (!(await this.store.transition(request.id, ['pending'], 'expired'))) return false;
    await this.audit(request, 'expired', 'system', { result: 'expired' });
    await this.announce(request.id);
    return true;
  }

  private async applyPlan(org: OrgConfig, plan: FixPlan): Promise<ApplyResult> {
    const apis = this.options.apis.forOrg(org);
    if (!apis)
      return { status: 'failed', reason: `fixer credentials are no longer configured for ${org.name}`, at: this.now() };
    try {
      return await new FixExecutor(apis, this.now).apply(plan);
    } catch (error) {
      // A bug, not an API answer: record it as a failure rather than leave the request `applying`.
      this.options.logger.error({ org: org.name, err: error }, 'applying a fix threw');
      return {
        status: 'failed',
        reason: 'internal error while applying; check the target before trying again',
        at: this.now(),
      };
    }
  }

  /** A role grant with a time bound: the only kind of request that schedules a revocation. */
  private timeBound(
    request: ApprovalRequest,
  ): request is ApprovalRequest & { plan: Extract<FixPlan, { kind: 'grant-role' }>; ttlHours: number } {
    return request.ttlHours !== undefined && request.plan.kind === 'grant-role';
  }

  /**
   * Schedules the revocation of a time-bound grant `ttlHours` after `appliedAt`, and audits it. At most one per
   * request: when one was scheduled already (by the process that applied it, before it stopped) that one stands.
   * `note` says why it is scheduled now, when that is not at the apply.
   */
  private async scheduleRevocation(
    request: ApprovalRequest,
    plan: Extract<FixPlan, { kind: 'grant-role' }>,
    appliedAt: number,
    note?: string,
  ): Promise<ScheduledRevocation> {
    const [existing] = await this.store.revocationsForRequest(request.id);
    if (existing) return existing;
    const revocation = await this.store.scheduleRevocation({
      id: this.newId(),
      requestId: request.id,
      org: request.org,
      grant: {
        target: plan.target,
        ...(plan.targetName ? { targetName: plan.targetName } : {}),
        roleId: plan.roleId,
        roleName: plan.roleName,
        divisionId: plan.divisionId,
        ...(plan.divisionName ? { divisionName: plan.divisionName } : {}),
      },
      ...(request.thread ? { thread: request.thread } : {}),
      dueAt: appliedAt + request.ttlHours! * HOUR_MS,
    });
    await this.audit(request, 'revocation-scheduled', 'system', {
      result: `${note ? `${note}: ` : ''}revoke at ${new Date(revocation.dueAt).toISOString()}`,
    });
    return revocation;
  }

  /** Open requests (pending, approved, applying) for this change; a pending one past its expiry is expired instead. */
  private async openRequestFor(org: string, key: string): Promise<ApprovalRequest | undefined> {
    for (const request of await this.store.listApprovals({ org, states: OPEN_STATES })) {
      if (changeKey(request.plan) !== key) continue;
      if (request.state === 'pending' && request.expiresAt <= this.now()) {
        await this.expire(request);
        continue;
      }
      return request;
    }
    return undefined;
  }

  /**
   * A permanent grant was applied: time-bound revocations still scheduled for the same grant are finished as
   * superseded (those already due here; the scheduler skips the others when they fall due, see
   * RevocationScheduler). Returns a sentence for the outcome, or undefined when there were none.
   */
  private async supersedeRevocations(request: ApprovalRequest): Promise<string | undefined> {
    // Every revocation still scheduled or running (being retried), whenever it falls due: the Store lists by due time.
    const open = (await this.store.dueRevocations(Number.MAX_SAFE_INTEGER)).filter(
      (r) => r.org === request.org && r.requestId !== request.id && grantsSame(request.plan, r.grant),
    );
    if (open.length === 0) return undefined;
    for (const revocation of open) {
      const detail = `superseded by a permanent grant (request ${request.id})`;
      // Only a due (or lapsed) revocation can be claimed; the scheduler skips any other when it next takes it up.
      if (
        (await this.store.claimRevocation(revocation.id, 60_000)) &&
        !(await this.store.finishRevocation(revocation.id, 'done', detail))
      )
        continue;
      await this.audit(request, 'revocation-superseded', 'system', {
        result: `the automatic revocation due ${new Date(revocation.dueAt).toISOString()} (from request ${revocation.requestId}) is cancelled: ${detail}`,
      });
    }
    const ids = [...new Set(open.map((r) => r.requestId))].join(', ');
    return `The automatic revocation of this grant scheduled by time-bound request ${ids} is cancelled: the grant stays.`;
  }

  private async recheck(org: string, check: CheckRequest, requestId: string): Promise<Recheck> {
    try {
      const { watch: _flag, ...request } = check;
      const outcome = await this.options.diagnoser.diagnose({ ...request, fresh: true }, `fix-${requestId}`);
      if (!outcome.ok) return { ok: false, message: outcome.message };
      // Recorded here, not by the VerdictPublisher (the other writer): this re-check is the approval's own record
      // (App Home shows it even when posting the verdict fails), and approvals must not depend on the Slack layer
      // (slack -> approvals, never back); the approval flow tells the publisher to skip it (`record: false`).
      await recordLastVerdict(this.store, org, outcome.verdict, this.now(), this.options.logger);
      return { ok: true, verdict: outcome.verdict };
    } catch (error) {
      this.options.logger.error({ approvalId: requestId, err: error }, 're-check after fix threw');
      return { ok: false, message: 'The check could not be run again; run it by hand.' };
    }
  }

  private async reconcileOne(request: ApprovalRequest): Promise<ReconcileOutcome | undefined> {
    const fail = async (reason: string): Promise<ReconcileOutcome | undefined> => {
      const result: ApplyResult = { status: 'failed', reason, at: this.now() };
      if (!(await this.store.transition(request.id, [request.state], 'failed', { reason, result }))) return undefined;
      await this.audit(request, 'failed', 'system', {
        result: `reconciled after the process handling it stopped: ${reason}`,
      });
      await this.announce(request.id);
      return { request: (await this.store.getApproval(request.id))!, resolution: 'failed', reason };
    };
    if (request.state === 'approved')
      return fail('interrupted before applying; nothing was changed; request the fix again');

    const org = this.options.config.orgs.get(request.org);
    const apis = org ? this.options.apis.forOrg(org) : undefined;
    if (!apis)
      return fail(
        'interrupted while applying, and the org has no fixer credentials to check the target; check it by hand',
      );
    if (request.plan.kind === 'refresh-credentials') {
      return fail(
        'interrupted while refreshing credentials; could not confirm it finished; refreshing again is safe, request it again',
      );
    }
    const inspection = await new FixExecutor(apis, this.now).inspect(request.plan);
    switch (inspection.kind) {
      case 'done': {
        // planFix refused this request if the grant already existed, and only one open request per change is
        // allowed, so a grant in place now was made by this request: its time bound applies, counted from the
        // applying process's last heartbeat (updatedAt; at most APPLY_HEARTBEAT_MS before it stopped).
        // A revocation the applying process scheduled before it stopped (approve() does so before storing
        // `applied`) stands, and says when the grant was applied.
        const timeBound = this.timeBound(request);
        const [scheduled] = timeBound ? await this.store.revocationsForRequest(request.id) : [];
        const appliedAt = scheduled
          ? scheduled.dueAt - request.ttlHours! * HOUR_MS
          : Math.min(request.updatedAt, this.now());
        const dueAt = timeBound ? appliedAt + request.ttlHours! * HOUR_MS : undefined;
        const detail =
          'Confirmed after the process applying it stopped: the target is in the wanted state' +
          (dueAt !== undefined
            ? `; made by this request, so its time bound applies: revoked automatically at ${new Date(dueAt).toISOString()} (${request.ttlHours} h after it was applied)`
            : '');
        const result: ApplyResult = { status: 'applied', result: 'changed', detail, after: undefined, at: appliedAt };
        if (!(await this.store.transition(request.id, ['applying'], 'applied', { result }))) return undefined;
        await this.audit(request, 'applied', 'system', {
          result: `reconciled after the process handling it stopped: ${detail}`,
        });
        await this.announce(request.id);
        const revocation = this.timeBound(request)
          ? await this.scheduleRevocation(request, request.plan, appliedAt)
          : undefined;
        return {
          request: (await this.store.getApproval(request.id))!,
          resolution: 'applied',
          reason: detail,
          ...(revocation ? { revocation } : {}),
        };
      }
      case 'as-planned':
        return fail('interrupted before the change was made; nothing was changed; request the fix again');
      case 'changed':
        return fail(`interrupted while applying, and the target ${CHANGED_SINCE_CHECK} (${inspection.detail})`);
      case 'unreadable':
        return fail(
          `interrupted while applying, and the target could not be read to confirm (${inspection.reason}); check it by hand`,
        );
    }
  }

  private async audit(
    request: ApprovalRequest,
    action: string,
    actor: string,
    extra: Pick<NewAuditEntry, 'before' | 'after' | 'result'>,
  ): Promise<void> {
    this.options.metrics?.recordApproval(action);
    this.options.logger.info(
      {
        org: request.org,
        approvalId: request.id,
        action,
        actor,
        fix: request.plan.kind,
        ...(extra.result !== undefined ? { result: extra.result } : {}),
      },
      'approval transition',
    );
    await this.store.appendAudit({
      org: request.org,
      actor,
      action,
      requestId: request.id,
      target: request.plan.target,
      summary: request.plan.summary,
      plan: request.plan,
      ...(extra.before !== undefined ? { before: extra.before } : {}),
      ...(extra.after !== undefined ? { after: extra.after } : {}),
      ...(extra.result !== undefined ? { result: extra.result } : {}),
    });
  }
}

/** Plain text (no Slack markup): the Slack layer words it the same way with mentions, from `code` and `request`. */
function refusal(code: DecisionRefusalCode, request?: ApprovalRequest): DecisionRefusal {
  return { ok: false, code, message: decisionRefusalText(code, request), ...(request ? { request } : {}) };
}

function duplicate(existing: ApprovalRequest): RequestFixOutcome {
  const bound = existing.ttlHours !== undefined ? `time-bound (${existing.ttlHours} h)` : 'permanent';
  return {
    ok: false,
    code: 'duplicate-request',
    message:
      `A ${bound} request for the same change is already ${existing.state} (request ${existing.id}, made by Slack user ${existing.requesterSlackId}): ` +
      `${existing.plan.summary}. Approve or deny that one; a new request can be made once it is decided.`,
  };
}
