/**
 * The status-change outbox's Slack side: a status change is recorded as due for each of the org's channels before
 * anything is posted (the store's status_notices), then posted; whatever Slack refused (a 5xx, a timeout, a rate
 * limit) stays due and the next pass (every STATUS_RETRY_MS, and after each change) posts it. Each post carries
 * its notice's id in its message metadata, and a notice tried before is looked for in the channel before it is
 * posted again, so a post Slack took whose answer was lost is not repeated. A channel that refuses for good (the
 * bot is not in it, it is archived) or a notice tried MAX_ATTEMPTS times is given up, logged.
 */
import { randomUUID } from 'node:crypto';
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { StatusChange } from '../schedule/status-change';
import type { StatusNotice, StatusNoticeStore } from '../schedule/types';
import { renderStatusChangeMessage } from './blocks/matrix';
import { postMessage } from './post';

/** How often due status notices are tried again. */
export const STATUS_RETRY_MS = 60_000;
/** How long one pass holds the notices it took (a post and a lookup, each bounded by web-api-bounds.ts). */
const NOTICE_LEASE_MS = 60_000;
/** A notice still refused after this many tries (about an hour of passes) is given up. */
const MAX_ATTEMPTS = 60;
/** Slack errors that no retry changes. */
const REFUSED_FOR_GOOD = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

export interface StatusNoticeDeps {
  store: StatusNoticeStore;
  client: Pick<webApi.WebClient, 'chat' | 'conversations'>;
  logger: Logger;
  now: () => number;
  /** This replica's name (each pass adds its own number). */
  owner: string;
}

/** Records the change as due in each channel (nothing is posted here). */
export async function recordStatusChange(deps: StatusNoticeDeps, change: StatusChange, channels: string[]) {
  const payload = JSON.stringify(renderStatusChangeMessage(change));
  await deps.store.addStatusNotices(
    channels.map((channel) => ({ id: randomUUID(), org: change.org, channel, payload, createdAt: deps.now() })),
  );
}

let passes = 0;

/** One pass: posts every due notice nobody holds. Returns how many were posted. */
export async function deliverStatusNotices(deps: StatusNoticeDeps): Promise<number> {
  const owner = `${deps.owner}#${++passes}`;
  const notices = await deps.store.claimStatusNotices(owner, deps.now(), NOTICE_LEASE_MS, 50);
  let posted = 0;
  for (const notice of notices) if (await deliverOne(deps, owner, notice)) posted += 1;
  return posted;
}

async function deliverOne(deps: StatusNoticeDeps, owner: string, notice: StatusNotice): Promise<boolean> {
  const where = { org: notice.org, channel: notice.channel, notice: notice.id, attempt: notice.attempts + 1 };
  try {
    const message = JSON.parse(notice.payload) as { text: string; blocks: unknown[] };
    const ref = await postMessage(
      deps.client,
      { channel: notice.channel },
      message,
      notice.attempts > 0 ? { id: notice.id, triedSince: notice.createdAt } : { id: notice.id },
    );
    await deps.store.finishStatusNotice(notice.id, owner, true, deps.now());
    deps.logger.info({ ...where, ts: ref?.ts }, 'status change posted');
    return true;
  } catch (error) {
    const code = (error as { data?: { error?: unknown } }).data?.error;
    const forGood = typeof code === 'string' && REFUSED_FOR_GOOD.has(code);
    const giveUp = forGood || notice.attempts + 1 >= MAX_ATTEMPTS;
    await deps.store
      .finishStatusNotice(notice.id, owner, giveUp, deps.now())
      .catch((err: unknown) => deps.logger.warn({ ...where, err }, 'could not record a status notice try'));
    if (giveUp) deps.logger.error({ ...where, err: error }, 'status change not posted; given up');
    else deps.logger.warn({ ...where, err: error }, 'status change not posted yet; tried again on the next pass');
    return false;
  }
}
