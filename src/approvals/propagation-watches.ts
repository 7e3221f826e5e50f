/**
 * "Is it propagation?": when a fix changed something, the first re-check is step 0 of a propagation watch kept in
 * the store (one per fix): the check runs again on the schedule of watch/propagation-schedule.ts until it passes or
 * ten minutes have passed, and the measured time to effect is audited (`propagation`) and observed as a histogram.
 * Each step is claimed with a conditional write, so exactly one replica runs it; the replica that applied the fix
 * holds the watch between steps, and if it stops, another (or the restarted process) takes it up from the store
 * once that hold lapses (due + runStep).
 */
import type { DiagnoseOutcome } from '../diagnosis/diagnose';
import type { CheckRequest } from '../request/grammar';
import { decideWatchStep, stepResult, type StepResult, type WatchDecision } from '../watch/propagation-schedule';
import type { ApprovalContext } from './ledger';
import type { ApprovalRequest, PropagationWatch, Recheck, WatchPatch, WatchStep } from './types';
import { recordLastVerdict } from './verdict-summary';

/** How long a replica holds a watch step it is running (a re-check, with retries, takes well under this). */
export const WATCH_STEP_LEASE_MS = 2 * 60_000;
/**
 * Between steps the replica driving a watch keeps it until this long after the next step is due; past that it is
 * presumed gone and any replica's upkeep may take the watch up.
 */
export const WATCH_HOLD_GRACE_MS = 60_000;

/** Re-runs the check after a fix (the Diagnoser). */
export interface Diagnoser {
  diagnose(request: CheckRequest, requestId?: string): Promise<DiagnoseOutcome>;
}

/** The check again without caches after a fix, recorded as the org's last verdict. Never throws. */
export async function recheckAfterFix(
  ctx: ApprovalContext,
  diagnoser: Diagnoser,
  org: string,
  check: CheckRequest,
  requestId: string,
): Promise<Recheck> {
  try {
    const { watch: _flag, ...request } = check;
    const outcome = await diagnoser.diagnose({ ...request, fresh: true }, `fix-${requestId}`);
    if (!outcome.ok) return { ok: false, message: outcome.message };
    // Recorded here, not by the VerdictPublisher (the other writer): this re-check is the approval's own record
    // (App Home shows it even when posting the verdict fails), and approvals must not depend on the Slack layer
    // (slack -> approvals, never back); the approval flow tells the publisher to skip it (`record: false`).
    await recordLastVerdict(ctx.store, org, outcome.verdict, ctx.now(), ctx.logger);
    return { ok: true, verdict: outcome.verdict };
  } catch (error) {
    ctx.logger.error({ approvalId: requestId, err: error }, 're-check after fix threw');
    return { ok: false, message: 'The check could not be run again; run it by hand.' };
  }
}

export class PropagationWatches {
  constructor(
    private readonly ctx: ApprovalContext,
    private readonly diagnoser: Diagnoser,
    /** This process's name on the watches it holds. */
    readonly owner: string,
  ) {}

