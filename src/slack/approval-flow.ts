/**
 * The Slack side of fixes with approval, over the ApprovalService (which owns every rule and every state change):
 * what to say when. A new request goes to the org's approvers and a "waiting for approval" notice to the
 * requester's thread; while it applies and after a decision every approval message shows its state, and the
 * outcome (and the fresh verdict, through the VerdictPublisher) is posted in the thread; the same updates for
 * expiry, start-up reconciliation and time-bound revocations. Where the messages are and posting or updating
 * them is approval-messages.ts. Only the caller whose transition succeeded posts an outcome; updates render the
 * stored request, so doing one twice shows the same thing.
 *
 * "Is it propagation?": when an applied fix's first re-check does not pass yet, the verdict in the thread is one
 * message kept up to date (chat.update) at each re-check of the propagation watch, ending in one final state
 * with the measured time to effect. This replica drives the watch it started (sleeping until each step);
 * resumeWatches() (the upkeep loop) takes up watches whose replica stopped, from the store. Only the replica whose
 * step write succeeded (ApprovalService.runWatchStep) touches the message.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { ApprovalService } from '../approvals/service';
import type { ApprovalRequest, DecisionOutcome, PropagationWatch, ReconcileOutcome, RequestFixOutcome, WatchStep } from '../approvals/types';
import { stepResult } from '../approvals/watch-schedule';
import { realSleep, type Sleep } from '../cli/watch';
import type { AppConfig } from '../config/types';
import type { FixProposal } from '../diagnosis/verdict';
import type { RevocationEvent } from '../fixes/revocation-scheduler';
import type { Store } from '../store/types';
import type { ThreadRef } from '../fixes/types';
import { ApprovalMessages } from './approval-messages';
import { renderOutcomeNotice, renderRevocationNotice, renderThreadNotice } from './blocks/approval';
import { fixWatchLine, watchLineOnly, withWatchLine } from './blocks/watch';
import type { StoredCheck } from './stores/request-store';
import type { MessageRef, VerdictAudience, VerdictPublisher } from './verdict-publisher';

export interface ApprovalFlowDeps {
  service: ApprovalService;
  store: Store;
  config: AppConfig;
  client: webApi.WebClient;
  /** Verdicts after a fix go out like every verdict (verdict-publisher.ts). */
  verdicts: VerdictPublisher;
  logger: Logger;
  now?: () => number;
  /** A request lapses after this many hours without a decision. Default 24. */
  requestExpiryHours?: number;
  /** Waits between propagation re-checks (tests pass one that moves their clock). Default a timer. */
  sleep?: Sleep;
}

export interface FixClick {
  stored: StoredCheck;
  fix: FixProposal;
  requester: string;
  thread?: ThreadRef;
  ttlHours?: number;
}

export type FixClickOutcome =
  | Extract<RequestFixOutcome, { ok: false }>
  | { ok: true; request: ApprovalRequest; notified: string[]; delivered: number; threadPosted: boolean };

export class ApprovalFlow {
  private readonly now: () => number;
  private readonly sleep: Sleep;
  /** Propagation watches this replica is driving, by watch id (never two drivers for one watch here). */
  private readonly driving = new Map<string, Promise<void>>();
  private readonly stopping = new AbortController();

  /** Where this request's messages are, and posting and updating them. */
  private readonly messages: ApprovalMessages;

  constructor(private readonly deps: ApprovalFlowDeps) {
    this.now = deps.now ?? Date.now;
    this.sleep = deps.sleep ?? realSleep;
    this.messages = new ApprovalMessages({ store: deps.store, client: deps.client, logger: deps.logger, now: this.now });
  }

  get service(): ApprovalService {
    return this.deps.service;
  }

  // ---- a fix button was clicked ----

