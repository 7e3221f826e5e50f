/**
 * Time-bound grants: takes back each scheduled grant when it falls due. The schedule lives in the store, so
 * it survives restarts: start() first processes everything already due, then checks every `intervalMs`.
 * Several replicas may run a scheduler; claimRevocation() lets exactly one act on each revocation, and a
 * claim that is never finished (the replica died) lapses after `leaseMs` and is retried.
 */
import type { Logger } from 'pino';
import type { AppConfig } from '../config/types';
import type { ScheduledRevocation, Store, ThreadRef } from '../store/types';
import type { FixApiSource } from './apis';
import { FixExecutor } from './executor';

export interface RevocationEvent {
  revocation: ScheduledRevocation;
  /** revoked: the grant was removed; already-gone: someone removed it first; failed: it is still there (retried later). */
  outcome: 'revoked' | 'already-gone' | 'failed';
  detail: string;
  thread?: ThreadRef;
}

export interface RevocationSchedulerOptions {
  store: Store;
  config: AppConfig;
  apis: FixApiSource;
  logger: Logger;
  now?: () => number;
  /** How often to look for due revocations. Default one minute. */
  intervalMs?: number;
  /** How long one replica holds a revocation it is working on. Default 15 minutes. */
  leaseMs?: number;
  /** Told of every revocation handled (the Slack layer announces it in the request's thread). */
  onRevoked?: (event: RevocationEvent) => void | Promise<void>;
}

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
      this.timer = setInterval(() => void this.runDue().catch((error: unknown) => this.logError(error)), this.options.intervalMs ?? 60_000);
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
      const event = await this.revoke(revocation);
      events.push(event);
      try {
        await this.options.onRevoked?.(event);
      } catch (error) {
        this.logError(error);
      }
    }
    return events;
  }

  private async revoke(revocation: ScheduledRevocation): Promise<RevocationEvent> {
    const { store, config } = this.options;
    const { grant } = revocation;
    const label = `${grant.roleName ? `role "${grant.roleName}"` : `role ${grant.roleId}`} in division ${grant.divisionId} from ${grant.target.kind === 'user' ? 'user' : 'OAuth client'} ${grant.target.id}`;
    const base = { revocation, ...(revocation.thread ? { thread: revocation.thread } : {}) };
    const org = config.orgs.get(revocation.org);
    const apis = org ? this.options.apis.forOrg(org) : undefined;
    if (!org || !apis) {
      const detail = `Could not revoke ${label}: org ${revocation.org} has no fixer credentials configured any more; remove the grant by hand`;
      await store.finishRevocation(revocation.id, 'failed', detail);
      await this.audit(revocation, 'revocation-failed', detail, 'no fixer credentials');
      return { ...base, outcome: 'failed', detail };
    }
    const result = await new FixExecutor(apis, this.now).revokeGrant(grant);
    if (!result.ok) {
      // Left `running`: the lease lapses and a later pass (here or on another replica) tries again.
      const detail = `Could not revoke ${label} yet: ${result.reason}; will retry`;
      await this.audit(revocation, 'revocation-failed', detail, result.reason);
      return { ...base, outcome: 'failed', detail };
    }
    const detail = result.result === 'changed' ? `Revoked ${label}: its time bound ran out` : `Nothing to revoke: ${label} was already removed`;
    await store.finishRevocation(revocation.id, 'done', detail);
    await this.audit(revocation, 'revoked', detail, result.result);
    return { ...base, outcome: result.result === 'changed' ? 'revoked' : 'already-gone', detail };
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
    this.options.logger.error({ err: { message: (error as Error).message } }, 'revocation pass failed');
  }
}
