/**
 * Global middleware: a delivery Slack sends again (X-Slack-Retry-Num, duplicate deliveries, double
 * submits) is acknowledged and dropped, so it never produces a second answer. Events are keyed by
 * event_id, commands and button clicks by a hash of their trigger_id (or the whole body without one).
 *
 * Two claims, in order: a process-local one, checked and set synchronously, so a duplicate this process has
 * already seen is dropped even when the shared store is slow (its write lock held by another process: both
 * shared claims would time out below and both deliveries would run); then the shared store's, which dedupes
 * across replicas.
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
  /** The clock of the process-local claims (epoch ms); tests move it. */
  now?: () => number;
}

/**
 * At most this many keys are remembered locally (the oldest are forgotten first; the shared claim still
 * covers them): an hour of deliveries of a busy workspace, a few megabytes at most.
 */
export const LOCAL_CLAIMS_MAX = 100_000;

/**
 * The keys this process has claimed, each until its expiry. Every key lives the same TTL, so insertion order
 * is expiry order and expired keys are pruned from the front as new ones come in.
 */
class LocalClaims {
  private readonly expiries = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  /** True the first time `key` is seen within the TTL; synchronous, so atomic within this process. */
  claim(key: string): boolean {
    const now = this.now();
    this.prune(now);
    const expiry = this.expiries.get(key);
    if (expiry !== undefined && expiry > now) return false;
    this.expiries.delete(key);
    this.expiries.set(key, now + this.ttlMs);
    return true;
  }

  private prune(now: number): void {
    for (const [key, expiry] of this.expiries) {
      if (expiry > now && this.expiries.size < LOCAL_CLAIMS_MAX) break;
      this.expiries.delete(key);
    }
  }
}

export function dedupeDeliveries(ctx: ListenerContext, options: DedupeOptions = {}): Middleware<AnyMiddlewareArgs> {
  const local = new LocalClaims(DEDUPE_TTL_SECONDS * 1000, options.now ?? Date.now);
  return async (args: AnyMiddlewareArgs & AllMiddlewareArgs) => {
    const key = deliveryKey(args.body);
    if (key) {
      const hasAck = 'ack' in args && typeof args.ack === 'function';
      const timeoutMs = hasAck
        ? (options.ackClaimTimeoutMs ?? ACK_CLAIM_TIMEOUT_MS)
        : (options.eventClaimTimeoutMs ?? EVENT_CLAIM_TIMEOUT_MS);
      // Checked and set before any await: a duplicate this process has seen never waits on the store. A store
      // that answers synchronously (the in-memory one) is asked so, with no timer and no await before the ack.
      const first =
        local.claim(key) && (ctx.idempotency.claimNow ? claimNow(ctx, key) : await sharedClaim(ctx, key, timeoutMs));
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

/** A synchronous store's claim; one that throws is treated as an outage, as in sharedClaim. */
function claimNow(ctx: ListenerContext, key: string): boolean {
  try {
    return ctx.idempotency.claimNow?.(key, DEDUPE_TTL_SECONDS) ?? true;
  } catch (error) {
    ctx.logger.warn({ key, err: error }, 'idempotency store failed; processing anyway');
    return true;
  }
}

/** The shared store's claim: false only when it says another delivery (here or on a replica) came first. */
async function sharedClaim(ctx: ListenerContext, key: string, timeoutMs: number): Promise<boolean> {
  try {
    const claimed = await claimWithin(ctx.idempotency.claim(key, DEDUPE_TTL_SECONDS), timeoutMs);
    if (claimed !== TIMED_OUT) return claimed;
    // Same stance as a store outage: answer rather than stay silent (or miss Slack's ack deadline). A retry
    // reaching this process is still dropped by the local claim; one reaching another replica may be answered.
    ctx.logger.warn(
      { key, timeoutMs },
      'idempotency claim timed out; processing anyway (a retry may be answered twice)',
    );
  } catch (error) {
    // A store outage must not silence the app; at worst a retry reaching another replica is answered twice.
    ctx.logger.warn({ key, err: error }, 'idempotency store failed; processing anyway');
  }
  return true;
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
