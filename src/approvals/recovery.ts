/**
 * Crash recovery: the process applying a fix marks the request alive every heartbeat (whileApplying); requests left
 * `approved` or `applying` by a process that stopped (nothing has marked them alive for the grace) are resolved by
 * reading the target, never by applying again. Done → applied; not done → failed with the reason.
 */
import { FixExecutor } from '../fixes/executor';
import { CHANGED_SINCE_CHECK, type ApplyResult } from '../fixes/plan';
import { HOUR_MS, type ApprovalContext } from './ledger';
import { isTimeBound, type GrantRevocations } from './revocations';
import type { ApprovalRequest, ReconcileOutcome } from './types';

/** How often the process applying a fix marks the request alive (moves its updatedAt). */
export const APPLY_HEARTBEAT_MS = 10_000;
/**
 * reconcile() takes a request as abandoned once nobody has marked it alive for this long: several heartbeats, and
 * more than one Genesys call's retry budget (20 s), so a write sent by a killed process has had its deadline pass.
 */
export const RECONCILE_GRACE_MS = 45_000;

/**
 * Runs the apply while marking the request alive every heartbeat, so reconcile() elsewhere (another replica, or
 * this process restarted after a kill) tells a slow apply from an abandoned one by a short grace, not a long guess.
 */
export async function whileApplying<T>(
  ctx: ApprovalContext,
  requestId: string,
  heartbeatMs: number,
  apply: () => Promise<T>,
): Promise<T> {
  let finished = false;
  const beat = async () => {
    const alive = await ctx.store.transition(requestId, ['applying'], 'applying');
    if (!alive && !finished)
      ctx.logger.warn({ approvalId: requestId }, 'request left applying while this process applied it');
  };
  const heartbeat = setInterval(
    () =>
      void beat().catch((error: unknown) =>
        ctx.logger.warn({ approvalId: requestId, err: error }, 'marking the request alive failed'),
      ),
    heartbeatMs,
  );
  heartbeat.unref();
  try {
    return await apply();
  } finally {
    finished = true;
    clearInterval(heartbeat);
  }
}

export class Recovery {
  constructor(
    private readonly ctx: ApprovalContext,
    private readonly revocations: GrantRevocations,
    private readonly graceMs: number,
  ) {}

  /**
   * Requests left `approved` or `applying` by a process that stopped (nothing has marked them alive for the grace)
   * are resolved by reading the target, never by applying again. Done → applied; not done → failed with the reason.
   * Runs at start-up, when the grace of what a killed process left ends, and on every upkeep pass.
   */
  async reconcile(): Promise<ReconcileOutcome[]> {
    const stale = await this.ctx.store.listApprovals({
      states: ['approved', 'applying'],
      updatedBefore: this.ctx.now() - this.graceMs + 1,
    });
    const outcomes: ReconcileOutcome[] = [];
    for (const request of stale) {
      const resolved = await this.reconcileOne(request);
      if (resolved) outcomes.push(resolved);
    }
    await this.revocations
      .repair(this.graceMs)
      .catch((error: unknown) => this.ctx.logger.error({ err: error }, 'repairing missing revocations failed'));
    return outcomes;
  }

  /**
   * When reconcile() would first take up a request left approved/applying, if nothing marks it alive before then;
   * undefined when there is none. Lets a restarted process resolve what a killed one left without waiting a whole
   * upkeep interval.
   */
  async nextReconcileAt(): Promise<number | undefined> {
    const open = await this.ctx.store.listApprovals({ states: ['approved', 'applying'] });
    if (open.length === 0) return undefined;
    return Math.min(...open.map((request) => request.updatedAt)) + this.graceMs;
  }

  private async reconcileOne(request: ApprovalRequest): Promise<ReconcileOutcome | undefined> {
    const { store, ledger } = this.ctx;
    const fail = async (reason: string): Promise<ReconcileOutcome | undefined> => {
      const result: ApplyResult = { status: 'failed', reason, at: this.ctx.now() };
      if (!(await store.transition(request.id, [request.state], 'failed', { reason, result }))) return undefined;
      await ledger.audit(request, 'failed', 'system', {
        result: `reconciled after the process handling it stopped: ${reason}`,
      });
      await ledger.announce(request.id);
      return { request: (await store.getApproval(request.id))!, resolution: 'failed', reason };
    };
    if (request.state === 'approved')
      return fail('interrupted before applying; nothing was changed; request the fix again');

    const org = this.ctx.config.orgs.get(request.org);
    const apis = org ? this.ctx.apis.forOrg(org) : undefined;
    if (!apis)
      return fail(
        'interrupted while applying, and the org has no fixer credentials to check the target; check it by hand',
      );
    if (request.plan.kind === 'refresh-credentials') {
      return fail(
        'interrupted while refreshing credentials; could not confirm it finished; refreshing again is safe, request it again',
      );
    }
    const inspection = await new FixExecutor(apis, this.ctx.now).inspect(request.plan);
    switch (inspection.kind) {
      case 'done': {
        // planFix refused this request if the grant already existed, and only one open request per change is
        // allowed, so a grant in place now was made by this request: its time bound applies, counted from the
        // applying process's last heartbeat (updatedAt; at most APPLY_HEARTBEAT_MS before it stopped).
        // A revocation the applying process scheduled before it stopped (approve() does so before storing
        // `applied`) stands, and says when the grant was applied.
        const timeBound = isTimeBound(request);
        const [scheduled] = timeBound ? await store.revocationsForRequest(request.id) : [];
        const appliedAt = scheduled
          ? scheduled.dueAt - request.ttlHours! * HOUR_MS
          : Math.min(request.updatedAt, this.ctx.now());
        const dueAt = timeBound ? appliedAt + request.ttlHours! * HOUR_MS : undefined;
        const detail =
          'Confirmed after the process applying it stopped: the target is in the wanted state' +
          (dueAt !== undefined
            ? `; made by this request, so its time bound applies: revoked automatically at ${new Date(dueAt).toISOString()} (${request.ttlHours} h after it was applied)`
            : '');
        const result: ApplyResult = { status: 'applied', result: 'changed', detail, after: undefined, at: appliedAt };
        if (!(await store.transition(request.id, ['applying'], 'applied', { result }))) return undefined;
        await ledger.audit(request, 'applied', 'system', {
          result: `reconciled after the process handling it stopped: ${detail}`,
        });
        await ledger.announce(request.id);
        const revocation = isTimeBound(request)
          ? await this.revocations.schedule(request, request.plan, appliedAt)
          : undefined;
        return {
          request: (await store.getApproval(request.id))!,
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
}
