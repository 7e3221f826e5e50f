/**
 * `/sr-check …`: answer help/orgs/errors at once; for a check, acknowledge ("Checking acme…"), then run and post.
 * Typed alone, it opens the check modal (blocks/check-modal.ts; the submission: views/check-submitted.ts).
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { renderNotAnOperationReply } from '../../blocks/paste';
import { checkingReply, usageErrorReply } from '../../blocks/replies';
import { storeSuggestions } from '../../suggested-calls';
import { runCheckAndPost } from '../../check-flow';
import { channelOrg, decideWords } from '../../command-decision';
import { renderCheckModal } from '../../blocks/check-modal';
import { orgsReply } from '../../blocks/replies';
import type { ListenerContext } from '../../listener-context';
import { decideMatrix, matrixCheckingReply, runMatrixAndPost } from '../../matrix-flow';
import { parseCommandWords, splitCommandText } from '../../../request/grammar';

export const SLASH_COMMAND = '/sr-check';

/** More distinct refusal sentences than the queue has (busy, channel share, user share): a bound, not a tuning. */
const MAX_CACHED_REFUSALS = 16;

export function srCheckCommand(ctx: ListenerContext) {
  // The queue's refusals are a handful of fixed sentences, and while the app is busiest every command may get
  // one: each is escaped and fitted once (issue 26), not on every ack.
  const refusals = new Map<string, string>();
  const refusalReply = (message: string): string => {
    let reply = refusals.get(message);
    if (reply === undefined) {
      reply = usageErrorReply(message);
      if (refusals.size < MAX_CACHED_REFUSALS) refusals.set(message, reply);
    }
    return reply;
  };
  return async ({ command, ack, respond, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    if ((command.text ?? '').trim() === '') {
      await openCheckModal(ctx, { ack, client, channelId: command.channel_id, triggerId: command.trigger_id });
      return;
    }
    // The text is split and parsed once; the matrix decision and the single check's both read that parse.
    const split = splitCommandText(command.text ?? '');
    if (!split.ok) {
      await ack({ response_type: 'ephemeral', text: usageErrorReply(split.message) });
      return;
    }
    const parsed = parseCommandWords(split.words);
    // Several orgs (org=a,b / org=*) or compare=: the matrix flow.
    const matrix = decideMatrix(parsed, command.channel_id, ctx.access);
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
    const decision = decideWords(split.words, command.channel_id, ctx.access, parsed);
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
    // response_url): one request fewer while the app is busiest, and the person learns it at once. One it takes
    // gets its place now, so "Checking…" is a promise: commands that arrive together are all acknowledged before
    // any of their checks starts.
    const admission = ctx.runner.admit?.({ channel: command.channel_id, user: command.user_id });
    if (admission && !admission.ok) {
      await ack({ response_type: 'ephemeral', text: refusalReply(admission.message) });
      return;
    }
    const place = admission?.place;
    // Slack shows an error after 3 s; the checks take longer, so acknowledge first.
    try {
      await ack({ response_type: 'ephemeral', text: checkingReply(decision.request.org) });
    } catch (error) {
      place?.release();
      throw error;
    }
    await ctx.inFlight.run(() =>
      runCheckAndPost(ctx, {
        ...(place ? { place } : {}),
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
