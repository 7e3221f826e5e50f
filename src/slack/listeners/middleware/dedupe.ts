/**
 * Global middleware: a delivery Slack sends again (X-Slack-Retry-Num, duplicate deliveries, double
 * submits) is acknowledged and dropped, so it never produces a second answer. Events are keyed by
 * event_id, commands and button clicks by a hash of their trigger_id (or the whole body without one).
 */
import { createHash } from 'node:crypto';
import type { AnyMiddlewareArgs, AllMiddlewareArgs, Middleware } from '@slack/bolt';
import type { ListenerContext } from '../../listener-context';

/** Longer than Slack's last retry (about 5 minutes after the first delivery). */
export const DEDUPE_TTL_SECONDS = 60 * 60;

export function deliveryKey(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  if (b.type === 'event_callback' && typeof b.event_id === 'string') return `event:${b.event_id}`;
  if (typeof b.command === 'string') return `command:${hash(typeof b.trigger_id === 'string' ? b.trigger_id : JSON.stringify(b))}`;
  if (b.type === 'block_actions') {
    const actions = Array.isArray(b.actions) ? (b.actions as Array<Record<string, unknown>>) : [];
    const first = actions[0] ?? {};
    const trigger = typeof b.trigger_id === 'string' ? b.trigger_id : JSON.stringify(b);
    return `action:${hash(`${trigger}|${String(first.action_id)}|${String(first.action_ts)}`)}`;
  }
  return undefined;
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 32);
}

export function dedupeDeliveries(ctx: ListenerContext): Middleware<AnyMiddlewareArgs> {
  return async (args: AnyMiddlewareArgs & AllMiddlewareArgs) => {
    const key = deliveryKey(args.body);
    if (key) {
      let first = true;
      try {
        first = await ctx.idempotency.claim(key, DEDUPE_TTL_SECONDS);
      } catch (error) {
        // A store outage must not silence the app; at worst a retry is answered twice.
        ctx.logger.warn({ key, error: error instanceof Error ? error.message : String(error) }, 'idempotency store failed; processing anyway');
      }
      if (!first) {
        ctx.logger.info({ key, retryNum: args.context.retryNum, retryReason: args.context.retryReason }, 'duplicate delivery dropped');
        if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
        return;
      }
    }
    await args.next();
  };
}
