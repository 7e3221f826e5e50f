/**
 * The notification lease's heartbeat: while a claim tells Slack (the live path, a hand-off, the outbox), it renews
 * its lease every heartbeat, so Slack calls that take longer than the lease in total never let another pass take
 * the lease and tell the same state again; a holder that died stops renewing, and its lease lapses `leaseMs` after
 * its last beat.
 */
import type { Logger } from 'pino';
import type { ApprovalRequest } from '../approvals/types';
import type { Store } from '../store/types';

/** How often a claim renews its lease while it tells Slack: a quarter of the approval flow's 60 s lease. */
export const NOTIFY_HEARTBEAT_MS = 15_000;

export interface LeaseHeartbeat {
  store: Pick<Store, 'renewNotification'>;
  logger: Logger;
  /** Default NOTIFY_HEARTBEAT_MS (tests shorten it). */
  leaseHeartbeatMs?: number;
  leaseMs: number;
}

/**
 * Runs `work` under `lease`, renewing it every `leaseHeartbeatMs` until `work` settles. A renewal that finds the lease gone
 * (taken over after the store failed to renew it in time) is logged: the new holder tells Slack too.
 */
export async function whileLeaseHeld<T>(
  beat: LeaseHeartbeat,
  request: Pick<ApprovalRequest, 'id' | 'state'>,
  lease: string,
  work: () => Promise<T>,
): Promise<T> {
  const { store, logger } = beat;
  let lost = false;
  let settled = false;
  const timer = setInterval(() => {
    store.renewNotification(request.id, lease, beat.leaseMs).then(
      (held) => {
        // A beat answered after `work` settled finds the lease recorded or given back: not a loss.
        if (!held && !lost && !settled) {
          lost = true;
          logger.warn(
            { approvalId: request.id, state: request.state },
            'lost the notification lease while telling Slack',
          );
        }
      },
      (error: unknown) => logger.warn({ approvalId: request.id, err: error }, 'could not renew the notification lease'),
    );
  }, beat.leaseHeartbeatMs ?? NOTIFY_HEARTBEAT_MS);
  timer.unref();
  try {
    return await work();
  } finally {
    settled = true;
    clearInterval(timer);
  }
}