  async requestFix(click: FixClick): Promise<FixClickOutcome> {
    const { service, logger } = this.deps;
    const outcome = await service.requestFix({
      requesterSlackId: click.requester,
      org: click.stored.request.org,
      fix: click.fix,
      verdictRef: { check: click.stored.request, overall: click.stored.overall ?? 'fail', checkedAt: click.stored.createdAt },
      ...(click.thread ? { thread: click.thread } : {}),
      ...(this.deps.requestExpiryHours !== undefined ? { expiresInHours: this.deps.requestExpiryHours } : {}),
      ...(click.ttlHours !== undefined ? { ttlHours: click.ttlHours } : {}),
    });
    if (!outcome.ok) return outcome;
    const { request } = outcome;
    const org = this.deps.config.orgs.get(request.org)!;
    const { refs, notified } = await this.messages.sendToApprovers(org, request, await this.deps.service.approverIds(org, request.requesterSlackId));
    let thread: MessageRef | undefined;
    if (request.thread) {
      thread = await this.messages.post(request.thread.channel, renderThreadNotice(request, notified), request.thread.ts);
    }
    await this.messages.remember(request, { approvers: refs, notified, ...(thread ? { thread } : {}) });
    logger.info({ approvalId: request.id, org: request.org, delivered: refs.length, threadPosted: Boolean(thread) }, 'fix request sent to approvers');
    return { ok: true, request, notified, delivered: refs.length, threadPosted: Boolean(thread) };
  }

  // ---- Approve / Deny ----

  /**
   * The service's onTransition hook: a request that started applying shows it at once on every approval message
   * ("Approved by …; applying…"). Final states are shown by whoever got the outcome (decide, expiry, reconcile),
   * which also knows the clicked message.
   */
  async showProgress(request: ApprovalRequest): Promise<void> {
    if (request.state === 'applying') await this.messages.refresh(request);
  }

  /** Decides through the service; on success updates every approval message and posts the outcome in the thread. */
  async decide(kind: 'approve' | 'deny', requestId: string, userId: string, clicked?: MessageRef): Promise<DecisionOutcome> {
    const outcome = kind === 'approve' ? await this.deps.service.approve(requestId, userId) : await this.deps.service.deny(requestId, userId);
    this.deps.logger.info(
      { approvalId: requestId, user: userId, decision: kind, outcome: outcome.ok ? outcome.kind : outcome.code },
      'approval decision',
    );
    if (outcome.ok) {
      await this.messages.refresh(outcome.request, clicked);
      await this.postOutcome(outcome);
    } else if (outcome.code === 'expired' && outcome.request) {
      await this.messages.refresh(outcome.request, clicked);
    }
    return outcome;
  }

  private async postOutcome(outcome: Extract<DecisionOutcome, { ok: true }>): Promise<void> {
    const thread = outcome.request.thread;
    if (thread) await this.messages.post(thread.channel, renderOutcomeNotice(outcome), thread.ts);
    if (outcome.kind !== 'applied') return;
    if (outcome.watch) {
      // The re-check is step 0 of the propagation watch: its verdict message is the one kept up to date.
      const { watch, recheck } = outcome;
      await this.showWatch(watch, outcome.request, { recheck, result: stepResult(recheck.ok ? recheck.verdict : undefined) });
      if (watch.status === 'running') this.drive(watch.id);
      return;
    }
    if (!thread || !outcome.recheck.ok) return;
    // The service recorded the re-check as the org's last verdict already.
    await this.deps.verdicts.publish({
      verdict: outcome.recheck.verdict,
      audience: this.audienceOf(outcome.request),
      target: { client: this.deps.client, channelId: thread.channel, threadTs: thread.ts },
      fixButtons: this.fixButtons(outcome.request),
      record: false,
    });
  }

  // ---- propagation watches ----

  /**
   * Takes up watches that are due and held by nobody (the replica driving them stopped; or this process
   * restarted): each is driven here from the step it stands at. Called by the upkeep loop. Returns their ids.
   */
  async resumeWatches(): Promise<string[]> {
    if (this.stopping.signal.aborted) return [];
    const due = await this.deps.service.dueWatches();
    const taken = due.filter((w) => !this.driving.has(w.id)).map((w) => w.id);
    for (const id of taken) this.drive(id);
    if (taken.length > 0) this.deps.logger.info({ watches: taken }, 'propagation watches taken up');
    return taken;
  }

