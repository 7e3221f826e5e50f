/** Message shortcuts: "Explain this 403" on any message. */
import type { App, MessageShortcut } from '@slack/bolt';
import type { ListenerContext } from '../../listener-context';
import type { PasteDecisionDeps } from '../messages/paste-decision';
import { EXPLAIN_SHORTCUT_CALLBACK_ID, explainThis403 } from './explain-this-403';

export { EXPLAIN_SHORTCUT_CALLBACK_ID } from './explain-this-403';

/** Message shortcuts: "Explain this 403" (callback id in slack-manifest.yml). */
export function registerShortcuts(app: App, ctx: ListenerContext, deps: PasteDecisionDeps): void {
  app.shortcut<MessageShortcut>(
    { type: 'message_action', callback_id: EXPLAIN_SHORTCUT_CALLBACK_ID },
    explainThis403(ctx, deps),
  );
}
