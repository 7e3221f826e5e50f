/**
 * The notification lease of approval requests, as the approval flow uses it: every path that tells Slack of a
 * request's state (the live path, a hand-off, the outbox) first takes the lease for that state
 * (store.claimNotification), renews it while it works (lease-heartbeat.ts), and records the state as told only when
 * all of it was done (store.markNotified); otherwise it gives the lease back for the next try. Whoever does not get
 * the lease says nothing.
 */
import type { Logger } from 'pino';
import type { ApprovalRequest } from '../approvals/types';
import type { Store } from '../store/types';
import { whileLeaseHeld } from './lease-heartbeat';

/**
 * How long the live path or the outbox holds a request's notification while it tells Slack: more than the few
 * Slack calls it makes take (each bounded by web-api-bounds.ts), and short enough that what a killed process was
 * telling is told by the restart's next upkeep pass (60 s), so within 90 s.
 */
export const NOTIFY_LEASE_MS = 60_000;

type LeaseStore = Pick<Store, 'claimNotification' | 'markNotified' | 'releaseNotification' | 'renewNotification'>;

export class NotificationLeases {
  /** This replica's name on notification leases (each claim adds its own number). */
  private readonly owner = `flow-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  private claims = 0;

  constructor(
    private readonly deps: {
      store: LeaseStore;
      logger: Logger;
      /** How often a claim that is telling Slack renews its lease (lease-heartbeat.ts). */
      leaseHeartbeatMs?: number | undefined;
    },
  ) {}

  /** The lease for the request's current state, or undefined when another pass holds it or told it already. */
  async take(request: ApprovalRequest): Promise<string | undefined> {
    const lease = this.name();
    return (await this.deps.store.claimNotification(request.id, request.state, lease, NOTIFY_LEASE_MS))
      ? lease
      : undefined;
  }

  /** Runs `work` while renewing the lease. */
  hold<T>(request: ApprovalRequest, lease: string, work: () => Promise<T>): Promise<T> {
    const { store, logger, leaseHeartbeatMs } = this.deps;
    return whileLeaseHeld(
      { store, logger, leaseMs: NOTIFY_LEASE_MS, ...(leaseHeartbeatMs !== undefined ? { leaseHeartbeatMs } : {}) },
      request,
      lease,
      work,
    );
  }

  /**
   * The live path: tells Slack of the request's current state under its lease (take → show → record): `show` does
   * the telling and says whether all of it was done. False, and nothing shown, when another pass holds the lease,
   * told it already, or the store failed (the outbox tells it then).
   */
  async tell(request: ApprovalRequest, show: () => Promise<boolean>): Promise<boolean> {
    const lease = await this.takeOrLog(request);
    if (!lease) return false;
    await this.record(request, lease, await this.hold(request, lease, show));
    return true;
  }

  /** One try of a handed-off telling: 'held' while another claim still holds the lease (or it was told already). */
  async takeOver(request: ApprovalRequest, show: () => Promise<boolean>): Promise<'told' | 'held' | 'failed'> {
    try {
      const lease = await this.take(request);
      if (!lease) return 'held';
      this.deps.logger.info(
        { approvalId: request.id, state: request.state },
        'took over telling Slack about a request',
      );
      await this.record(request, lease, await this.hold(request, lease, show));
      return 'told';
    } catch (error) {
      // The outbox's next pass tries again.
      this.deps.logger.warn({ approvalId: request.id, err: error }, 'could not tell Slack about a request');
      return 'failed';
    }
  }

  /** A name for one notification claim: markNotified takes only the claim that holds the lease. */
  private name(): string {
    this.claims += 1;
    return `${this.owner}-${this.claims}`;
  }

  private async takeOrLog(request: ApprovalRequest): Promise<string | undefined> {
    try {
      const lease = await this.take(request);
      if (lease) return lease;
      this.deps.logger.info(
        { approvalId: request.id, state: request.state },
        'another pass is telling Slack about this request',
      );
    } catch (error) {
      this.deps.logger.warn({ approvalId: request.id, err: error }, 'could not take the notification lease');
    }
    return undefined;
  }

  /**
   * Slack shows this request's state now, when all of it was `done`; otherwise nothing is recorded and the lease
   * is given back, for the next step of the live path or the outbox's next pass. A failure to record it only means
   * the outbox may say it again.
   */
  private async record(request: ApprovalRequest, lease: string, done: boolean): Promise<void> {
    const { store, logger } = this.deps;
    try {
      if (done) {
        await store.markNotified(request.id, request.state, lease);
        return;
      }
      logger.warn(
        { approvalId: request.id, state: request.state },
        'Slack did not take everything about a request; the notification outbox tries again',
      );
      await store.releaseNotification(request.id, lease);
    } catch (error) {
      logger.warn({ approvalId: request.id, err: error }, 'could not record what Slack was told');
    }
  }
}
