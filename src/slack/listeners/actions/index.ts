/** Button clicks (block_actions), by action id: re-run, fix, approve/deny, details, paging. */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ACTION_IDS } from '../../button-values';
import type { ListenerContext } from '../../listener-context';
import { approvalButton } from './approval';
import { detailsButton } from './details';
import { fixButton } from './fix';
import { rerunButton } from './rerun';
import { runCheckButton } from './run-check';
import { TERRAFORM_ACTION_ID } from '../../blocks/terraform';
import { terraformButtonClicked } from './terraform';

export function registerActions(app: App, ctx: ListenerContext): void {
  // `rerun`, or `rerun:N` for several run buttons in one message (action ids must be unique per message).
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: /^rerun(?::\d{1,2})?$/ }, rerunButton(ctx));
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: /^fix:\d{1,3}$/ }, fixButton(ctx, false));
  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: /^fix-timed:\d{1,3}$/ },
    fixButton(ctx, true),
  );
  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: ACTION_IDS.approve },
    approvalButton(ctx, 'approve'),
  );
  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: ACTION_IDS.deny },
    approvalButton(ctx, 'deny'),
  );
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: ACTION_IDS.details }, detailsButton(ctx));
  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: TERRAFORM_ACTION_ID },
    terraformButtonClicked(ctx),
  );
  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: ACTION_IDS.homeRunCheck },
    runCheckButton(ctx),
  );
}
