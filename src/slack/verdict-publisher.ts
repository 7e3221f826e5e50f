/**
 * Where a verdict is posted: the one path from a verdict to a Slack message, used by the check flow (/sr-check,
 * mentions, Re-run, watches), the approval flow (the re-check after a fix) and, for its stored request, the
 * pasted-error reply. Each verdict message's buttons are backed by a stored request (storeCheck: the one
 * builder of that record); the message is rendered (blocks/verdict.ts) and posted with chat.postMessage (the one
 * wrapper in src/slack, postMessage; chat.update's is updateMessage), falling back to response_url when the bot
 * may not post in the channel; the org's last verdict is recorded for App Home (approvals/verdict-summary.ts;
 * the approval service records its own re-check after a fix, see service.ts).
 */
import { randomUUID } from 'node:crypto';
import type { RespondFn, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { recordLastVerdict } from '../approvals/verdict-summary';
import type { CheckRequest } from '../diagnosis/request';
import { verdictFixes, type Verdict } from '../diagnosis/verdict';
import { slackErrorCode } from '../log';
import type { Store } from '../store/types';
import { postFailedReply } from './blocks/replies';
import { renderVerdictMessage, type SlackMessage } from './blocks/verdict';
import { verdictDetails } from './blocks/verdict-details';
import type { RequestStore } from './stores/request-store';

/** A posted message's address (chat.update needs both). */
export interface MessageRef {
  channel: string;
  ts: string;
}

/** Errors that mean "the bot may not post here", where response_url still works. */
const NOT_POSTABLE = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

/** The Slack error noBlindReposts (web-api-bounds.ts) gives a chat.postMessage that answered 5xx or timed out. */
export const POST_OUTCOME_UNKNOWN = 'sr_check_post_outcome_unknown';
/** The message metadata type every post carries, so a post whose outcome is unknown can be found. */
export const POST_EVENT_TYPE = 'sr_check_post';
/** How far back (seconds before the post) and how many messages the lookup reads. */
const LOOKUP_SLACK_SECONDS = 60;
const LOOKUP_LIMIT = 20;

/**
 * The one chat.postMessage wrapper: no unfurls, in a thread when asked. Each post carries message metadata with
 * its own id; when Slack's answer was lost (5xx or a timeout: POST_OUTCOME_UNKNOWN) it reads the channel (or the
 * thread) for that id and returns the message if Slack did post it, so callers never post it twice. Throws what
 * Slack answers otherwise (the caller falls back to response_url or DMs).
 */
export async function postMessage(
  client: Pick<webApi.WebClient, 'chat' | 'conversations'>,
  where: { channel: string; threadTs?: string | undefined },
  message: { text: string; blocks: unknown[] },
  /**
   * An outbox's retry: the post's id is the outbox row's, and a message carrying it (posted by an earlier try whose
   * answer was lost) is looked for since `triedSince` first; found, nothing is posted again.
   */
  retry?: { id: string; triedSince?: number },
): Promise<MessageRef | undefined> {
  const id = retry?.id ?? randomUUID();
  const startedAt = Date.now();
  if (retry?.triedSince !== undefined) {
    const earlier = await findPost(client, where, id, retry.triedSince);
    if (earlier) return earlier;
  }
  try {
    const posted = await client.chat.postMessage({
      channel: where.channel,
      text: message.text,
      blocks: message.blocks as never,
      ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
      unfurl_links: false,
      unfurl_media: false,
      metadata: { event_type: POST_EVENT_TYPE, event_payload: { id } },
    });
    return posted.ts ? { channel: posted.channel ?? where.channel, ts: posted.ts } : undefined;
  } catch (error) {
    if (slackErrorCode(error) !== POST_OUTCOME_UNKNOWN) throw error;
    const found = await findPost(client, where, id, startedAt).catch(() => undefined);
    if (found) return found;
    throw error;
  }
}

/** The message carrying this post id, if Slack has it (the channel's history, or the thread's replies). */
async function findPost(
  client: Pick<webApi.WebClient, 'conversations'>,
  where: { channel: string; threadTs?: string | undefined },
  id: string,
  startedAt: number,
): Promise<MessageRef | undefined> {
  const window = {
    channel: where.channel,
    oldest: ((startedAt - LOOKUP_SLACK_SECONDS * 1000) / 1000).toFixed(6),
    limit: LOOKUP_LIMIT,
    include_all_metadata: true,
  };
  const page = where.threadTs
    ? await client.conversations.replies({ ...window, ts: where.threadTs })
    : await client.conversations.history(window);
  const match = (page.messages ?? []).find(
    (m) =>
      m.metadata?.event_type === POST_EVENT_TYPE &&
      (m.metadata.event_payload as Record<string, unknown> | undefined)?.id === id,
  );
  return match?.ts ? { channel: where.channel, ts: match.ts } : undefined;
}

/** The one chat.update wrapper: a posted message replaced in place. Throws what Slack answers. */
export async function updateMessage(
  client: Pick<webApi.WebClient, 'chat'>,
  ref: MessageRef,
  message: { text: string; blocks: unknown[] },
): Promise<void> {
  await client.chat.update({ channel: ref.channel, ts: ref.ts, text: message.text, blocks: message.blocks as never });
}

/** Whom a verdict's buttons answer to: its request (without `watch`: Re-run runs once), channel and user. */
export interface VerdictAudience {
  request: CheckRequest;
  channelId: string;
  userId: string;
}

/** Where a verdict goes: a channel (or thread), with response_url and an ephemeral answer as fallbacks. */
export interface VerdictTarget {
  client: webApi.WebClient;
  channelId: string;
  threadTs?: string | undefined;
  /** response_url, for channels the bot cannot post to. */
  respond?: RespondFn;
  /** Says privately that the verdict could not be posted; without it the failure is only logged. */
  replyEphemeral?(text: string): Promise<void>;
}

export type Posted = { where: 'channel'; ref?: MessageRef } | { where: 'response_url' | 'failed'; ref?: undefined };

export interface PublishInput {
  verdict: Verdict;
  audience: VerdictAudience;
  target: VerdictTarget;
  /** Fix buttons (the org has fixer credentials); otherwise a line says how to enable fixes. */
  fixButtons: boolean;
  /** Record the org's last verdict (false when the approval service recorded this re-check already). */
  record: boolean;
  /** Adds to the rendered message before it is posted (a watch's progress line). */
  decorate?: (message: SlackMessage) => SlackMessage;
}

export interface VerdictPublisherDeps {
  requests: RequestStore;
  /** How long a verdict's buttons keep working. */
  requestTtlSeconds: number;
  /** Where last verdicts are recorded; none without a shared store. */
  store?: Pick<Store, 'setLastVerdict'>;
  /** Orgs whose verdicts are not recorded (the built-in demo org is not configured). */
  isUnrecorded?: (org: string) => boolean;
  logger: Logger;
  now?: () => number;
  /** The OAuth clients sr-check holds credentials for in an org (only their tokens can be refreshed). */
  managedClientIds?: (org: string) => readonly string[];
  /** Orgs managed as code (`managedAs: terraform`): whether they also allow live fixes; undefined for other orgs. */
  asCode?: (org: string) => { liveFixes: boolean } | undefined;
}

export class VerdictPublisher {
  private readonly now: () => number;

  constructor(private readonly deps: VerdictPublisherDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** The one builder of a stored request behind buttons: its id for the buttons' values. */
  storeCheck(audience: VerdictAudience, verdict?: Verdict): Promise<string> {
    const { watch: _flag, ...request } = audience.request;
    return this.deps.requests.put(
      {
        request,
        channelId: audience.channelId,
        userId: audience.userId,
        fixes: verdict ? verdictFixes(verdict) : [],
        ...(verdict ? { overall: verdict.overall, details: verdictDetails(verdict) } : {}),
        createdAt: this.now(),
      },
      this.deps.requestTtlSeconds,
    );
  }

  /** The verdict as a message, its buttons backed by a stored request. */
  async message(verdict: Verdict, audience: VerdictAudience, fixButtons: boolean): Promise<SlackMessage> {
    const requestId = await this.storeCheck(audience, verdict);
    return renderVerdictMessage(verdict, {
      requestId,
      fixButtons,
      requestedBy: audience.userId,
      checkedAt: this.now(),
      managedClientIds: this.deps.managedClientIds?.(verdict.org),
      asCode: this.deps.asCode?.(verdict.org),
    });
  }

  /** App Home lists each configured org's last verdict. */
  async record(verdict: Verdict): Promise<void> {
    if (!this.deps.store || this.deps.isUnrecorded?.(verdict.org)) return;
    await recordLastVerdict(this.deps.store, verdict.org, verdict, this.now(), this.deps.logger);
  }

  /** Stored request, render, post (response_url when the bot may not post here), last verdict. */
  async publish(input: PublishInput): Promise<{ posted: Posted; message: SlackMessage }> {
    const rendered = await this.message(input.verdict, input.audience, input.fixButtons);
    const message = input.decorate ? input.decorate(rendered) : rendered;
    const posted = await this.post(input.target, message);
    // After the post: a store that waits on a lock delays the last verdict on App Home, never the verdict.
    if (input.record) await this.record(input.verdict);
    return { posted, message: rendered };
  }

  /** A posted verdict, in place (chat.update): a watch's next verdict and progress line. Failures are logged. */
  async update(client: Pick<webApi.WebClient, 'chat'>, ref: MessageRef, message: SlackMessage): Promise<void> {
    try {
      await updateMessage(client, ref, message);
    } catch (error) {
      this.deps.logger.warn({ channel: ref.channel, err: error }, 'could not update a watched verdict');
    }
  }

  /**
   * Posts to the channel; when that fails (the bot may not post here, or the Web API is failing after its
   * bounded retries) through response_url, which does not go through the Web API; otherwise says so
   * privately (or logs it). Never throws: the requester always gets an answer when Slack lets us give one.
   */
  async post(target: VerdictTarget, message: SlackMessage): Promise<Posted> {
    let code: string | undefined;
    try {
      const ref = await postMessage(target.client, { channel: target.channelId, threadTs: target.threadTs }, message);
      return { where: 'channel', ...(ref ? { ref } : {}) };
    } catch (error) {
      code = slackErrorCode(error);
      if (!(code && NOT_POSTABLE.has(code)))
        this.deps.logger.warn(
          { channel: target.channelId, err: error },
          'could not post a verdict; trying response_url',
        );
    }
    if (target.respond) {
      try {
        await target.respond({
          response_type: 'in_channel',
          replace_original: false,
          text: message.text,
          blocks: message.blocks as never,
          ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
        });
        return { where: 'response_url' };
      } catch (error) {
        this.deps.logger.warn(
          { channel: target.channelId, err: error },
          'could not send a verdict through response_url',
        );
      }
    }
    try {
      if (target.replyEphemeral) await target.replyEphemeral(postFailedReply(code ?? 'an error'));
      else this.deps.logger.warn({ channel: target.channelId, code }, 'could not post a verdict');
    } catch (error) {
      this.deps.logger.warn(
        { channel: target.channelId, err: error },
        'could not say privately that the verdict was not posted',
      );
    }
    return { where: 'failed' };
  }
}
