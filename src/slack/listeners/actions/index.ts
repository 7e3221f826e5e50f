/**
 * Button clicks (block_actions), by action id: re-run, fix, approve/deny, details, paging.
 *
 * One Bolt listener routes every action id (issue 26): Bolt runs each listener's matchers on every incoming
 * request, commands included, so one listener per button cost every slash command's ack eight matcher chains.
 * An action id no route names is left alone, as before (no listener matched it).
 */
import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { ACTION_IDS } from '../../button-values';
import type { ListenerContext } from '../../listener-context';
import { approvalButton } from './approval';
import { detailsButton } from './details';
import { fixButton } from './fix';
import { rerunButton } from './rerun';
import { runCheckButton } from './run-check';
import { TERRAFORM_ACTION_ID } from '../../blocks/terraform';
import { terraformButtonClicked } from './terraform';

export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
type ButtonListener = (args: ButtonArgs) => Promise<void>;

/** The listener for an action id, or undefined when no button of ours carries it. */
export function actionRoutes(ctx: ListenerContext): (actionId: string) => ButtonListener | undefined {
  const exact = new Map<string, ButtonListener>([
    [ACTION_IDS.approve, approvalButton(ctx, 'approve')],
    [ACTION_IDS.deny, approvalButton(ctx, 'deny')],
    [ACTION_IDS.details, detailsButton(ctx)],
    [TERRAFORM_ACTION_ID, terraformButtonClicked(ctx)],
    [ACTION_IDS.homeRunCheck, runCheckButton(ctx)],
  ]);
  // `rerun`, or `rerun:N` for several run buttons in one message (action ids must be unique per message).
  const patterns: Array<[RegExp, ButtonListener]> = [
    [/^rerun(?::\d{1,2})?$/, rerunButton(ctx)],
    [/^fix:\d{1,3}$/, fixButton(ctx, false)],
    [/^fix-timed:\d{1,3}$/, fixButton(ctx, true)],
  ];
  return (actionId) => exact.get(actionId) ?? patterns.find(([pattern]) => pattern.test(actionId))?.[1];
}

export function registerActions(app: App, ctx: ListenerContext): void {
  const route = actionRoutes(ctx);
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions' }, async (args) => {
    const listener = route(args.action.action_id);
    if (listener) await listener(args);
  });
}
