/** "Re-run": the stored request again, without caches, answered in the verdict's thread. */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { RerunValueSchema } from '../../button-values';
import { runCheckAndPost } from '../../check-flow';
import type { ListenerContext } from '../../listener-context';
import { replyPrivately } from '../../post';
import { resolveButton } from './resolve-button';

export function rerunButton(ctx: ListenerContext) {
  return async ({
    ack,
    body,
    action,
    respond,
    client,
  }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const replyEphemeral = async (text: string): Promise<void> => {
      await replyPrivately({ respond }, text, ctx.logger);
    };
    const resolved = await resolveButton(ctx, body, action, RerunValueSchema);
    if (!resolved.ok) {
      await replyEphemeral(resolved.reply);
      return;
    }
    const message = body.message as { ts?: string; thread_ts?: string } | undefined;
    const threadTs = message?.thread_ts ?? message?.ts;
    await ctx.inFlight.run(() =>
      runCheckAndPost(ctx, {
        surface: 'rerun',
        request: { ...resolved.stored.request, fresh: true },
        channelId: resolved.channelId,
        userId: resolved.userId,
        ...(threadTs ? { threadTs } : {}),
        client,
        respond,
        replyEphemeral,
      }),
    );
  };
}
