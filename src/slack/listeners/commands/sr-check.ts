/** `/sr-check …`: answer help/orgs/errors at once; for a check, acknowledge ("Checking acme…"), then run and post. */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { renderNotAnOperationReply } from '../../blocks/paste';
import { checkingReply } from '../../blocks/replies';
import { storeSuggestions } from '../../suggested-calls';
import { runCheckAndPost } from '../../check-flow';
import { decideCommand } from '../../command-decision';
import type { ListenerContext } from '../../listener-context';
import { decideMatrixCommand, matrixCheckingReply, runMatrixAndPost } from '../../matrix-flow';

export const SLASH_COMMAND = '/sr-check';

export function srCheckCommand(ctx: ListenerContext) {
  return async ({ command, ack, respond, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    // Several orgs (org=a,b / org=*) or compare=: the matrix flow.
    const matrix = decideMatrixCommand(command.text ?? '', command.channel_id, ctx.access);
    if (matrix) {
      if (matrix.kind === 'reply') {
        await ack({ response_type: 'ephemeral', text: matrix.text });
        return;
      }
      await ack({ response_type: 'ephemeral', text: matrixCheckingReply(matrix) });
      const replyEphemeral = async (text: string): Promise<void> => {
        await respond({ response_type: 'ephemeral', replace_original: false, text });
      };
      await ctx.inFlight.run(() => runMatrixAndPost(ctx, { decision: matrix, channelId: command.channel_id, userId: command.user_id, client, respond, replyEphemeral }));
      return;
    }
    const decision = decideCommand(command.text ?? '', command.channel_id, ctx.access);
    if (decision.kind === 'reply') {
      await ack({ response_type: 'ephemeral', text: decision.text });
      return;
    }
    if (decision.kind === 'not-an-operation') {
      await ack();
      const where = { channelId: command.channel_id, userId: command.user_id };
      const reply = renderNotAnOperationReply(decision.unknown, await storeSuggestions(ctx, decision.request, decision.unknown, where));
      await respond({ response_type: 'ephemeral', text: reply.text, blocks: reply.blocks as never });
      return;
    }
    // Slack shows an error after 3 s; the checks take longer, so acknowledge first.
    await ack({ response_type: 'ephemeral', text: checkingReply(decision.request.org) });
    await ctx.inFlight.run(() =>
      runCheckAndPost(ctx, {
        surface: 'command',
        request: decision.request,
        channelId: command.channel_id,
        userId: command.user_id,
        client,
        respond,
        replyEphemeral: async (text) => {
          await respond({ response_type: 'ephemeral', replace_original: false, text });
        },
      }),
    );
  };
}
