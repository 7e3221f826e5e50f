/**
 * A fix button ("Grant …", or its time-bound twin "Grant for 8 h"): acknowledged at once, then validated like
 * any verdict button and turned into an approval request through the ApprovalService (requester = the clicking
 * user; the verdict message's thread is where the outcome goes). Refusals (fixes disabled, already fixed,
 * changed since the check, …) are answered only to the clicker. Without approvals configured (no store) the
 * click only explains that fixes need approval. Nothing changes until an approver approves.
 */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { FixValueSchema, TimedFixValueSchema } from '../../button-values';
import {
  buttonExpiredReply,
  demoFixReply,
  fixNotEnabledReply,
  fixRefusedReply,
  fixRequestedReply,
} from '../../blocks/replies';
import { renderThreadNotice } from '../../blocks/approval';
import type { ListenerContext } from '../../listener-context';
import { replyPrivately } from '../../post';
import { resolveButton } from './resolve-button';

export function fixButton(ctx: ListenerContext, timed: boolean) {
  return async ({
    ack,
    body,
    action,
    respond,
  }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const reply = (text: string) => replyPrivately({ respond }, text, ctx.logger);
    await ctx.inFlight.run(async () => {
      try {
        const resolved = timed
          ? await resolveButton(ctx, body, action, TimedFixValueSchema)
          : await resolveButton(ctx, body, action, FixValueSchema);
        const fix = resolved.ok ? resolved.stored.fixes[resolved.value.f] : undefined;
        if (!resolved.ok || !fix) {
          await reply(resolved.ok ? buttonExpiredReply() : resolved.reply);
          return;
        }
        const log = ctx.logger.child({
          action: timed ? 'fix-timed' : 'fix',
          user: resolved.userId,
          org: resolved.stored.request.org,
        });
        if (ctx.access.isBuiltInDemo(resolved.stored.request.org)) {
          await reply(demoFixReply(fix));
          return;
        }
        if (!ctx.approvals) {
          log.info({ accepted: false }, 'fix button clicked without approvals configured');
          await reply(fixNotEnabledReply(fix));
          return;
        }
        const message = body.message as { ts?: string; thread_ts?: string } | undefined;
        const threadTs = message?.thread_ts ?? message?.ts;
        const value = resolved.value as { h?: number };
        const outcome = await ctx.approvals.requestFix({
          stored: resolved.stored,
          fix,
          requester: resolved.userId,
          ...(threadTs ? { thread: { channel: resolved.channelId, ts: threadTs } } : {}),
          ...(value.h !== undefined ? { ttlHours: value.h } : {}),
        });
        if (!outcome.ok) {
          log.info({ refused: outcome.code }, 'fix request refused');
          await reply(fixRefusedReply(outcome.code, outcome.message, fix));
          return;
        }
        if (!outcome.threadPosted && threadTs) {
          // The bot cannot post in this channel (the verdict came through response_url): say it there instead.
          const notice = renderThreadNotice(outcome.request, outcome.notified);
          await respond({
            response_type: 'in_channel',
            replace_original: false,
            thread_ts: threadTs,
            text: notice.text,
            blocks: notice.blocks as never,
          }).catch(() => undefined);
        }
        await reply(fixRequestedReply(outcome.request, outcome.delivered));
      } catch (error) {
        ctx.logger.error({ err: error }, 'fix request failed');
        await reply(
          'Something went wrong on our side while requesting the fix; nothing was changed. Please try again.',
        );
      }
    });
  };
}
