/**
 * The Slack side of fixes with approval, over the ApprovalService (which owns every rule and every state change):
 * what to say when. A new request goes to the org's approvers and a "waiting for approval" notice to the requester's
 * thread; while it applies and after a decision every approval message shows its state, and the outcome (and the
 * fresh verdict, through the VerdictPublisher) is posted in the thread; the same updates for expiry, start-up
 * reconciliation and time-bound revocations. Where the messages are and posting or updating them is
 * approval-messages.ts. Only the caller whose transition succeeded posts an outcome; updates render the stored
 * request, so doing one twice shows the same thing. After an applied fix the re-check is kept up to date in one
 * thread message by propagation-watches.ts. Every path that tells Slack of a state first takes the request's
 * notification lease for that state (store.claimNotification), live path and outbox alike, so one of them says it;
 * whoever does not get the lease says nothing (the holder does, or the outbox once the lease lapses); the holder
 * renews it while it works (lease-heartbeat.ts). It records what Slack took as soon as it took it, before saying
 * anything more: the approval messages (remember) before the thread notice, the outcome (store.markNotified) before
 * the re-check verdict or watch. A state counts as told only when Slack took every update and post for it (or
 * refused one for good: approval-messages.ts) and at least one approver got the request; otherwise nothing is
 * recorded and the outbox tries again once the lease lapses. deliverPending (at start and on every upkeep pass)
 * tells Slack whatever a stopped process or a Slack outage kept from being told: approvers never told of a pending
 * request, a "waiting for approval" notice never posted, messages still showing an older state, final states never
 * announced (the notification outbox, migration 4). A process stopped between Slack taking a post and that record
 * can still have that one post repeated; a re-check verdict it never showed is not posted again (a watch still
 * running shows it at its next step).
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { ApprovalService } from '../approvals/service';
import type { ApprovalRequest, DecisionOutcome, ReconcileOutcome, RequestFixOutcome } from '../approvals/types';
import { stepResult } from '../watch/propagation-schedule';
import { realSleep, type Sleep } from '../watch/user-watch';
import type { AppConfig, OrgConfig } from '../config/types';
import type { FixProposal } from '../diagnosis/verdict';
import { codeChangeForPlan } from '../fixes/as-code/plan-change';
import type { TerraformChange } from '../fixes/as-code/terraform-change';
import type { RevocationEvent } from '../approvals/revocation-scheduler';
import type { Store } from '../store/types';
import type { ThreadRef } from '../fixes/types';
import { ApprovalMessages, type Posted, type SavedMessages } from './approval-messages';
import {
  renderOutcomeNotice,
  renderRevocationNotice,
  renderThreadNotice,
  type ApprovalMessage,
} from './blocks/approval';
import { FixWatches, verdictAfterFix } from './propagation-watches';
import { NOTIFY_LEASE_MS, NotificationLeases } from './notification-leases';
import type { StoredCheck } from './stores/request-store';
import type { MessageRef } from './post';
import type { VerdictPublisher } from './verdict-publisher';

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
  /** How often a claim that is telling Slack renews its notification lease (lease-heartbeat.ts). */
  leaseHeartbeatMs?: number;
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

/** Requests changed more recently than this are being told by the live path; the outbox leaves them alone. */
export const NOTIFY_SETTLE_MS = 30_000;
export { NOTIFY_LEASE_MS } from './notification-leases';
/**
 * How often a system pass (reconcile, expiry) that found a request's lease held tries it again: the holder may be a
 * killed process (its lease then lapses within NOTIFY_LEASE_MS) or a live pass telling an older state.
 */
const HAND_OFF_RETRY_MS = 2_000;
/** States after which nothing more happens to a request: reaching one is announced in its thread. */
const FINAL_STATES = new Set<ApprovalRequest['state']>(['applied', 'failed', 'denied', 'expired']);

export class ApprovalFlow {
  /** Take → show → record, for every path that tells Slack of a request's state. */
  private readonly leases: NotificationLeases;
  /** Retries of system passes whose lease was held (handOff), cleared on stop. */
  private readonly handOffs = new Set<NodeJS.Timeout>();
  /** Where this request's messages are, and posting and updating them. */
  private readonly messages: ApprovalMessages;
  /** The propagation watches this replica drives. */
  private readonly watches: FixWatches;

