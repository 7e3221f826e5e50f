/**
 * Modal submissions (view_submission), by callback id: one Bolt listener routes them all (see actions/index.ts
 * for why). A callback id no route names is left alone, as before.
 */
import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { CHECK_CALLBACK_ID } from '../../blocks/check-modal';
import { DENY_CALLBACK_ID } from '../../blocks/deny-modal';
import type { ListenerContext } from '../../listener-context';
import { checkSubmitted } from './check-submitted';
import { denyReasonSubmitted } from './deny-reason';

type ViewListener = (args: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => Promise<void>;

/** The listener for a modal's callback id, or undefined when it is no modal of ours. */
export function viewRoutes(ctx: ListenerContext): (callbackId: string) => ViewListener | undefined {
  const routes = new Map<string, ViewListener>([
    [DENY_CALLBACK_ID, denyReasonSubmitted(ctx)],
    [CHECK_CALLBACK_ID, checkSubmitted(ctx)],
  ]);
  return (callbackId) => routes.get(callbackId);
}

export function registerViews(app: App, ctx: ListenerContext): void {
  const route = viewRoutes(ctx);
  app.view<ViewSubmitAction>({ type: 'view_submission' }, async (args) => {
    const listener = route(args.view.callback_id);
    if (listener) await listener(args);
  });
}
