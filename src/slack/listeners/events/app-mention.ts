/** `@sr-check org=acme …`: the slash command's grammar, answered in the thread (ephemeral for refusals). */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { renderNotAnOperationReply } from '../../blocks/paste';
import { checkingReply, usageErrorReply } from '../../blocks/replies';
import { storeSuggestions } from '../../suggested-calls';
import { runCheckAndPost } from '../../check-flow';
import { decideCommand, mentionCarriesPaste, stripLeadingMentions } from '../../command-decision';
import type { ListenerContext } from '../../listener-context';
import { postMessage, replyPrivately } from '../../post';

export function appMention(ctx: ListenerContext) {
  return async ({ event, client }: SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs): Promise<void> => {
    const user = event.user;
    if (!user || event.bot_id) return;
    const threadTs = event.thread_ts ?? event.ts;
    const replyEphemeral = async (text: string): Promise<void> => {
      await replyPrivately({ client, channel: event.channel, user, threadTs }, text, ctx.logger);
    };
    if (mentionCarriesPaste(event.text ?? '', event.channel, ctx.access)) return; // the paste listener answers
    const decision = decideCommand(stripLeadingMentions(event.text ?? ''), event.channel, ctx.access);
    await ctx.inFlight.run(async () => {
      if (decision.kind === 'reply') {
        await replyEphemeral(decision.text);
        return;
      }
      if (decision.kind === 'not-an-operation') {
        const suggestions = await storeSuggestions(ctx, decision.request, decision.unknown, {
          channelId: event.channel,
          userId: user,
        });
        const reply = renderNotAnOperationReply(decision.unknown, suggestions);
        await postMessage(client, { channel: event.channel, threadTs }, reply);
        return;
      }
      // As for the slash command: the queue's refusal instead of "Checking…", or a place taken with the promise.
      const admission = ctx.runner.admit?.({ channel: event.channel, user });
      if (admission && !admission.ok) {
        await replyEphemeral(usageErrorReply(admission.message));
        return;
      }
      const place = admission?.place;
      // Only a courtesy: the check still runs if Slack refuses the ephemeral note (replyPrivately logs, never throws).
      await replyEphemeral(checkingReply(decision.request.org));
      await runCheckAndPost(ctx, {
        ...(place ? { place } : {}),
        surface: 'mention',
        request: decision.request,
        channelId: event.channel,
        userId: user,
        threadTs,
        client,
        replyEphemeral,
      });
    });
  };
}
