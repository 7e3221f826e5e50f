/**
 * "Is it propagation?" in Slack: when an applied fix's first re-check does not pass yet, the verdict in the thread
 * is one message kept up to date (chat.update) at each re-check of the propagation watch, ending in one final
 * state with the measured time to effect. This replica drives the watch it started (sleeping until each step);
 * resume() (the upkeep loop) takes up watches whose replica stopped, from the store. Only the replica whose step
 * write succeeded (ApprovalService.runWatchStep) touches the message.
 */
import type { Logger } from 'pino';
import type { ApprovalService } from '../approvals/service';
import type { ApprovalRequest, PropagationWatch, WatchStep } from '../approvals/types';
import type { Sleep } from '../watch/user-watch';
import type { AppConfig } from '../config/types';
import type { Store } from '../store/types';
import type { ApprovalMessages } from './approval-messages';
import { fixWatchLine, watchLineOnly, withWatchLine } from './blocks/watch';
import type { VerdictAudience, VerdictPublisher } from './verdict-publisher';

/** A verdict after a fix answers to the requester in the request's thread; Re-run checks the request again. */
export function verdictAfterFix(
  request: ApprovalRequest,
  config: AppConfig,
): { audience: VerdictAudience; fixButtons: boolean } {
  return {
    audience: {
      request: request.verdictRef.check,
      channelId: request.thread?.channel ?? '',
      userId: request.requesterSlackId,
    },
    fixButtons: config.orgs.get(request.org)?.fixer !== undefined,
  };
}

export interface FixWatchesDeps {
  service: ApprovalService;
  store: Pick<Store, 'setWatchMessage'>;
  config: AppConfig;
  messages: ApprovalMessages;
  verdicts: VerdictPublisher;
  logger: Logger;
  now: () => number;
  sleep: Sleep;
}

export class FixWatches {
  /** Propagation watches this replica is driving, by watch id (never two drivers for one watch here). */
  private readonly driving = new Map<string, Promise<void>>();
  private readonly stopping = new AbortController();

  constructor(private readonly deps: FixWatchesDeps) {}

  /**
   * Takes up watches that are due and held by nobody (the replica driving them stopped; or this process
   * restarted): each is driven here from the step it stands at. Called by the upkeep loop. Returns their ids.
   */
  async resume(): Promise<string[]> {
    if (this.stopping.signal.aborted) return [];
    const due = await this.deps.service.dueWatches();
    const taken = due.filter((w) => !this.driving.has(w.id)).map((w) => w.id);
    for (const id of taken) this.drive(id);
    if (taken.length > 0) this.deps.logger.info({ watches: taken }, 'propagation watches taken up');
    return taken;
  }

  /** Resolves once no watch is being driven by this replica (tests; shutdown). */
  async idle(): Promise<void> {
    while (this.driving.size > 0) await Promise.allSettled([...this.driving.values()]);
  }

  /** Stops driving watches (shutdown): sleeps end at once, nothing more is posted; the store keeps where each stands. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.idle();
  }

  drive(watchId: string): void {
    if (this.driving.has(watchId) || this.stopping.signal.aborted) return;
    const run = this.driveLoop(watchId)
      .catch((error: unknown) => this.deps.logger.error({ watchId, err: error }, 'propagation watch failed'))
      .finally(() => this.driving.delete(watchId));
    this.driving.set(watchId, run);
  }

  /** The watch's one thread message: posted at its first step, updated in place at every later one. */
  async show(
    watch: PropagationWatch,
    request: ApprovalRequest | undefined,
    step: Pick<WatchStep, 'recheck' | 'result' | 'ended'>,
  ): Promise<void> {
    const line = fixWatchLine(watch, step);
    let message = watchLineOnly(line);
    if (request && step.recheck.ok) {
      const { audience, fixButtons } = verdictAfterFix(request, this.deps.config);
      message = withWatchLine(await this.deps.verdicts.message(step.recheck.verdict, audience, fixButtons), line);
    }
    if (watch.message) {
      await this.deps.messages.update(watch.message, message);
      return;
    }
    const thread = request?.thread;
    if (!thread) return;
    const { ref } = await this.deps.messages.post(thread.channel, message, thread.ts);
    if (ref) await this.deps.store.setWatchMessage(watch.id, ref);
  }

  /** Sleep until the watch's next step, run it (if this replica may), show it; until it finishes or is not ours. */
  private async driveLoop(watchId: string): Promise<void> {
    const { service, now } = this.deps;
    const signal = this.stopping.signal;
    for (let idle = 0; idle < 3; ) {
      const watch = await service.getWatch(watchId);
      if (watch?.status !== 'running') return;
      const wait = watch.nextRunAt - now();
      if (wait > 0) await this.deps.sleep(wait, signal);
      if (signal.aborted) return;
      const step = await service.runWatchStep(watchId);
      if (step) {
        idle = 0;
        await this.show(step.watch, step.request, step);
        if (step.watch.status !== 'running') return;
        continue;
      }
      // Not run: another replica holds it (theirs now), or a timer woke a moment early (sleep again).
      const current = await service.getWatch(watchId);
      if (current?.status !== 'running' || current.position !== watch.position) return;
      if (current.leaseOwner !== service.watchOwner && (current.leaseUntil ?? 0) > now()) return;
      idle += 1;
    }
  }
}
