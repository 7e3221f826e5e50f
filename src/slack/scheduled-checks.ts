/**
 * Scheduled checks as the app runs them: an OrgScheduler (src/schedule/scheduler.ts: one run per tick across the
 * replicas sharing the store) over every org with a `schedule:`, each run the org's default request without caches
 * through the Diagnoser, and each change of an org's overall status posted to that org's channels through the
 * status-change outbox (status-notices.ts: recorded as due first, a refused post tried again on the next pass). The composition root starts it after the app
 * and stops it (waiting for a poll in progress) in the SIGTERM drain, before the store closes.
 */
import { hostname } from 'node:os';
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/types';
import type { Diagnoser } from '../diagnosis/diagnose';
import { scheduledDrift } from '../approvals/drift';
import type { OrgMetrics } from '../org-metrics';
import { OrgScheduler, scheduledOrgs, scheduledRequest } from '../schedule/scheduler';
import type { Store } from '../store/types';
import { deliverStatusNotices, recordStatusChange, STATUS_RETRY_MS, type StatusNoticeDeps } from './status-notices';

export interface ScheduledChecksDeps {
  config: AppConfig;
  store: Store;
  diagnoser: Pick<Diagnoser, 'diagnose'>;
  /** Posts the status changes (the app's Web API client). */
  client: Pick<webApi.WebClient, 'chat' | 'conversations'>;
  logger: Logger;
  metrics?: OrgMetrics;
  /** This replica's name in tick claims (default host:pid). */
  owner?: string;
  now?: () => number;
  leaseMs?: number;
}

/** The scheduler, and the status-change outbox it feeds (status-notices.ts), retried while it runs. */
export class ScheduledChecks extends OrgScheduler {
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    schedulerDeps: ConstructorParameters<typeof OrgScheduler>[0],
    private readonly notices: StatusNoticeDeps,
  ) {
    super(schedulerDeps);
  }

  override start(pollMs?: number): void {
    super.start(pollMs);
    if (this.retryTimer) return;
    this.retryTimer = setInterval(() => void this.deliverStatusChanges(), STATUS_RETRY_MS);
    this.retryTimer.unref();
  }

  override async stop(): Promise<void> {
    if (this.retryTimer) clearInterval(this.retryTimer);
    this.retryTimer = undefined;
    await super.stop();
  }

  /** One outbox pass (also run after each change); never rejects. Returns how many were posted. */
  async deliverStatusChanges(): Promise<number> {
    return deliverStatusNotices(this.notices).catch((error: unknown) => {
      this.notices.logger.warn({ err: error }, 'status-change outbox pass failed; tried again on the next pass');
      return 0;
    });
  }
}

export function createScheduledChecks(deps: ScheduledChecksDeps): ScheduledChecks {
  const logger = deps.logger.child({ component: 'schedule' });
  const owner = deps.owner ?? `${hostname()}:${process.pid}`;
  const notices: StatusNoticeDeps = {
    store: deps.store,
    client: deps.client,
    logger,
    now: deps.now ?? Date.now,
    owner,
  };
  const scheduler: ScheduledChecks = new ScheduledChecks(
    {
      store: deps.store,
      orgs: () => scheduledOrgs(deps.config),
      run: (org) => deps.diagnoser.diagnose(scheduledRequest(org), 'schedule'),
      notify: async (change) => {
        const channels = deps.config.orgs.get(change.org)?.channels ?? [];
        if (channels.length === 0) {
          logger.info({ org: change.org, kind: change.kind }, 'status changed; the org has no channel to post to');
          return;
        }
        // Recorded as due first: a refused post stays due for the next pass.
        await recordStatusChange(notices, change, channels);
        logger.info(
          { org: change.org, kind: change.kind, from: change.from, to: change.to, channels: channels.length },
          'status change recorded; posting',
        );
        await scheduler.deliverStatusChanges();
      },
      // Orgs managed as code: a grant sr-check made live that is gone again (likely a terraform apply).
      explainChange: (org, facts) => scheduledDrift(deps.store, deps.config.orgs.get(org), facts),
      owner,
      logger,
      ...(deps.metrics ? { metrics: deps.metrics } : {}),
      ...(deps.now ? { now: deps.now } : {}),
      ...(deps.leaseMs !== undefined ? { leaseMs: deps.leaseMs } : {}),
    },
    notices,
  );
  return scheduler;
}
