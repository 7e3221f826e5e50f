/**
 * The verdict's "Details" button: the full evidence in a modal (views.open with the click's trigger_id), after
 * the same checks as every verdict button (resolve-button.ts). A verdict stored before details were kept, one whose
 * details were dropped (each person keeps a bounded number: shared-stores.ts), or a modal Slack refuses, is answered
 * privately instead.
 */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { RerunValueSchema } from '../../button-values';
import { renderDetailsModal } from '../../blocks/verdict-details';
import type { ListenerContext } from '../../listener-context';
import { replyPrivately } from '../../post';
import { resolveButton } from './resolve-button';

export function detailsButton(ctx: ListenerContext) {
  return async ({
    ack,
    body,
    action,
    respond,
    client,
  }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const reply = (text: string) => replyPrivately({ respond }, text, ctx.logger);
    const resolved = await resolveButton(ctx, body, action, RerunValueSchema);
    if (!resolved.ok) {
      await reply(resolved.reply);
      return;
    }
    const details = resolved.stored.details;
    const dropped = resolved.stored.detailsDropped;
    if (!details && dropped) {
      await reply(
        `The details of this verdict were dropped to make room for newer ones: sr-check keeps the details of each person's ${dropped.count} most recent checks. Press Re-run for a fresh verdict, or run \`sr-check --json\`.`,
      );
      return;
    }
    if (!details) {
      await reply(
        'The details of this verdict were not kept: press Re-run for a fresh verdict, or run `sr-check --json`.',
      );
      return;
    }
    try {
      await client.views.open({ trigger_id: body.trigger_id, view: renderDetailsModal(details) });
    } catch (error) {
      ctx.logger.warn({ err: error }, 'could not open the verdict details modal');
      await reply('Slack did not open the details (the click may be too old): press Details again.');
    }
  };
}
