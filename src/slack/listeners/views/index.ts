/** Modal submissions (view_submission), by callback id. */
import type { App } from '@slack/bolt';
import { CHECK_CALLBACK_ID } from '../../blocks/check-modal';
import { DENY_CALLBACK_ID } from '../../blocks/deny-modal';
import type { ListenerContext } from '../../listener-context';
import { checkSubmitted } from './check-submitted';
import { denyReasonSubmitted } from './deny-reason';

export function registerViews(app: App, ctx: ListenerContext): void {
  app.view({ type: 'view_submission', callback_id: DENY_CALLBACK_ID }, denyReasonSubmitted(ctx));
  app.view({ type: 'view_submission', callback_id: CHECK_CALLBACK_ID }, checkSubmitted(ctx));
}
