/**
 * Decisions on fix requests: approve (→ approved → applying → applied | failed), deny, and expiry. Every transition
 * is one conditional write in the store, so of any number of concurrent clicks (on any replica) exactly one moves a
 * request on, and only the caller that moved it to `applying` touches Genesys. After a fix is applied the check
 * runs again with `fresh` (the first step of its propagation watch when it changed something).
 */
import type { OrgConfig } from '../config/types';
import { FixExecutor } from '../fixes/executor';
import type { ApplyResult, FixPlan } from '../fixes/plan';
import type { Approvers } from './approvers';
import type { ApprovalContext } from './ledger';
import { whileApplying } from './recovery';
import { isTimeBound, type GrantRevocations } from './revocations';
import type { ApprovalRequest, ApprovalState, DecisionOutcome, DecisionRefusal, DecisionRefusalCode } from './types';
import { type Diagnoser, type PropagationWatches, recheckAfterFix } from './propagation-watches';
import { decisionRefusalText } from './wording';

export interface DecisionDeps {
  approvers: Approvers;
  revocations: GrantRevocations;
  watches: PropagationWatches;
  diagnoser: Diagnoser;
  applyHeartbeatMs: number;
}

export class Decisions {
  constructor(
    private readonly ctx: ApprovalContext,
    private readonly deps: DecisionDeps,
  ) {}

  async approve(requestId: string, approverSlackId: string): Promise<DecisionOutcome> {
    const { store, ledger } = this.ctx;
    const checked = await this.decidable(requestId, approverSlackId);
    if (!checked.ok) return checked;
    const { request, org } = checked;

    if (!(await store.transition(request.id, ['pending'], 'approved', { decidedBy: approverSlackId })))
      return this.lost(request.id);
    await ledger.audit(request, 'approved', approverSlackId, { result: 'approved' });
    await ledger.announce(request.id);
    // Only the caller that moved the request to `applying` may touch Genesys.
    if (!(await store.transition(request.id, ['approved'], 'applying'))) return this.lost(request.id);
    const result = await whileApplying(this.ctx, request.id, this.deps.applyHeartbeatMs, async () => {
      await ledger.audit(request, 'applying', approverSlackId, { result: 'applying' });
      await ledger.announce(request.id);
      return this.applyPlan(org, request.plan);
    });
    // A time-bound grant that changed something: its revocation is stored before the request is stored `applied`,
    // so no kill -9 or store error from here on can leave it applied without one (a request left `applying` is
    // reconciled, and reconcile finds this row). A failed apply or a no-op (the grant was there before) gets none.
    const revocation =
      result.status === 'applied' && result.result === 'changed' && isTimeBound(request)
        ? await this.deps.revocations.schedule(request, request.plan, result.at)
        : undefined;
    const final: ApprovalState = result.status === 'applied' ? 'applied' : 'failed';
    const patch = result.status === 'applied' ? { result } : { result, reason: result.reason };
    const stored = await store.transition(request.id, ['applying'], final, patch);
    if (!stored) this.ctx.logger.warn({ approvalId: request.id }, 'request left applying before the result was stored');
    await ledger.audit(request, final, approverSlackId, {
      before: result.before,
      after: result.status === 'applied' ? result.after : undefined,
      result:
        result.status === 'applied'
          ? result.result
          : `refused: ${result.reason}${result.detail ? ` (${result.detail})` : ''}`,
    });
    if (stored) await ledger.announce(request.id);
    const current = (await store.getApproval(request.id)) ?? { ...request, state: final };

    if (result.status === 'failed')
      return { ok: true, kind: 'failed', request: current, reason: result.reason, result };

    let applied = result;
    if (request.ttlHours === undefined && request.plan.kind === 'grant-role') {
      // A permanent grant: a time bound set on the same grant earlier no longer applies.
      const superseded = await this.deps.revocations.supersede(request);
      if (superseded) applied = { ...result, detail: `${result.detail} ${superseded}` };
    }
    // A change was made: the re-check is step 0 of its propagation watch. A no-op (it was already in place) has no
    // time to effect to measure: one re-check.
    const started = result.result === 'changed' ? await this.deps.watches.start(request, result.at) : undefined;
    const recheck =
      started?.recheck ??
      (await recheckAfterFix(this.ctx, this.deps.diagnoser, request.org, request.verdictRef.check, request.id));
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
    const { store, ledger } = this.ctx;
    const checked = await this.decidable(requestId, approverSlackId);
    if (!checked.ok) return checked;
    const trimmed = reason?.trim().slice(0, 500);
    const patch = { decidedBy: approverSlackId, ...(trimmed ? { reason: trimmed } : {}) };
    if (!(await store.transition(checked.request.id, ['pending'], 'denied', patch)))
      return this.lost(checked.request.id);
    await ledger.audit(checked.request, 'denied', approverSlackId, {
      result: trimmed ? `denied: ${trimmed}` : 'denied',
    });
    await ledger.announce(checked.request.id);
    const request = (await store.getApproval(checked.request.id))!;
    return { ok: true, kind: 'denied', request };
  }

