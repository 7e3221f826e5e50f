/**
 * A verdict button click, checked server-side: the value must parse (zod), name a stored request, be
 * clicked in the channel the verdict was posted in, and that channel must still be allowed to use the org.
 */
import type { BlockAction, ButtonAction } from '@slack/bolt';
import type * as z from 'zod';
import { decodeValue } from '../../button-values';
import { buttonExpiredReply, orgNotAvailableReply, storeBusyReply } from '../../blocks/replies';
import type { ListenerContext } from '../../listener-context';
import type { StoredCheck } from '../../stores/request-store';

export type ResolvedButton<T> =
  | { ok: true; value: T; stored: StoredCheck; channelId: string; userId: string }
  | { ok: false; reply: string };

export async function resolveButton<T extends { r: string }>(
  ctx: ListenerContext,
  body: BlockAction,
  action: ButtonAction,
  schema: z.ZodType<T>,
): Promise<ResolvedButton<T>> {
  const value = decodeValue(schema, action.value);
  if (!value) return { ok: false, reply: buttonExpiredReply() };
  let stored: StoredCheck | undefined;
  try {
    stored = await ctx.requests.get(value.r);
  } catch (error) {
    // The store did not answer (locked, down): the request may well be there; nothing was done.
    ctx.logger.warn({ err: error }, 'could not read the request behind a button');
    return { ok: false, reply: storeBusyReply() };
  }
  if (!stored) return { ok: false, reply: buttonExpiredReply() };
  const channelId = body.channel?.id;
  const userId = body.user.id;
  if (!channelId || channelId !== stored.channelId || !ctx.access.allows(stored.request.org, channelId)) {
    return { ok: false, reply: orgNotAvailableReply(stored.request.org) };
  }
  return { ok: true, value, stored, channelId, userId };
}