  /**
   * Runs the due step of a watch if this process can claim it (it holds the watch, or nobody does any more):
   * the check again without caches, then the watch moves to its next step or finishes (audited, observed).
   * Undefined when the step is not due, not claimable, or another replica finished it first; nothing was changed then.
   */
  async runStep(watchId: string): Promise<WatchStep | undefined> {
    const { store, logger } = this.ctx;
    const watch = await store.getWatch(watchId);
    if (watch?.status !== 'running' || watch.nextRunAt > this.ctx.now()) return undefined;
    const held = { position: watch.position, owner: this.owner };
    if (!(await store.claimWatch(watch.id, watch.position, this.owner, WATCH_STEP_LEASE_MS))) return undefined;
    const request = await store.getApproval(watch.requestId);
    const gone = this.endReason(watch, request);
    if (gone) return this.end(watch, held, request, gone);
    const at = this.ctx.now();
    const recheck = await recheckAfterFix(this.ctx, this.diagnoser, watch.org, watch.check, watch.requestId);
    const result = stepResult(recheck.ok ? recheck.verdict : undefined);
    const decision = decideWatchStep({
      startedAt: watch.startedAt,
      position: watch.position,
      at,
      result,
      previous: watch.lastResult as StepResult | undefined,
    });
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
    if (!(await store.updateWatch(watch.id, held, patch))) {
      // This step took longer than its lease and another replica took it up: that one reports it.
      logger.warn(
        { watchId: watch.id, approvalId: watch.requestId, position: watch.position },
        'propagation watch step lost to another replica',
      );
      return undefined;
    }
    const updated = (await store.getWatch(watch.id))!;
    logger.info(
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
    if (decision.kind !== 'continue') await this.finish(updated, request, decision);
    return { watch: updated, ...(request ? { request } : {}), recheck, result, decision };
  }

  /**
   * Why a watch cannot go on, if it cannot: its org is no longer configured, or no longer allows the channel its
   * messages are in (a restart with another config). Re-checking would only repeat "Unknown org".
   */
  private endReason(watch: PropagationWatch, request: ApprovalRequest | undefined): string | undefined {
    const org = this.ctx.config.orgs.get(watch.org);
    if (!org) return `the org ${watch.org} is no longer configured`;
    const channel = request?.thread?.channel;
    const allowed = [...org.channels, ...this.ctx.config.allowedChannels];
    if (channel && org.channels.length > 0 && !allowed.includes(channel))
      return `the org ${watch.org} no longer allows the channel ${channel}`;
    return undefined;
  }

  /** Ends a watch that cannot go on, once (the claim and the conditional update): audited, with its reason. */
  private async end(
    watch: PropagationWatch,
    held: { position: number; owner: string },
    request: ApprovalRequest | undefined,
    reason: string,
  ): Promise<WatchStep | undefined> {
    const { store, logger } = this.ctx;
    const at = this.ctx.now();
    const seconds = Math.max(0, Math.round((at - watch.startedAt) / 1000));
    const patch: WatchPatch = {
      status: 'gave-up',
      resultSeconds: seconds,
      leaseUntil: null,
      lastCheckedAt: at,
      lastResult: 'error',
    };
    if (!(await store.updateWatch(watch.id, held, patch))) return undefined;
    const updated = (await store.getWatch(watch.id))!;
    logger.warn({ org: watch.org, approvalId: watch.requestId, watchId: watch.id, reason }, 'propagation watch ended');
    await store.appendAudit({
      org: watch.org,
      actor: 'system',
      action: 'propagation',
      requestId: watch.requestId,
      ...(request
        ? { target: request.plan.target, summary: request.plan.summary, plan: request.plan }
        : { summary: `fix request ${watch.requestId}` }),
      result: `ended after ${seconds} s: ${reason}`,
    });
    return {
      watch: updated,
      ...(request ? { request } : {}),
      recheck: { ok: false, message: `Watch ended: ${reason}.` },
      result: 'error',
      decision: { kind: 'gave-up', seconds },
      ended: reason,
    };
  }

  /** Running watches whose step is due and that nobody holds (their replica stopped): what upkeep takes up. */
  due(): Promise<PropagationWatch[]> {
    return this.ctx.store.dueWatches(this.ctx.now());
  }

  get(watchId: string): Promise<PropagationWatch | undefined> {
    return this.ctx.store.getWatch(watchId);
  }

  /** A fix was applied with a change: one watch for it (held by this process), and its step 0 now. */
  async start(
    request: ApprovalRequest,
    appliedAt: number,
  ): Promise<{ recheck: Recheck; watch: PropagationWatch } | undefined> {
    const { watch: _flag, ...check } = request.verdictRef.check;
    const created = await this.ctx.store.createWatch({
      id: this.ctx.newId(),
      requestId: request.id,
      org: request.org,
      check: { ...check, fresh: true },
      startedAt: appliedAt,
      nextRunAt: appliedAt,
      leaseOwner: this.owner,
      leaseUntil: this.ctx.now() + WATCH_STEP_LEASE_MS,
    });
    if (!created) return undefined;
    const step = await this.runStep(created.id);
    return step ? { recheck: step.recheck, watch: step.watch } : undefined;
  }

  private async finish(
    watch: PropagationWatch,
    request: ApprovalRequest | undefined,
    decision: Exclude<WatchDecision, { kind: 'continue' }>,
  ): Promise<void> {
    const rechecks = `${watch.checks} re-check${watch.checks === 1 ? '' : 's'}`;
    const result =
      decision.kind === 'passed'
        ? decision.afterInPlace
          ? `in place, then passed after ${decision.seconds} s, past the documented five minutes (${rechecks})`
          : `took effect after ${decision.seconds} s (${rechecks})`
        : `gave up after ${decision.seconds} s: still ${watch.lastResult === 'error' ? 'not re-checkable' : (watch.lastResult ?? 'refused')} (${rechecks})`;
    this.ctx.metrics?.recordPropagation(decision.kind, decision.seconds);
    this.ctx.logger.info(
      {
        org: watch.org,
        approvalId: watch.requestId,
        watchId: watch.id,
        outcome: decision.kind,
        seconds: decision.seconds,
      },
      'propagation watch finished',
    );
    await this.ctx.store.appendAudit({
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
}
