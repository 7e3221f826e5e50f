/** Slash commands: `/sr-check`. */
import type { App } from '@slack/bolt';
import type { ListenerContext } from '../../listener-context';
import { SLASH_COMMAND, srCheckCommand } from './sr-check';

export function registerCommands(app: App, ctx: ListenerContext): void {
  app.command(SLASH_COMMAND, srCheckCommand(ctx));
}