  /** Resolves once no watch is being driven by this replica (tests; shutdown). */
  async watchesIdle(): Promise<void> {
    while (this.driving.size > 0) await Promise.allSettled([...this.driving.values()]);
  }

  /** Stops driving watches (shutdown): sleeps end at once, nothing more is posted; the store keeps where each stands. */
  async stopWatches(): Promise<void> {
    this.stopping.abort();
    await this.watchesIdle();
  }

  private drive(watchId: string): void {
    if (this.driving.has(watchId) || this.stopping.signal.aborted) return;
    const run = this.driveLoop(watchId)
      .catch((error: unknown) => this.deps.logger.error({ watchId, err: error }, 'propagation watch failed'))
      .finally(() => this.driving.delete(watchId));
    this.driving.set(watchId, run);
  }

  /** Sleep until the watch's next step, run it (if this replica may), show it; until it finishes or is not ours. */
  private async driveLoop(watchId: string): Promise<void> {
    const { service } = this.deps;
    const signal = this.stopping.signal;
    for (let idle = 0; idle < 3; ) {
      const watch = await service.getWatch(watchId);
      if (!watch || watch.status !== 'running') return;
      const wait = watch.nextRunAt - this.now();
      if (wait > 0) await this.sleep(wait, signal);
      if (signal.aborted) return;
      const step = await service.runWatchStep(watchId);
      if (step) {
        idle = 0;
        await this.showWatch(step.watch, step.request, step);
        if (step.watch.status !== 'running') return;
        continue;
      }
      // Not run: another replica holds it (theirs now), or a timer woke a moment early (sleep again).
      const now = await service.getWatch(watchId);
      if (!now || now.status !== 'running' || now.position !== watch.position) return;
      if (now.leaseOwner !== service.watchOwner && (now.leaseUntil ?? 0) > this.now()) return;
      idle += 1;
    }
  }

  /** The watch's one thread message: posted at its first step, updated in place at every later one. */
  private async showWatch(watch: PropagationWatch, request: ApprovalRequest | undefined, step: Pick<WatchStep, 'recheck' | 'result'>): Promise<void> {
    const line = fixWatchLine(watch, step);
    const message =
      request && step.recheck.ok
        ? withWatchLine(await this.deps.verdicts.message(step.recheck.verdict, this.audienceOf(request), this.fixButtons(request)), line)
        : watchLineOnly(line);
    if (watch.message) {
      await this.messages.update(watch.message, message);
      return;
    }
    const thread = request?.thread;
    if (!thread) return;
    const posted = await this.messages.post(thread.channel, message, thread.ts);
    if (posted) await this.deps.store.setWatchMessage(watch.id, posted);
  }

  /** A verdict after a fix answers to the requester in the request's thread; Re-run checks the request again. */
  private audienceOf(request: ApprovalRequest): VerdictAudience {
    return { request: request.verdictRef.check, channelId: request.thread?.channel ?? '', userId: request.requesterSlackId };
  }

  private fixButtons(request: ApprovalRequest): boolean {
    return this.deps.config.orgs.get(request.org)?.fixer !== undefined;
  }

  // ---- expiry, restarts, time bounds ----

  /** Expires what is due and updates those requests' messages. Safe on every replica: each request expires once. */
  async expireDue(): Promise<ApprovalRequest[]> {
    const expired = await this.deps.service.expireDue();
    for (const request of expired) await this.messages.refresh(request);
    return expired;
  }

  async announceReconciled(outcomes: ReconcileOutcome[]): Promise<void> {
    for (const { request, reason } of outcomes) {
      await this.messages.refresh(request);
      if (request.thread) {
        const notice = renderThreadNotice(request, []);
        await this.messages.post(request.thread.channel, { text: notice.text, blocks: notice.blocks }, request.thread.ts);
      }
      this.deps.logger.info({ approvalId: request.id, state: request.state, reason }, 'request reconciled at start-up');
    }
  }

  async announceRevocation(event: RevocationEvent): Promise<void> {
    if (!event.thread) return;
    await this.messages.post(event.thread.channel, renderRevocationNotice(event.outcome, event.detail, event.revocation.grant), event.thread.ts);
  }
}
