/** Events API listeners: App Home opened, app mentions. */
import type { App } from '@slack/bolt';
import type { ListenerContext } from '../../listener-context';
import { appHomeOpened } from './app-home';
import { appMention } from './app-mention';

export function registerEvents(app: App, ctx: ListenerContext): void {
  app.event('app_mention', appMention(ctx));
  app.event('app_home_opened', appHomeOpened(ctx));
}
