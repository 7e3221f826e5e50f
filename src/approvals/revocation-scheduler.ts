/**
 * Time-bound grants: takes back each scheduled grant when it falls due. The schedule lives in the store, so
 * it survives restarts: start() first processes everything already due, then checks every `intervalMs`.
 * Several replicas may run a scheduler; claimRevocation() lets exactly one act on each revocation, and a
 * claim that is never finished (the replica died) lapses after `leaseMs` and is retried.
 */
import type { Logger } from 'pino';
import type { AppConfig } from '../config/types';
import { revocationGrantLabel, type ScheduledRevocation, type ThreadRef } from '../fixes/types';
import type { FixApiSource } from '../fixes/apis';
import { FixExecutor } from '../fixes/executor';
import { grantsSame } from '../fixes/plan';
import type { ApprovalRequestStore, AuditLog, RevocationStore } from './ports';

export interface RevocationEvent {
  revocation: ScheduledRevocation;
  /**
   * revoked: the grant was removed; already-gone: someone removed it first; failed: it is still there (retried
   * later, unless `final`).
   */
  outcome: 'revoked' | 'already-gone' | 'failed';
  detail: string;
  thread?: ThreadRef;
  /** Failures only: which attempt this was. */
  attempt?: number;
  /** Failures only: no further attempt will be made; the grant must be removed by hand. */
  final?: boolean;
}

export interface RevocationSchedulerOptions {
  store: RevocationStore & AuditLog & Pick<ApprovalRequestStore, 'getApproval' | 'listApprovals'>;
  config: AppConfig;
  apis: FixApiSource;
  logger: Logger;
  now?: () => number;
  /** How often to look for due revocations. Default one minute. */
  intervalMs?: number;
  /** How long one replica holds a revocation it is working on. Default 15 minutes. */
  leaseMs?: number;
  /** Attempts at a revocation Genesys keeps refusing before it is given up as failed. Default 5. */
  maxAttempts?: number;
  /**
   * Told of revocations handled (the Slack layer announces it in the request's thread): every success, but of a
   * revocation that keeps failing only the first failure and the final give-up, not every retry.
   */
  onRevoked?: (event: RevocationEvent) => void | Promise<void>;
}

/** Internal: an event, and whether to tell onRevoked of it. */
type Handled = { event: RevocationEvent; announce: boolean } | undefined;

export class RevocationScheduler {
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<RevocationEvent[]> | undefined;

