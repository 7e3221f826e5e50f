/**
 * The approval upkeep policy, once the app runs: requests a stopped process left approved/applying are resolved by
 * reading the target (never applied again); Slack is told what a stopped process did not (the notification outbox:
 * approvers never told, messages showing an older state, outcomes never announced); propagation watches a stopped
 * replica left running are taken up; time-bound revocations start; and every UPKEEP_INTERVAL_MS one pass expires
 * due requests, reconciles, delivers and resumes again. Errors are logged, never thrown.
 */
import type { Logger } from 'pino';
import type { AppConfig } from '../config/types';
import type { FixApiSource } from '../fixes/apis';
import { RevocationScheduler, type RevocationEvent, type RevocationSchedulerOptions } from './revocation-scheduler';
import type { ReconcileOutcome } from './types';

/** How often pending requests past their expiry are expired and unfinished ones reconciled (messages updated). */
export const UPKEEP_INTERVAL_MS = 60_000;

/** What the upkeep pass needs of the Slack app's ApprovalFlow. */
export interface ApprovalUpkeepTarget {
  expireDue(): Promise<unknown>;
  announceReconciled(outcomes: ReconcileOutcome[]): Promise<void>;
  readonly service: {
    reconcile(): Promise<ReconcileOutcome[]>;
    /** When a request left approved/applying becomes reconcilable (ApprovalService.nextReconcileAt). */
    nextReconcileAt?(): Promise<number | undefined>;
  };
  /** Propagation watches left due by a replica that stopped: taken up and driven here. */
  resumeWatches?(): Promise<unknown>;
  /** The notification outbox: Slack told whatever a stopped process did not (approval-flow.ts). */
  deliverPending?(): Promise<unknown>;
}

/**
 * Requests left approved/applying are resolved by reading the target, never applied again. reconcile()
 * skips requests updated within its grace period (another replica may be applying them), so it runs at
 * start-up and again on every upkeep pass. Errors are logged, never thrown.
 */
export async function reconcileUnfinished(
  approvals: ApprovalUpkeepTarget,
  logger: Logger,
  when: 'start-up' | 'periodic',
): Promise<void> {
  try {
    const reconciled = await approvals.service.reconcile();
    await approvals.announceReconciled(reconciled);
    if (reconciled.length > 0) logger.info({ count: reconciled.length, when }, 'reconciled requests left unfinished');
  } catch (error) {
    logger.error({ err: error, when }, `reconcile (${when}) failed`);
  }
}

/**
 * After the start-up reconcile: a request a killed process left applying is still inside its grace then (the kill
 * was moments ago), so one more reconcile is timed for when the grace ends, not left to the next upkeep pass.
 * Returns a function that cancels it.
 */
export async function reconcileWhenGraceEnds(
  approvals: ApprovalUpkeepTarget,
  logger: Logger,
  intervalMs = UPKEEP_INTERVAL_MS,
  now: () => number = Date.now,
): Promise<() => void> {
  const at = await approvals.service.nextReconcileAt?.().catch((error: unknown) => {
    logger.error({ err: error }, 'reading requests left unfinished failed');
    return undefined;
  });
  if (at === undefined) return () => {};
  const delay = Math.max(0, at - now()) + 1_000;
  if (delay >= intervalMs) return () => {};
  const timer = setTimeout(() => void reconcileUnfinished(approvals, logger, 'periodic'), delay);
  timer.unref();
  return () => clearTimeout(timer);
}

/**
 * One upkeep pass per call: expire due requests, then reconcile unfinished ones. A call made while the
 * previous pass still runs is skipped, so two passes never overlap. Never rejects.
 */
export function approvalUpkeep(approvals: ApprovalUpkeepTarget, logger: Logger): () => Promise<void> {
  let running = false;
  return async () => {
    if (running) {
      logger.debug('previous approval upkeep pass still running; skipped');
      return;
    }
    running = true;
    try {
      await approvals.expireDue().catch((error: unknown) => logger.error({ err: error }, 'expiring requests failed'));
      await reconcileUnfinished(approvals, logger, 'periodic');
      await approvals
        .deliverPending?.()
        .catch((error: unknown) => logger.error({ err: error }, 'delivering pending Slack notifications failed'));
      await approvals
        .resumeWatches?.()
        .catch((error: unknown) => logger.error({ err: error }, 'taking up propagation watches failed'));
    } finally {
      running = false;
    }
  };
}

/** What the upkeep loops need of the Slack side (ApprovalFlow), besides one pass's target. */
export interface ApprovalUpkeepParts {
  approvals: ApprovalUpkeepTarget & {
    deliverPending(): Promise<unknown>;
    resumeWatches(): Promise<unknown>;
    announceRevocation(event: RevocationEvent): Promise<void>;
  };
  store: RevocationSchedulerOptions['store'];
  config: AppConfig;
  apis: FixApiSource;
  logger: Logger;
}

/**
 * The upkeep loops, once the app runs: requests a stopped process left approved/applying are resolved by reading
 * the target (never applied again), propagation watches taken up, time-bound revocations started, and every
 * UPKEEP_INTERVAL_MS one approvalUpkeep pass.
 */
export async function startApprovalUpkeep(parts: ApprovalUpkeepParts): Promise<{ stop(): void }> {
  const { approvals, logger } = parts;
  await reconcileUnfinished(approvals, logger, 'start-up');
  const cancelFollowUp = await reconcileWhenGraceEnds(approvals, logger);
  await approvals
    .deliverPending()
    .catch((error: unknown) => logger.error({ err: error }, 'delivering pending Slack notifications failed'));
  await approvals
    .resumeWatches()
    .catch((error: unknown) => logger.error({ err: error }, 'taking up propagation watches failed'));
  const revocations = new RevocationScheduler({
    store: parts.store,
    config: parts.config,
    apis: parts.apis,
    logger,
    onRevoked: (event) => approvals.announceRevocation(event),
  });
  await revocations.start().catch((error: unknown) => logger.error({ err: error }, 'first revocation pass failed'));
  const upkeep = approvalUpkeep(approvals, logger);
  const timer = setInterval(() => void upkeep(), UPKEEP_INTERVAL_MS);
  timer.unref();
  return {
    stop() {
      revocations.stop();
      cancelFollowUp();
      clearInterval(timer);
    },
  };
}