  constructor(private readonly deps: ApprovalFlowDeps) {
    const now = deps.now ?? Date.now;
    this.leases = new NotificationLeases(deps);
    this.messages = new ApprovalMessages({
      store: deps.store,
      client: deps.client,
      logger: deps.logger,
      now,
      codeChange: (request) => this.codeChange(request),
    });
    this.watches = new FixWatches({
      service: deps.service,
      store: deps.store,
      config: deps.config,
      messages: this.messages,
      verdicts: deps.verdicts,
      logger: deps.logger,
      now,
      sleep: deps.sleep ?? realSleep,
    });
  }

  /** In an org managed as code, the change to land in code too; none for a time-bound grant (sr-check revokes it). */
  private codeChange(request: ApprovalRequest): TerraformChange | undefined {
    if (request.ttlHours !== undefined) return undefined;
    return codeChangeForPlan(this.deps.config.orgs.get(request.org), request.plan);
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
      verdictRef: {
        check: click.stored.request,
        overall: click.stored.overall ?? 'fail',
        checkedAt: click.stored.createdAt,
      },
      ...(click.thread ? { thread: click.thread } : {}),
      ...(this.deps.requestExpiryHours !== undefined ? { expiresInHours: this.deps.requestExpiryHours } : {}),
      ...(click.ttlHours !== undefined ? { ttlHours: click.ttlHours } : {}),
    });
    if (!outcome.ok) return outcome;
    const { request } = outcome;
    const org = this.deps.config.orgs.get(request.org)!;
    let sent: Awaited<ReturnType<ApprovalFlow['sendNew']>> | undefined;
    await this.leases.tell(request, async () => {
      sent = await this.sendNew(org, request);
      return sent.done;
    });
    // Not ours (the store failed): the outbox sends it.
    if (!sent) return { ok: true, request, notified: [], delivered: 0, threadPosted: false };
    const { refs, notified, thread } = sent;
    logger.info(
      { approvalId: request.id, org: request.org, delivered: refs.length, threadPosted: Boolean(thread) },
      'fix request sent to approvers',
    );
    return { ok: true, request, notified, delivered: refs.length, threadPosted: Boolean(thread) };
  }

  /**
   * A new request to its approvers, then the "waiting for approval" notice in the requester's thread (unless
   * `earlier`, what an earlier try recorded, has it). Each is recorded as soon as Slack took it, so a process
   * stopped in between has its restart post only the notice. Done when an approver got it and the notice is.
   */
  private async sendNew(
    org: OrgConfig,
    request: ApprovalRequest,
    earlier?: SavedMessages,
  ): Promise<{ refs: MessageRef[]; notified: string[]; thread?: MessageRef; done: boolean }> {
    const { refs, notified } = await this.messages.sendToApprovers(
      org,
      request,
      await this.deps.service.approverIds(org, request.requesterSlackId),
    );
    const saved = { ...earlier, approvers: refs, notified };
    await this.messages.remember(request, saved);
    const notice = saved.thread ? { ref: saved.thread, done: true } : await this.postWaitingNotice(request, saved);
    return { refs, notified, ...(notice.ref ? { thread: notice.ref } : {}), done: refs.length > 0 && notice.done };
  }

  /** The "waiting for approval" notice in the requester's thread, recorded with the request's messages once posted. */
  private async postWaitingNotice(request: ApprovalRequest, saved: SavedMessages): Promise<Posted> {
    if (!request.thread) return { done: true };
    const posted = await this.messages.post(
      request.thread.channel,
      renderThreadNotice(request, saved.notified),
      request.thread.ts,
    );
    if (posted.ref) await this.messages.remember(request, { ...saved, thread: posted.ref });
    return posted;
  }

  /**
   * Every approval message (and the clicked one) shows the request's state, and a final state is announced in its
   * thread: `outcome` when given (a decision's own notice), the thread notice otherwise. True when all of it is done.
   */
  private async showState(
    request: ApprovalRequest,
    options: { clicked?: MessageRef; outcome?: ApprovalMessage } = {},
  ): Promise<boolean> {
    const updated = await this.messages.refresh(request, options.clicked);
    if (!FINAL_STATES.has(request.state) || !request.thread) return updated;
    const notice =
      options.outcome ?? renderThreadNotice(request, (await this.messages.saved(request.id))?.notified ?? []);
    const posted = await this.messages.post(request.thread.channel, notice, request.thread.ts);
    return updated && posted.done;
  }

  // ---- Approve / Deny ----

  /**
   * The service's onTransition hook: a request that started applying shows it at once on every approval message
   * ("Approved by …; applying…"). Final states are shown by whoever got the outcome (decide, expiry, reconcile),
   * which also knows the clicked message.
   */
  async showProgress(request: ApprovalRequest): Promise<void> {
    if (request.state !== 'applying') return;
    await this.leases.tell(request, () => this.messages.refresh(request));
  }

  /** Decides through the service; on success updates every approval message and posts the outcome in the thread. */
  async decide(
    kind: 'approve' | 'deny',
    requestId: string,
    userId: string,
    clicked?: MessageRef,
    reason?: string,
  ): Promise<DecisionOutcome> {
    const outcome =
      kind === 'approve'
        ? await this.deps.service.approve(requestId, userId)
        : await this.deps.service.deny(requestId, userId, reason);
    this.deps.logger.info(
      { approvalId: requestId, user: userId, decision: kind, outcome: outcome.ok ? outcome.kind : outcome.code },
      'approval decision',
    );
    if (outcome.ok) {
      // Recorded before the re-check is shown: a process stopped while showing it must not announce the outcome again.
      await this.tellState(outcome.request, {
        clicked,
        outcome: renderOutcomeNotice(outcome, this.codeChange(outcome.request)),
      });
      await this.showRecheck(outcome);
    } else if (outcome.code === 'expired' && outcome.request) {
      await this.tellState(outcome.request, { clicked });
    }
    return outcome;
  }

  /** After an applied fix: the re-check's verdict in the thread, or the propagation watch it starts. */
  private async showRecheck(outcome: Extract<DecisionOutcome, { ok: true }>): Promise<void> {
    const thread = outcome.request.thread;
    if (outcome.kind !== 'applied') return;
    if (outcome.watch) {
      // The re-check is step 0 of the propagation watch: its verdict message is the one kept up to date.
      const { watch, recheck } = outcome;
      await this.watches.show(watch, outcome.request, {
        recheck,
        result: stepResult(recheck.ok ? recheck.verdict : undefined),
      });
      if (watch.status === 'running') this.watches.drive(watch.id);
      return;
    }
    if (!thread || !outcome.recheck.ok) return;
    // The service recorded the re-check as the org's last verdict already.
    await this.deps.verdicts.publish({
      verdict: outcome.recheck.verdict,
      ...verdictAfterFix(outcome.request, this.deps.config),
      target: { client: this.deps.client, channelId: thread.channel, threadTs: thread.ts },
      record: false,
    });
  }

  // ---- propagation watches (propagation-watches.ts) ----

  /** Takes up due watches nobody holds (the upkeep loop). Returns their ids. */
  resumeWatches(): Promise<string[]> {
    return this.watches.resume();
  }

  /** Resolves once no watch is being driven by this replica (tests; shutdown). */
  watchesIdle(): Promise<void> {
    return this.watches.idle();
  }

  /** Stops driving watches (shutdown); the store keeps where each stands. */
  stopWatches(): Promise<void> {
    for (const timer of this.handOffs) clearTimeout(timer);
    this.handOffs.clear();
    return this.watches.stop();
  }

  // ---- expiry, restarts, time bounds ----

  /**
   * Expires what is due, updates those requests' messages and says so in their threads. Safe on every replica:
   * each request expires once.
   */
  async expireDue(): Promise<ApprovalRequest[]> {
    const expired = await this.deps.service.expireDue();
    for (const request of expired) await this.tellOrHandOff(request);
    return expired;
  }

  async announceReconciled(outcomes: ReconcileOutcome[]): Promise<void> {
    for (const { request, reason } of outcomes) {
      await this.tellOrHandOff(request);
      this.deps.logger.info(
        { approvalId: request.id, state: request.state, reason },
        'request left unfinished by a stopped process reconciled',
      );
    }
  }

  /**
   * A system pass (reconcile, expiry) changed the request's state: it tells Slack now. When another claim holds the
   * lease (a killed process's live path, or a pass telling the older state), the telling is handed to a retry that
   * takes the lease as soon as it lapses, not left to the outbox, which waits out NOTIFY_SETTLE_MS and its interval.
   */
  private async tellOrHandOff(request: ApprovalRequest): Promise<void> {
    if (await this.tellState(request)) return;
    let attempts = Math.ceil(NOTIFY_LEASE_MS / HAND_OFF_RETRY_MS) + 1;
    const retry = () => {
      const timer = setTimeout(() => {
        this.handOffs.delete(timer);
        attempts -= 1;
        void this.leases
          .takeOver(request, () => this.showState(request))
          .then((told) => {
            if (told === 'held' && attempts > 0) retry();
          });
      }, HAND_OFF_RETRY_MS);
      timer.unref();
      this.handOffs.add(timer);
    };
    retry();
  }

  // ---- the notification outbox ----

  /**
   * Tells Slack what a stopped process or a Slack outage kept from being told (start-up and every upkeep pass): a
   * pending request whose approvers were never told is sent to them; otherwise every approval message is updated
   * to the current state, and a final state is announced in the thread. One replica per request (a lease);
   * returns how many were told in full (the others are tried again once their lease lapses).
   */
  async deliverPending(): Promise<number> {
    const { store, logger } = this.deps;
    const now = (this.deps.now ?? Date.now)();
    let delivered = 0;
    let failed = 0;
    for (const { request, notifiedState } of await store.pendingNotifications(now - NOTIFY_SETTLE_MS, 50)) {
      // One request failing (the store, Slack, the approver lookup) must not keep the others from being told.
      try {
        const lease = await this.leases.take(request);
        if (!lease) continue;
        if (!(await this.leases.hold(request, lease, () => this.deliver(request)))) {
          failed += 1;
          logger.warn(
            { approvalId: request.id, state: request.state },
            'Slack did not take everything about a request; tried again once its lease lapses',
          );
          continue;
        }
        await store.markNotified(request.id, request.state, lease);
        delivered += 1;
        logger.info(
          { approvalId: request.id, state: request.state, told: notifiedState ?? 'nothing' },
          'told Slack what a stopped process had not',
        );
      } catch (error) {
        failed += 1;
        logger.error(
          { approvalId: request.id, state: request.state, err: error },
          'could not tell Slack what a stopped process had not; tried again once its lease lapses',
        );
      }
    }
    logger.debug({ delivered, failed }, 'notification outbox pass done');
    return delivered;
  }

  /** Tells Slack the request's current state; true when all of it is done. */
  private async deliver(request: ApprovalRequest): Promise<boolean> {
    const saved = await this.messages.saved(request.id);
    const org = this.deps.config.orgs.get(request.org);
    if (request.state === 'pending' && org && !saved?.approvers.length) {
      return (await this.sendNew(org, request, saved)).done;
    }
    const shown = await this.showState(request);
    // The approvers were told, and the process stopped before it posted the thread notice.
    if (request.state !== 'pending' || !saved || saved.thread) return shown;
    return (await this.postWaitingNotice(request, saved)).done && shown;
  }

  /** The one "show this state" path of the live side: showState under the request's notification lease. */
  private tellState(
    request: ApprovalRequest,
    options: { clicked?: MessageRef | undefined; outcome?: ApprovalMessage } = {},
  ): Promise<boolean> {
    return this.leases.tell(request, () => this.showState(request, options));
  }

  async announceRevocation(event: RevocationEvent): Promise<void> {
    if (!event.thread) return;
    await this.messages.post(
      event.thread.channel,
      renderRevocationNotice(event.outcome, event.detail, event.revocation.grant, (this.deps.now ?? Date.now)()),
      event.thread.ts,
    );
  }
}
