/**
 * Time-bound grants from the approvals' side: a revocation is scheduled when such a grant is applied (before the
 * request is stored `applied`), repaired when a process stopped between the two writes, and superseded when a
 * permanent grant of the same role makes it moot. Taking grants back when they fall due is revocation-scheduler.ts.
 */
import type { FixPlan } from '../fixes/plan';
import { grantsSame } from '../fixes/plan';
import type { ScheduledRevocation } from '../fixes/types';
import { HOUR_MS, type ApprovalContext } from './ledger';
import type { ApprovalRequest } from './types';

type TimeBoundGrant = ApprovalRequest & { plan: Extract<FixPlan, { kind: 'grant-role' }>; ttlHours: number };

/** A role grant with a time bound: the only kind of request that schedules a revocation. */
export function isTimeBound(request: ApprovalRequest): request is TimeBoundGrant {
  return request.ttlHours !== undefined && request.plan.kind === 'grant-role';
}

export class GrantRevocations {
  constructor(private readonly ctx: ApprovalContext) {}

  /**
   * Schedules the revocation of a time-bound grant `ttlHours` after `appliedAt`, and audits it. At most one per
   * request: when one was scheduled already (by the process that applied it, before it stopped) that one stands.
   * `note` says why it is scheduled now, when that is not at the apply.
   */
  async schedule(
    request: ApprovalRequest,
    plan: Extract<FixPlan, { kind: 'grant-role' }>,
    appliedAt: number,
    note?: string,
  ): Promise<ScheduledRevocation> {
    const { store } = this.ctx;
    const [existing] = await store.revocationsForRequest(request.id);
    if (existing) return existing;
    const revocation = await store.scheduleRevocation({
      id: this.ctx.newId(),
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
    await this.ctx.ledger.audit(request, 'revocation-scheduled', 'system', {
      result: `${note ? `${note}: ` : ''}revoke at ${new Date(revocation.dueAt).toISOString()}`,
    });
    return revocation;
  }

  /**
   * A permanent grant was applied: time-bound revocations still scheduled for the same grant are finished as
   * superseded (those already due here; the scheduler skips the others when they fall due, see
   * RevocationScheduler). Returns a sentence for the outcome, or undefined when there were none.
   */
  async supersede(request: ApprovalRequest): Promise<string | undefined> {
    const { store } = this.ctx;
    // Every revocation still scheduled or running (being retried), whenever it falls due: the Store lists by due time.
    const open = (await store.dueRevocations(Number.MAX_SAFE_INTEGER)).filter(
      (r) => r.org === request.org && r.requestId !== request.id && grantsSame(request.plan, r.grant),
    );
    if (open.length === 0) return undefined;
    for (const revocation of open) {
      const detail = `superseded by a permanent grant (request ${request.id})`;
      // Only a due (or lapsed) revocation can be claimed; the scheduler skips any other when it next takes it up.
      if (
        (await store.claimRevocation(revocation.id, 60_000)) &&
        !(await store.finishRevocation(revocation.id, 'done', detail))
      )
        continue;
      await this.ctx.ledger.audit(request, 'revocation-superseded', 'system', {
        result: `the automatic revocation due ${new Date(revocation.dueAt).toISOString()} (from request ${revocation.requestId}) is cancelled: ${detail}`,
      });
    }
    const ids = [...new Set(open.map((r) => r.requestId))].join(', ');
    return `The automatic revocation of this grant scheduled by time-bound request ${ids} is cancelled: the grant stays.`;
  }

  /**
   * Time-bound grants stored `applied` that changed something but have no revocation (a process that stopped
   * between the two writes, before approve() scheduled the revocation first): each gets its revocation now, due
   * `ttlHours` after the grant was applied (already overdue: the scheduler's next pass revokes it), audited.
   * Part of reconcile(), so it runs at start-up and on every upkeep pass. Returns the revocations it scheduled.
   * `graceMs` keeps clear of a live process between the two writes.
   */
  async repair(graceMs: number): Promise<ScheduledRevocation[]> {
    const now = this.ctx.now();
    const repaired: ScheduledRevocation[] = [];
    // The grace keeps clear of a live process between the two writes (one of an earlier version, which scheduled after).
    for (const request of await this.ctx.store.timeBoundWithoutRevocation(now - graceMs + 1)) {
      const result = request.result;
      if (!isTimeBound(request) || result?.status !== 'applied' || result.result !== 'changed') continue;
      const dueAt = result.at + request.ttlHours * HOUR_MS;
      const overdue = dueAt <= now ? '; overdue, so it is revoked by the next scheduler pass' : '';
      const revocation = await this.schedule(
        request,
        request.plan,
        result.at,
        `scheduled late: the process that applied this time-bound grant stopped before scheduling its revocation${overdue}`,
      );
      this.ctx.logger.warn(
        { org: request.org, approvalId: request.id, dueAt: revocation.dueAt },
        'scheduled the missing revocation of a time-bound grant',
      );
      repaired.push(revocation);
    }
    return repaired;
  }
}
