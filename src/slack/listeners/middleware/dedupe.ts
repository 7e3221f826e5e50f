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
  if (typeof b.command === 'string')
    return `command:${hash(typeof b.trigger_id === 'string' ? b.trigger_id : JSON.stringify(b))}`;
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

/**
 * How long a delivery that still has to be acknowledged (command, button click) waits for its claim. Slack
 * wants the ack within 3 s and the listener acks only after this middleware, so a slow or exhausted
 * database pool must not hold it: past this the delivery is processed unclaimed (a Slack retry could then
 * be answered twice, which is better than the timeout error the user would see).
 */
export const ACK_CLAIM_TIMEOUT_MS = 1_000;
/**
 * Events were already acknowledged by Bolt before any middleware runs, so there is no deadline to meet
 * and waiting longer keeps exactly-once; a claim that never settles still must not swallow the event.
 */
export const EVENT_CLAIM_TIMEOUT_MS = 10_000;

const TIMED_OUT = Symbol('claim timed out');

export interface DedupeOptions {
  ackClaimTimeoutMs?: number;
  eventClaimTimeoutMs?: number;
}

export function dedupeDeliveries(ctx: ListenerContext, options: DedupeOptions = {}): Middleware<AnyMiddlewareArgs> {
  return async (args: AnyMiddlewareArgs & AllMiddlewareArgs) => {
    const key = deliveryKey(args.body);
    if (key) {
      const hasAck = 'ack' in args && typeof args.ack === 'function';
      const timeoutMs = hasAck
        ? (options.ackClaimTimeoutMs ?? ACK_CLAIM_TIMEOUT_MS)
        : (options.eventClaimTimeoutMs ?? EVENT_CLAIM_TIMEOUT_MS);
      let first = true;
      try {
        const claimed = await claimWithin(ctx.idempotency.claim(key, DEDUPE_TTL_SECONDS), timeoutMs);
        if (claimed === TIMED_OUT) {
          // Same stance as a store outage: answer rather than stay silent (or miss Slack's ack deadline).
          ctx.logger.warn(
            { key, timeoutMs },
            'idempotency claim timed out; processing anyway (a retry may be answered twice)',
          );
        } else {
          first = claimed;
        }
      } catch (error) {
        // A store outage must not silence the app; at worst a retry is answered twice.
        ctx.logger.warn({ key, err: error }, 'idempotency store failed; processing anyway');
      }
      if (!first) {
        ctx.logger.info(
          { key, retryNum: args.context.retryNum, retryReason: args.context.retryReason },
          'duplicate delivery dropped',
        );
        if (hasAck) await (args as { ack: () => Promise<void> }).ack();
        return;
      }
    }
    await args.next();
  };
}

/** The claim, or TIMED_OUT once `timeoutMs` passed; a claim that settles later is left to finish (its error is dropped). */
async function claimWithin(claim: Promise<boolean>, timeoutMs: number): Promise<boolean | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([claim, timeout]);
  } finally {
    clearTimeout(timer);
    claim.catch(() => undefined);
  }
}
