/** Channel and DM messages: pasted 403s in mapped channels and in DMs with the bot. */
import type { App } from '@slack/bolt';
import type { ListenerContext } from '../../listener-context';
import type { PasteDecisionDeps } from './paste-decision';
import { pastedError } from './pasted-error';

/** `message` events (message.channels, message.groups, message.im): pasted errors and credentials. */
export function registerMessages(app: App, ctx: ListenerContext, deps: PasteDecisionDeps): void {
  app.event('message', pastedError(ctx, deps));
}
