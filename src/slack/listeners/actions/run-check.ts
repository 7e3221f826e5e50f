/**
 * App Home's "Run a check": opens the check modal without a channel (the form asks for one; the submission is
 * judged by that channel's mapping, views/check-submitted.ts), so Home lists no org names.
 */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { renderCheckModal } from '../../blocks/check-modal';
import type { ListenerContext } from '../../listener-context';

export function runCheckButton(ctx: ListenerContext) {
  return async ({
    ack,
    body,
    client,
  }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    try {
      await client.views.open({ trigger_id: body.trigger_id, view: renderCheckModal({ orgs: [] }) });
    } catch (error) {
      ctx.logger.warn({ err: error }, 'could not open the check modal from App Home');
    }
  };
}
