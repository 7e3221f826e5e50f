/**
 * The dedupe middleware (issue 14 item 4b, review): with the shared store's write lock held by another process,
 * the claim of a command and of its Slack retry both outlast the 1 s guard, and both used to run, so one slash
 * command got two verdicts. A process-local claim, checked and set synchronously before the shared one, drops a
 * duplicate this process has already seen however slow the store is; the shared claim still dedupes across
 * replicas. The store here is a deterministic fake whose claim never settles (or answers what another replica
 * decided), not a real lock.
 */
import type { AllMiddlewareArgs, AnyMiddlewareArgs } from '@slack/bolt';
import { describe, expect, it, vi } from 'vitest';
import type { ListenerContext } from '../../../src/slack/listener-context';
import { dedupeDeliveries, type DedupeOptions } from '../../../src/slack/listeners/middleware/dedupe';
import type { IdempotencyStore } from '../../../src/slack/stores/idempotency-store';

const COMMAND = { command: '/sr-check', text: 'acme op=screen-recording', trigger_id: '123.456.abc', user_id: 'U1' };
const EVENT = { type: 'event_callback', event_id: 'Ev01', event: { type: 'app_mention', text: 'hi' } };

/** A store whose claims never settle: the SQLite write lock held by another process, as far as this one can tell. */
const stuck: IdempotencyStore = { claim: () => new Promise<boolean>(() => undefined) };

function harness(store: IdempotencyStore, options: DedupeOptions = { ackClaimTimeoutMs: 20, eventClaimTimeoutMs: 20 }) {
  const logger = { warn: vi.fn(), info: vi.fn() };
  const middleware = dedupeDeliveries({ idempotency: store, logger } as unknown as ListenerContext, options);
  let ran = 0;
  let acked = 0;
  const deliver = async (body: object, withAck = true, retryNum?: number) => {
    const args = {
      body,
      context: { retryNum, retryReason: retryNum ? 'http_timeout' : undefined },
      next: async () => void ran++,
      ...(withAck ? { ack: async () => void acked++ } : {}),
    };
    await middleware(args as unknown as AnyMiddlewareArgs & AllMiddlewareArgs);
  };
  return { deliver, logger, ran: () => ran, acked: () => acked };
}

describe('dedupeDeliveries', () => {
  it('a command and its Slack retry, while the shared claim hangs past the guard: runs once, the retry is acked', async () => {
    const h = harness(stuck);
    await h.deliver(COMMAND);
    await h.deliver({ ...COMMAND }, true, 1);
    expect(h.ran()).toBe(1);
    expect(h.acked()).toBe(1); // the dropped retry; the first is acked by its listener
    expect(h.logger.info).toHaveBeenCalledWith(expect.objectContaining({ retryNum: 1 }), 'duplicate delivery dropped');
  });

  it('both deliveries in flight at once, the store hanging: still one run', async () => {
    const h = harness(stuck);
    await Promise.all([h.deliver(COMMAND), h.deliver({ ...COMMAND }, true, 1)]);
    expect(h.ran()).toBe(1);
  });

  it('an event delivered twice while the store hangs: one run', async () => {
    const h = harness(stuck);
    await h.deliver(EVENT, false);
    await h.deliver({ ...EVENT }, false, 1);
    expect(h.ran()).toBe(1);
  });

  it('different commands each run, even with the store hanging', async () => {
    const h = harness(stuck);
    await h.deliver(COMMAND);
    await h.deliver({ ...COMMAND, trigger_id: '123.456.def' });
    expect(h.ran()).toBe(2);
  });

  it('a delivery another replica already claimed (the shared store says so) is dropped here too', async () => {
    const h = harness({ claim: async () => false });
    await h.deliver(COMMAND);
    expect(h.ran()).toBe(0);
    expect(h.acked()).toBe(1);
  });

  it('a store outage still answers (once per delivery, not twice)', async () => {
    const h = harness({ claim: async () => Promise.reject(new Error('store down')) });
    await h.deliver(COMMAND);
    await h.deliver({ ...COMMAND }, true, 1);
    expect(h.ran()).toBe(1);
    expect(h.logger.warn).toHaveBeenCalledTimes(1);
  });

  it('a store that answers synchronously (claimNow) decides before the first await: the listener runs in the same turn, claim() is never used', () => {
    const asked: string[] = [];
    const taken = new Set<string>();
    const store: IdempotencyStore = {
      claim: () => Promise.reject(new Error('claim() must not be used when claimNow is there')),
      claimNow: (key) => {
        asked.push(key);
        if (taken.has(key)) return false;
        taken.add(key);
        return true;
      },
    };
    const h = harness(store);
    void h.deliver(COMMAND);
    // Synchronously after the call: no timer, no promise round trip before the listener (and its ack) ran.
    expect(h.ran()).toBe(1);
    expect(asked).toHaveLength(1);
    expect(h.logger.warn).not.toHaveBeenCalled();
  });

  it('a synchronous store that says another delivery came first drops this one; one that throws still answers once', async () => {
    const claimed = harness({ claim: async () => true, claimNow: () => false });
    await claimed.deliver(COMMAND);
    expect(claimed.ran()).toBe(0);
    expect(claimed.acked()).toBe(1);
    const failing = harness({
      claim: async () => true,
      claimNow: () => {
        throw new Error('store down');
      },
    });
    await failing.deliver(COMMAND);
    await failing.deliver({ ...COMMAND }, true, 1);
    expect(failing.ran()).toBe(1);
    expect(failing.logger.warn).toHaveBeenCalledTimes(1);
  });

  it('the local claim expires with the TTL: after it, the shared store decides again', async () => {
    let now = 1_000_000;
    const claims: string[] = [];
    const store: IdempotencyStore = {
      claim: async (key) => {
        claims.push(key);
        return true;
      },
    };
    const h = harness(store, { now: () => now });
    await h.deliver(COMMAND);
    await h.deliver(COMMAND);
    expect(h.ran()).toBe(1);
    now += 60 * 60 * 1000 + 1;
    await h.deliver(COMMAND);
    expect(h.ran()).toBe(2);
    expect(claims).toHaveLength(2);
  });
});
