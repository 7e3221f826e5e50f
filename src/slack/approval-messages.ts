/**
 * Message bookkeeping for fix requests: where each request's approval messages and thread notice are (kept in the
 * shared store as `approval-messages:<id>`, so any replica can update them), sending a request to the approvers
 * (the approvals channel, or a DM each), and posting or updating one message (failures are logged, never thrown:
 * a message Slack refused must not undo a decision). What to say when is approval-flow.ts.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { ApprovalRequest } from '../approvals/types';
import type { OrgConfig } from '../config/types';
import type { Store } from '../store/types';
import { renderApprovalRequest, renderThreadNotice, type ApprovalMessage } from './blocks/approval';
import { postMessage, updateMessage, type MessageRef } from './verdict-publisher';

const MessageRefSchema = z.object({ channel: z.string().min(1).max(40), ts: z.string().min(1).max(40) });
const SavedMessagesSchema = z.object({
  approvers: z.array(MessageRefSchema).max(200),
  thread: MessageRefSchema.optional(),
  notified: z.array(z.string().max(40)).max(200),
});
/** Where a request's messages are: the approval messages, the thread notice once posted, who was told. */
export type SavedMessages = z.infer<typeof SavedMessagesSchema>;

/** DMs per request at most (conversations.open is Tier 3, chat.postMessage about 1/s per channel). */
const MAX_APPROVER_DMS = 25;
/** Approval message locations outlive the request by this long (late clicks still update the message). */
const MESSAGES_KEPT_SECONDS = 30 * 24 * 3600;

export interface ApprovalMessagesDeps {
  store: Pick<Store, 'saveRequest' | 'getRequest'>;
  client: webApi.WebClient;
  logger: Logger;
  now: () => number;
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
    const message = renderApprovalRequest(request);
    if (org.approvers.channel) {
      const ref = await this.post(org.approvers.channel, message);
      if (ref) return { refs: [ref], notified };
      // The approvals channel did not take it (bot not invited, say): fall back to DMs rather than lose it.
    }
    const targets = notified.slice(0, MAX_APPROVER_DMS);
    const refs = await Promise.all(
      targets.map(async (user) => {
        try {
          const opened = await this.deps.client.conversations.open({ users: user });
          const channel = opened.channel?.id;
          return channel ? await this.post(channel, message) : undefined;
        } catch (error) {
          this.deps.logger.warn({ approvalId: request.id, user, err: error }, 'could not open a DM with an approver');
          return undefined;
        }
      }),
    );
    return { refs: refs.filter((r): r is MessageRef => r !== undefined), notified: targets };
  }

  /** Updates every message about this request (and the clicked one) to the request's current state. */
  async refresh(request: ApprovalRequest, clicked?: MessageRef): Promise<void> {
    const saved = await this.load(request.id);
    const approvers = [...(saved?.approvers ?? [])];
    if (
      clicked &&
      !approvers.some((m) => m.channel === clicked.channel && m.ts === clicked.ts) &&
      !(saved?.thread && saved.thread.ts === clicked.ts)
    ) {
      approvers.push(clicked);
    }
    const message = renderApprovalRequest(request);
    const updates = approvers.map((ref) => this.update(ref, message));
    if (saved?.thread) updates.push(this.update(saved.thread, renderThreadNotice(request, saved.notified)));
    await Promise.all(updates);
  }

  /**
   * Where a new request's messages went (kept in the shared store, so any replica can update them). Called as soon
   * as the approvers were told, and again once the thread notice is posted: a restart in between must not tell the
   * approvers twice, only post what is missing.
   */
  async remember(request: ApprovalRequest, messages: SavedMessages): Promise<void> {
    const ttl = Math.max(60, Math.ceil((request.expiresAt - this.deps.now()) / 1000)) + MESSAGES_KEPT_SECONDS;
    await this.deps.store.saveRequest(`approval-messages:${request.id}`, messages, ttl);
  }

  /** Whether the approvers were told about this request: its recorded messages (`thread` once the notice is posted). */
  wasSent(requestId: string): Promise<SavedMessages | undefined> {
    return this.load(requestId);
  }

  private async load(requestId: string): Promise<SavedMessages | undefined> {
    const parsed = SavedMessagesSchema.safeParse(await this.deps.store.getRequest(`approval-messages:${requestId}`));
    return parsed.success ? parsed.data : undefined;
  }

  /** chat.postMessage; the posted message's ref, or undefined (logged) when Slack refused. */
  async post(channel: string, message: ApprovalMessage, threadTs?: string): Promise<MessageRef | undefined> {
    try {
      return await postMessage(this.deps.client, { channel, threadTs }, message);
    } catch (error) {
      this.deps.logger.warn({ channel, err: error }, 'could not post an approval message');
      return undefined;
    }
  }

  async update(ref: MessageRef, message: ApprovalMessage): Promise<void> {
    try {
      await updateMessage(this.deps.client, ref, message);
    } catch (error) {
      this.deps.logger.warn({ channel: ref.channel, err: error }, 'could not update an approval message');
    }
  }
}
