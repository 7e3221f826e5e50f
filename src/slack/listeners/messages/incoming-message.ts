/**
 * Which `message` events may be read as a paste, reduced to the fields the paste listener needs. Bots
 * (any bot_id, bot_message), the app itself and every subtype except plain messages, thread broadcasts,
 * file shares and real edits are dropped. A channel message that mentions the app is marked (`mentionsApp`):
 * the app_mention listener answers it unless it carries a pasted 403. An edit is read under the ts of the message as first posted,
 * so the reply it could earn is claimed under the same key as the original's.
 */

export interface IncomingMessage {
  channelId: string;
  /** A direct message to the app (message.im). */
  isDm: boolean;
  /** ts of the message as first posted (for an edit: the edited message's own ts). */
  ts: string;
  /** Where a reply goes: the message's thread, or a new thread on the message. */
  replyThreadTs: string;
  userId: string;
  text: string;
  edited: boolean;
  /** A channel message that mentions the app: the mention listener answers it unless it is a pasted 403. */
  mentionsApp: boolean;
}

export type MessageReading = { ok: true; message: IncomingMessage } | { ok: false; reason: string };

export interface SelfIds {
  botId?: string;
  botUserId?: string;
}

/** Subtypes that carry a person's own words; everything else (joins, topics, pins, bots…) is ignored. */
const READ_SUBTYPES = new Set<string | undefined>([undefined, 'thread_broadcast', 'file_share']);

type Fields = Record<string, unknown>;

const str = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

/**
 * `maxEditAgeSeconds`: edits of messages older than this are ignored, so an edit can never outlive the
 * idempotency claim of the original and earn a second reply.
 */
export function readMessageEvent(event: unknown, self: SelfIds, maxEditAgeSeconds: number): MessageReading {
  if (!event || typeof event !== 'object') return { ok: false, reason: 'not an event' };
  const e = event as Fields;
  if (e.type !== 'message') return { ok: false, reason: 'not a message' };
  const channelId = str(e.channel);
  if (!channelId) return { ok: false, reason: 'no channel' };
  const subtype = str(e.subtype);

  let inner: Fields = e;
  let edited = false;
  if (subtype === 'message_changed') {
    if (!e.message || typeof e.message !== 'object') return { ok: false, reason: 'edit without message' };
    inner = e.message as Fields;
    const previous = (e.previous_message ?? {}) as Fields;
    // Unfurls and thread replies also arrive as message_changed with the text unchanged.
    if (str(previous.text) !== undefined && previous.text === inner.text)
      return { ok: false, reason: 'unchanged edit' };
    const originalTs = Number(str(inner.ts));
    const changedAt = Number(str(e.event_ts) ?? str(e.ts));
    if (!Number.isFinite(originalTs) || !Number.isFinite(changedAt) || changedAt - originalTs > maxEditAgeSeconds) {
      return { ok: false, reason: 'edit of an old message' };
    }
    edited = true;
  } else if (!READ_SUBTYPES.has(subtype)) {
    return { ok: false, reason: `subtype ${subtype}` };
  }
  const innerSubtype = str(inner.subtype);
  if (edited && !READ_SUBTYPES.has(innerSubtype)) return { ok: false, reason: `subtype ${innerSubtype}` };

  if (str(e.bot_id) || str(inner.bot_id) || innerSubtype === 'bot_message' || inner.bot_profile)
    return { ok: false, reason: 'bot' };
  const userId = str(inner.user);
  if (!userId) return { ok: false, reason: 'no user' };
  if (self.botUserId && userId === self.botUserId) return { ok: false, reason: 'self' };
  const ts = str(inner.ts);
  if (!ts) return { ok: false, reason: 'no ts' };
  const text = str(inner.text);
  if (!text) return { ok: false, reason: 'no text' };

  const isDm = e.channel_type === 'im' || (e.channel_type === undefined && channelId.startsWith('D'));
  // Slack sends no app_mention in DMs, so only channel mentions are the mention listener's to answer.
  const mentionsApp = !isDm && self.botUserId !== undefined && mentions(text, self.botUserId);
  return {
    ok: true,
    message: { channelId, isDm, ts, replyThreadTs: str(inner.thread_ts) ?? ts, userId, text, edited, mentionsApp },
  };
}

/** `<@U…>` or `<@U…|name>`: the form Slack gives a user mention in message text. */
function mentions(text: string, userId: string): boolean {
  return text.includes(`<@${userId}>`) || text.includes(`<@${userId}|`);
}
