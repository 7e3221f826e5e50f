/**
 * A fix button. Approvals come in a later issue; until then the click is validated like any other and
 * answered, only to the clicker, that fixes need approval and are not enabled yet. Nothing changes.
 */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { FixValueSchema } from '../../button-values';
import { buttonExpiredReply, fixNotEnabledReply } from '../../blocks/replies';
import type { ListenerContext } from '../../listener-context';
import { resolveButton } from './resolve-button';

export function fixButton(ctx: ListenerContext) {
  return async ({ ack, body, action, respond }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const resolved = await resolveButton(ctx, body, action, FixValueSchema);
    const fix = resolved.ok ? resolved.stored.fixes[resolved.value.f] : undefined;
    const text = !resolved.ok ? resolved.reply : fix ? fixNotEnabledReply(fix) : buttonExpiredReply();
    ctx.logger.info({ action: 'fix', user: body.user.id, accepted: Boolean(fix) }, 'fix button clicked');
    await respond({ response_type: 'ephemeral', replace_original: false, text });
  };
}
