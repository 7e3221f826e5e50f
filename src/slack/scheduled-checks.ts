/**
 * Scheduled checks as the app runs them: an OrgScheduler (src/schedule/scheduler.ts: one run per tick across the
 * replicas sharing the store) over every org with a `schedule:`, each run the org's default request without caches
 * through the Diagnoser, and each change of an org's overall status posted to that org's channels (escaped; a
 * channel that refuses the post is logged, the others still get it). The composition root starts it after the app
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
import type { StatusChange } from '../schedule/status-change';
import type { Store } from '../store/types';
import { renderStatusChangeMessage } from './blocks/matrix';
import { postMessage } from './post';

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

export function createScheduledChecks(deps: ScheduledChecksDeps): OrgScheduler {
  const logger = deps.logger.child({ component: 'schedule' });
  return new OrgScheduler({
    store: deps.store,
    orgs: () => scheduledOrgs(deps.config),
    run: (org) => deps.diagnoser.diagnose(scheduledRequest(org), 'schedule'),
    notify: (change) => postStatusChange(deps, change, logger),
    // Orgs managed as code: a grant sr-check made live that is gone again (likely a terraform apply).
    explainChange: (org, facts) => scheduledDrift(deps.store, deps.config.orgs.get(org), facts),
    owner: deps.owner ?? `${hostname()}:${process.pid}`,
    logger,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.leaseMs !== undefined ? { leaseMs: deps.leaseMs } : {}),
  });
}

async function postStatusChange(deps: ScheduledChecksDeps, change: StatusChange, logger: Logger): Promise<void> {
  const channels = deps.config.orgs.get(change.org)?.channels ?? [];
  if (channels.length === 0) {
    logger.info({ org: change.org, kind: change.kind }, 'status changed; the org has no channel to post to');
    return;
  }
  const message = renderStatusChangeMessage(change);
  for (const channel of channels) {
    try {
      await postMessage(deps.client, { channel }, message);
    } catch (error) {
      logger.warn({ org: change.org, channel, err: error }, 'could not post a status change');
    }
  }
  logger.info(
    { org: change.org, kind: change.kind, from: change.from, to: change.to, channels: channels.length },
    'status change posted',
  );
}
