/**
 * Message bookkeeping for fix requests: where each request's approval messages and thread notice are (kept in the
 * shared store as `approval-messages:<id>`, so any replica can update them), sending a request to the approvers
 * (the approvals channel, or a DM each), and posting or updating one message (failures are logged, never thrown:
 * a message Slack refused must not undo a decision). Each post and update says whether it is done: Slack took
 * it, or refused it in a way trying again will not change (the bot is not in the channel, the message was
 * deleted); a failure worth another try (Slack down or busy beyond the client's retries, a post it may not have
 * taken) is not done, and the notification outbox tries again. What to say when is approval-flow.ts.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import * as z from 'zod';
import type { ApprovalRequest } from '../approvals/types';
import type { OrgConfig } from '../config/types';
import { slackErrorCode } from '../log';
import type { TerraformChange } from '../fixes/as-code/terraform-change';
import type { Store } from '../store/types';
import { renderApprovalRequest, renderThreadNotice, type ApprovalMessage } from './blocks/approval';
import { POST_OUTCOME_UNKNOWN, postMessage, updateMessage, type MessageRef } from './post';

const MessageRefSchema = z.object({ channel: z.string().min(1).max(40), ts: z.string().min(1).max(40) });
const SavedMessagesSchema = z.object({
  approvers: z.array(MessageRefSchema).max(200),
  thread: MessageRefSchema.optional(),
  notified: z.array(z.string().max(40)).max(200),
});
/**
 * Where a request's messages are: the approval messages (none: the approvers are not told yet), the thread notice
 * once posted, who was told.
 */
export type SavedMessages = z.infer<typeof SavedMessagesSchema>;

/** One post: the message when Slack took it; `done` unless it failed in a way worth trying again. */
export interface Posted {
  ref?: MessageRef;
  done: boolean;
}

/** Slack errors worth trying again later: Slack down or busy, or a post it may or may not have taken. */
const TRY_AGAIN = new Set([
  'ratelimited',
  POST_OUTCOME_UNKNOWN,
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

/** Whether trying again may succeed: no answer from Slack (5xx, a timeout, no connection), or one of TRY_AGAIN. */
function worthTryingAgain(error: unknown): boolean {
  const code = slackErrorCode(error);
  return code === undefined || TRY_AGAIN.has(code);
}

/** DMs per request at most (conversations.open is Tier 3, chat.postMessage about 1/s per channel). */
const MAX_APPROVER_DMS = 25;
/** Approval message locations outlive the request by this long (late clicks still update the message). */
const MESSAGES_KEPT_SECONDS = 30 * 24 * 3600;

export interface ApprovalMessagesDeps {
  store: Pick<Store, 'saveRequest' | 'getRequest'>;
  client: webApi.WebClient;
  logger: Logger;
  now: () => number;
  /** In an org managed as code, the Terraform change the messages show (it must also land in code). */
  codeChange?: (request: ApprovalRequest) => TerraformChange | undefined;
}

export class ApprovalMessages {
  constructor(private readonly deps: ApprovalMessagesDeps) {}

  /**
   * The request to the org's approvers (`notified`, without the requester): the approvals channel when there is one
   * and it takes the message, otherwise a DM each (at most MAX_APPROVER_DMS).
   */
  async sendToApprovers(
    org: OrgConfig,
    request: ApprovalRequest,
    notified: string[],
  ): Promise<{ refs: MessageRef[]; notified: string[] }> {
    const message = renderApprovalRequest(request, this.deps.codeChange?.(request));
    if (org.approvers.channel) {
      const { ref } = await this.post(org.approvers.channel, message);
      if (ref) return { refs: [ref], notified };
      // The approvals channel did not take it (bot not invited, say): fall back to DMs rather than lose it.
    }
    const targets = notified.slice(0, MAX_APPROVER_DMS);
    const refs = await Promise.all(
      targets.map(async (user) => {
        try {
          const opened = await this.deps.client.conversations.open({ users: user });
          const channel = opened.channel?.id;
          return channel ? (await this.post(channel, message)).ref : undefined;
        } catch (error) {
          this.deps.logger.warn({ approvalId: request.id, user, err: error }, 'could not open a DM with an approver');
          return undefined;
        }
      }),
    );
    return { refs: refs.filter((r): r is MessageRef => r !== undefined), notified: targets };
  }

  /**
   * Updates every message about this request (and the clicked one) to the request's current state. True when
   * every update is done (see the header).
   */
  async refresh(request: ApprovalRequest, clicked?: MessageRef): Promise<boolean> {
    const saved = await this.saved(request.id);
    const approvers = [...(saved?.approvers ?? [])];
    if (
      clicked &&
      !approvers.some((m) => m.channel === clicked.channel && m.ts === clicked.ts) &&
      !(saved?.thread && saved.thread.ts === clicked.ts)
    ) {
      approvers.push(clicked);
    }
    const message = renderApprovalRequest(request, this.deps.codeChange?.(request));
    const updates = approvers.map((ref) => this.update(ref, message));
    if (saved?.thread) updates.push(this.update(saved.thread, renderThreadNotice(request, saved.notified)));
    return (await Promise.all(updates)).every(Boolean);
  }

  /**
   * Where a new request's messages went (kept in the shared store, so any replica can update them). Called as soon
   * as the approvers were told, and again once the thread notice is posted: a restart in between must not tell the
   * approvers twice, only post what is missing. Saved with no approval message, the approvers count as not told.
   */
  async remember(request: ApprovalRequest, messages: SavedMessages): Promise<void> {
    const ttl = Math.max(60, Math.ceil((request.expiresAt - this.deps.now()) / 1000)) + MESSAGES_KEPT_SECONDS;
    await this.deps.store.saveRequest(`approval-messages:${request.id}`, messages, ttl);
  }

  /** This request's recorded messages (`approvers` once told, `thread` once the notice is posted), if any. */
  async saved(requestId: string): Promise<SavedMessages | undefined> {
    const parsed = SavedMessagesSchema.safeParse(await this.deps.store.getRequest(`approval-messages:${requestId}`));
    return parsed.success ? parsed.data : undefined;
  }

  /** chat.postMessage; the posted message's ref, or none (logged) when Slack did not take it. */
  async post(channel: string, message: ApprovalMessage, threadTs?: string): Promise<Posted> {
    try {
      const ref = await postMessage(this.deps.client, { channel, threadTs }, message);
      return { ...(ref ? { ref } : {}), done: true };
    } catch (error) {
      const done = !worthTryingAgain(error);
      this.deps.logger.warn({ channel, err: error, tryAgain: !done }, 'could not post an approval message');
      return { done };
    }
  }

  /** chat.update; true when done (see the header). */
  async update(ref: MessageRef, message: ApprovalMessage): Promise<boolean> {
    try {
      await updateMessage(this.deps.client, ref, message);
      return true;
    } catch (error) {
      const done = !worthTryingAgain(error);
      this.deps.logger.warn(
        { channel: ref.channel, err: error, tryAgain: !done },
        'could not update an approval message',
      );
      return done;
    }
  }
}
