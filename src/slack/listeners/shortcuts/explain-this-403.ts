/**
 * The "Explain this 403" message shortcut: on any message, in any channel (mapped or not, the bot a member
 * or not), the person who used it gets the same explanation a pasted 403 earns, ephemerally through the
 * payload's response_url, so nobody else sees it and no channel membership is needed. A message with no
 * Genesys 403 gets a one-line answer saying so (and the rotate warning when it holds a credential).
 */
import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import * as z from 'zod';
import { renderSecretWarning } from '../../blocks/paste';
import type { SlackMessage } from '../../blocks/message';
import type { ListenerContext } from '../../listener-context';
import { decidePaste, type PasteDecisionDeps } from '../messages/paste-decision';
import { buildReply } from '../messages/pasted-error';

export const EXPLAIN_SHORTCUT_CALLBACK_ID = 'explain_403';

/** The fields of a message_action payload this listener reads; anything else is a bad payload. */
const ShortcutPayloadSchema = z.object({
  type: z.literal('message_action'),
  callback_id: z.literal(EXPLAIN_SHORTCUT_CALLBACK_ID),
  user: z.object({ id: z.string().regex(/^[UW][A-Z0-9]{2,30}$/) }),
  channel: z.object({ id: z.string().regex(/^[CGD][A-Z0-9]{2,30}$/) }),
  message: z.object({
    ts: z.string().regex(/^\d{1,12}\.\d{1,8}$/),
    thread_ts: z
      .string()
      .regex(/^\d{1,12}\.\d{1,8}$/)
      .optional(),
    text: z
      .string()
      .max(64 * 1024)
      .optional(),
  }),
});

export const NO_403_ANSWER =
  'I found no Genesys Cloud 403 in that message: no Genesys error body, code or host with a 403, and no report of a 403 on a Genesys path. Paste the error (the response body, SDK exception or curl output) and try again, or run /sr-check org=<name>.';

export function explainThis403(ctx: ListenerContext, deps: PasteDecisionDeps) {
  return async ({
    ack,
    shortcut,
    respond,
  }: SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const parsed = ShortcutPayloadSchema.safeParse(shortcut);
    const log = ctx.logger.child({ surface: 'shortcut' });
    const answer = async (reply: SlackMessage): Promise<void> => {
      try {
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: reply.text,
          ...(reply.blocks.length > 0 ? { blocks: reply.blocks as never } : {}),
        });
      } catch (error) {
        log.warn({ err: error }, 'shortcut answer not sent');
      }
    };
    if (!parsed.success) {
      log.info({ issues: parsed.error.issues.length }, 'bad shortcut payload');
      await answer({ text: 'sr-check could not read that message.', blocks: [] });
      return;
    }
    const payload = parsed.data;
    const message = {
      text: payload.message.text ?? '',
      channelId: payload.channel.id,
      isDm: payload.channel.id.startsWith('D'),
      userId: payload.user.id,
      ts: payload.message.ts,
      replyThreadTs: payload.message.thread_ts ?? payload.message.ts,
    };
    const decision = decidePaste(message, deps, true);
    log.info({ channel: message.channelId, user: message.userId, reply: decision.kind }, 'explain-this-403 shortcut');
    await ctx.inFlight.run(async () => {
      if (decision.kind === 'ignore') {
        await answer({ text: NO_403_ANSWER, blocks: [] });
        return;
      }
      if (decision.kind === 'secrets') {
        const warning = renderSecretWarning(decision.secrets);
        await answer({ text: `${NO_403_ANSWER} ${warning.text}`, blocks: warning.blocks });
        return;
      }
      try {
        await answer(await buildReply(ctx, message, decision));
      } catch (error) {
        log.warn({ err: error }, 'shortcut explanation failed');
        await answer({ text: 'sr-check could not build the explanation; try again, or run /sr-check.', blocks: [] });
      }
    });
  };
}