  /** Pending requests past their expiry become `expired`. Returns those this call expired. */
  async expireDue(now = this.ctx.now()): Promise<ApprovalRequest[]> {
    const expired: ApprovalRequest[] = [];
    for (const request of await this.ctx.store.listApprovals({ states: ['pending'] })) {
      if (request.expiresAt > now) continue;
      if (await this.expire(request)) expired.push((await this.ctx.store.getApproval(request.id))!);
    }
    return expired;
  }

  /** A pending request becomes `expired` (audited, announced); false when it was no longer pending. */
  async expire(request: ApprovalRequest): Promise<boolean> {
    if (!(await this.ctx.store.transition(request.id, ['pending'], 'expired'))) return false;
    await this.ctx.ledger.audit(request, 'expired', 'system', { result: 'expired' });
    await this.ctx.ledger.announce(request.id);
    return true;
  }

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
    const request = await this.ctx.store.getApproval(requestId);
    if (!request) return refusal('unknown-request');
    if (request.requesterSlackId === approverSlackId) {
      return refusal('self-approval', request);
    }
    const org = this.ctx.config.orgs.get(request.org);
    if (!org || !(await this.deps.approvers.includes(org, approverSlackId))) {
      return refusal('not-an-approver', request);
    }
    if (request.state !== 'pending') return refusal('not-pending', request);
    if (request.expiresAt <= this.ctx.now()) {
      await this.expire(request);
      const current = (await this.ctx.store.getApproval(request.id)) ?? request;
      return refusal(current.state === 'expired' ? 'expired' : 'not-pending', current);
    }
    return { ok: true, request, org };
  }

  /** The caller lost a race: say what the request is now. */
  private async lost(requestId: string): Promise<DecisionRefusal> {
    const current = await this.ctx.store.getApproval(requestId);
    if (!current) return refusal('unknown-request');
    return refusal(current.state === 'expired' ? 'expired' : 'not-pending', current);
  }

  private async applyPlan(org: OrgConfig, plan: FixPlan): Promise<ApplyResult> {
    const apis = this.ctx.apis.forOrg(org);
    if (!apis)
      return {
        status: 'failed',
        reason: `fixer credentials are no longer configured for ${org.name}`,
        at: this.ctx.now(),
      };
    try {
      return await new FixExecutor(apis, this.ctx.now).apply(plan);
    } catch (error) {
      // A bug, not an API answer: record it as a failure rather than leave the request `applying`.
      this.ctx.logger.error({ org: org.name, err: error }, 'applying a fix threw');
      return {
        status: 'failed',
        reason: 'internal error while applying; check the target before trying again',
        at: this.ctx.now(),
      };
    }
  }
}

/** Plain text (no Slack markup): the Slack layer words it the same way with mentions, from `code` and `request`. */
function refusal(code: DecisionRefusalCode, request?: ApprovalRequest): DecisionRefusal {
  return { ok: false, code, message: decisionRefusalText(code, request), ...(request ? { request } : {}) };
}
