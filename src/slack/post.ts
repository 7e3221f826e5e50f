/**
 * Slack's write calls, each wrapped once: chat.postMessage (no blind re-posts: a post whose answer was lost is looked
 * up before anyone tries again), chat.update, and the private answer a listener gives the person who asked.
 */
import { randomUUID } from 'node:crypto';
import type { RespondFn, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { slackErrorCode } from '../log';

/** A posted message's address (chat.update needs both). */
export interface MessageRef {
  channel: string;
  ts: string;
}

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

/** Where a private answer goes: the action's response_url, or an ephemeral message (in a thread when given). */
export type PrivateAddress =
  | { respond: RespondFn }
  | { client: Pick<webApi.WebClient, 'chat'>; channel: string; user: string; threadTs?: string | undefined };

/**
 * The one private answer for listeners: only the person who clicked, typed or submitted sees it. One error policy:
 * it never throws (an answer Slack refuses costs that note, never the work around it) and logs what Slack said.
 * True when Slack took it.
 */
export async function replyPrivately(to: PrivateAddress, text: string, logger: Pick<Logger, 'warn'>): Promise<boolean> {
  try {
    if ('respond' in to) await to.respond({ response_type: 'ephemeral', replace_original: false, text });
    else
      await to.client.chat.postEphemeral({
        channel: to.channel,
        user: to.user,
        text,
        ...(to.threadTs ? { thread_ts: to.threadTs } : {}),
      });
    return true;
  } catch (error) {
    logger.warn({ err: error }, 'could not answer privately');
    return false;
  }
}
