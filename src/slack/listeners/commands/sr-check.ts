/**
 * `/sr-check …`: answer help/orgs/errors at once; for a check, acknowledge ("Checking acme…"), then run and post.
 * Typed alone, it opens the check modal (blocks/check-modal.ts; the submission: views/check-submitted.ts).
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { renderNotAnOperationReply } from '../../blocks/paste';
import { checkingReply, usageErrorReply } from '../../blocks/replies';
import { storeSuggestions } from '../../suggested-calls';
import { runCheckAndPost } from '../../check-flow';
import { channelOrg, decideCommand } from '../../command-decision';
import { renderCheckModal } from '../../blocks/check-modal';
import { orgsReply } from '../../blocks/replies';
import type { ListenerContext } from '../../listener-context';
import { decideMatrixCommand, matrixCheckingReply, runMatrixAndPost } from '../../matrix-flow';

export const SLASH_COMMAND = '/sr-check';

export function srCheckCommand(ctx: ListenerContext) {
  return async ({ command, ack, respond, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    if ((command.text ?? '').trim() === '') {
      await openCheckModal(ctx, { ack, client, channelId: command.channel_id, triggerId: command.trigger_id });
      return;
    }
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
      await ctx.inFlight.run(() =>
        runMatrixAndPost(ctx, {
          decision: matrix,
          channelId: command.channel_id,
          userId: command.user_id,
          client,
          respond,
          replyEphemeral,
        }),
      );
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
      const reply = renderNotAnOperationReply(
        decision.unknown,
        await storeSuggestions(ctx, decision.request, decision.unknown, where),
      );
      await respond({ response_type: 'ephemeral', text: reply.text, blocks: reply.blocks as never });
      return;
    }
    // A check the queue would turn away is answered in the ack itself (the same words run() would send by
    // response_url): one request fewer while the app is busiest, and the person learns it at once.
    const refused = ctx.runner.refusal?.({ channel: command.channel_id, user: command.user_id });
    if (refused) {
      await ack({ response_type: 'ephemeral', text: usageErrorReply(refused) });
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

/** The check modal, with the channel's orgs (its only org preselected); a channel with no org is told so. */
async function openCheckModal(
  ctx: ListenerContext,
  input: {
    ack: SlackCommandMiddlewareArgs['ack'];
    client: AllMiddlewareArgs['client'];
    channelId: string;
    triggerId: string;
  },
): Promise<void> {
  const orgs = ctx.access.orgsIn(input.channelId);
  if (orgs.length === 0) {
    await input.ack({ response_type: 'ephemeral', text: orgsReply(orgs) });
    return;
  }
  await input.ack();
  try {
    await input.client.views.open({
      trigger_id: input.triggerId,
      view: renderCheckModal({
        channelId: input.channelId,
        orgs,
        preselected: channelOrg(input.channelId, ctx.access),
      }),
    });
  } catch (error) {
    ctx.logger.warn({ err: error }, 'could not open the check modal');
  }
}