  constructor(private readonly options: RevocationSchedulerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Processes everything already due (a restart catches up), then keeps checking. */
  async start(): Promise<RevocationEvent[]> {
    const events = await this.runDue();
    if (!this.timer) {
      this.timer = setInterval(
        () => void this.runDue().catch((error: unknown) => this.logError(error)),
        this.options.intervalMs ?? 60_000,
      );
      this.timer.unref();
    }
    return events;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One pass over what is due now. Overlapping calls share one pass. */
  runDue(): Promise<RevocationEvent[]> {
    if (!this.running) {
      this.running = this.pass().finally(() => {
        this.running = undefined;
      });
    }
    return this.running;
  }

  private async pass(): Promise<RevocationEvent[]> {
    const { store } = this.options;
    const events: RevocationEvent[] = [];
    for (const revocation of await store.dueRevocations(this.now())) {
      if (!(await store.claimRevocation(revocation.id, this.options.leaseMs ?? 15 * 60_000))) continue;
      const handled = await this.revoke(revocation);
      if (!handled) continue;
      events.push(handled.event);
      if (!handled.announce) continue;
      try {
        await this.options.onRevoked?.(handled.event);
      } catch (error) {
        this.logError(error);
      }
    }
    return events;
  }

  private async revoke(revocation: ScheduledRevocation): Promise<Handled> {
    const { store, config } = this.options;
    const { grant } = revocation;
    const label = revocationGrantLabel(grant);
    const base = { revocation, ...(revocation.thread ? { thread: revocation.thread } : {}) };
    const org = config.orgs.get(revocation.org);
    const apis = org ? this.options.apis.forOrg(org) : undefined;
    if (!org || !apis) {
      const detail = `Could not revoke ${label}: org ${revocation.org} has no fixer credentials configured any more; remove the grant by hand`;
      await store.finishRevocation(revocation.id, 'failed', detail);
      await this.audit(revocation, 'revocation-failed', detail, 'no fixer credentials');
      return { event: { ...base, outcome: 'failed', detail, final: true }, announce: true };
    }
    // A permanent grant of the same role made after this time bound was set (e.g. "Grant" after "Grant for 8 h")
    // must not be taken back with it.
    const permanent = await this.permanentGrantSince(revocation);
    if (permanent) {
      const detail = `Not revoking ${label}: superseded by a permanent grant (request ${permanent.id})`;
      // Not announced: the permanent grant's own outcome already said the time bound no longer applies.
      if (await store.finishRevocation(revocation.id, 'done', detail))
        await this.audit(revocation, 'revocation-superseded', detail, 'superseded');
      return undefined;
    }
    const result = await new FixExecutor(apis, this.now).revokeGrant(grant);
    if (!result.ok) {
      const maxAttempts = Math.max(1, this.options.maxAttempts ?? 5);
      const attempt = (await this.failedAttempts(revocation)) + 1;
      if (attempt >= maxAttempts) {
        const detail = `Gave up revoking ${label} after ${attempt} failed attempts (last: ${result.reason}); remove the grant by hand`;
        await store.finishRevocation(revocation.id, 'failed', detail);
        await this.audit(revocation, 'revocation-failed', detail, result.reason);
        return { event: { ...base, outcome: 'failed', detail, attempt, final: true }, announce: true };
      }
      // Left `running`: the lease lapses and a later pass (here or on another replica) tries again. Only the
      // first failure is announced; every attempt is audited (the audit log is what counts the attempts).
      const detail = `Could not revoke ${label} yet: ${result.reason}; will retry (attempt ${attempt} of ${maxAttempts})`;
      await this.audit(revocation, 'revocation-failed', detail, result.reason);
      return { event: { ...base, outcome: 'failed', detail, attempt }, announce: attempt === 1 };
    }
    const detail =
      result.result === 'changed'
        ? `Revoked ${label}: its time bound ran out`
        : `Nothing to revoke: ${label} was already removed`;
    await store.finishRevocation(revocation.id, 'done', detail);
    await this.audit(revocation, 'revoked', detail, result.result);
    return {
      event: { ...base, outcome: result.result === 'changed' ? 'revoked' : 'already-gone', detail },
      announce: true,
    };
  }

  /** Earlier failed attempts at this revocation, counted from the audit log (the store keeps no counter). */
  private async failedAttempts(revocation: ScheduledRevocation): Promise<number> {
    const entries = await this.options.store.listAudit({ org: revocation.org, since: revocation.createdAt });
    return entries.filter((e) => e.action === 'revocation-failed' && e.requestId === revocation.requestId).length;
  }

  /**
   * An applied permanent grant of the same role/division to the same target, applied since the time-bound grant
   * was (or since this revocation was scheduled, whichever is earlier: a revocation scheduled late by the repair in
   * ApprovalService.repairRevocations is younger than the grant it takes back).
   */
  private async permanentGrantSince(revocation: ScheduledRevocation): Promise<{ id: string } | undefined> {
    const { store } = this.options;
    const timeBound = await store.getApproval(revocation.requestId);
    const grantedAt =
      timeBound?.result?.status === 'applied'
        ? Math.min(timeBound.result.at, revocation.createdAt)
        : revocation.createdAt;
    const applied = await store.listApprovals({ org: revocation.org, states: ['applied'] });
    return applied.find(
      (r) =>
        r.id !== revocation.requestId &&
        r.ttlHours === undefined &&
        r.updatedAt >= grantedAt &&
        grantsSame(r.plan, revocation.grant),
    );
  }

  private async audit(revocation: ScheduledRevocation, action: string, summary: string, result: string): Promise<void> {
    await this.options.store.appendAudit({
      org: revocation.org,
      actor: 'system',
      action,
      requestId: revocation.requestId,
      target: revocation.grant.target,
      summary,
      before: { roleId: revocation.grant.roleId, divisionId: revocation.grant.divisionId },
      result,
    });
  }

  private logError(error: unknown): void {
    this.options.logger.error({ err: error }, 'revocation pass failed');
  }
}
