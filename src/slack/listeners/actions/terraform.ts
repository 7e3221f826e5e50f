/**
 * The verdict's "Terraform change" button (orgs managed as code): after the same checks as every verdict button
 * (resolve-button.ts), the fixes it names are turned into the Terraform change (src/fixes/as-code/) and shown in a
 * modal (views.open with the click's trigger_id). Nothing is changed or requested: it only shows code.
 */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { terraformChange } from '../../../fixes/as-code/terraform-change';
import { buttonExpiredReply } from '../../blocks/replies';
import { pickFixes, renderTerraformModal, TerraformValueSchema } from '../../blocks/terraform';
import type { ListenerContext } from '../../listener-context';
import { replyPrivately } from '../../post';
import { resolveButton } from './resolve-button';

export function terraformButtonClicked(ctx: ListenerContext) {
  return async ({
    ack,
    body,
    action,
    respond,
    client,
  }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const reply = (text: string) => replyPrivately({ respond }, text, ctx.logger);
    const resolved = await resolveButton(ctx, body, action, TerraformValueSchema);
    if (!resolved.ok) {
      await reply(resolved.reply);
      return;
    }
    const fixes = pickFixes(resolved.stored.fixes, resolved.value.f);
    const identity = resolved.stored.details?.identity ?? resolved.stored.identity;
    const change = fixes
      ? terraformChange(fixes, identity?.name ? { targets: { [identity.id]: identity.name } } : {})
      : undefined;
    if (!change) {
      await reply(buttonExpiredReply());
      return;
    }
    try {
      await client.views.open({
        trigger_id: body.trigger_id,
        view: renderTerraformModal(resolved.stored.request.org, change),
      });
    } catch (error) {
      ctx.logger.warn({ err: error }, 'could not open the Terraform change modal');
      await reply('Slack did not open the Terraform change (the click may be too old): press the button again.');
    }
  };
}
