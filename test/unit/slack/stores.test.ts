import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeValue, encodeValue, FixValueSchema, RerunValueSchema } from '../../../src/slack/button-values';
import { deliveryKey } from '../../../src/slack/listeners/middleware/dedupe';
import { MemoryIdempotencyStore } from '../../../src/slack/stores/idempotency-store';
import { MemoryRequestStore } from '../../../src/slack/stores/request-store';

afterEach(() => {
  vi.useRealTimers();
});

describe('MemoryIdempotencyStore', () => {
  it('lets exactly one of many concurrent claims win, and the key again after its TTL', async () => {
    vi.useFakeTimers();
    const store = new MemoryIdempotencyStore();
    const results = await Promise.all(Array.from({ length: 20 }, () => store.claim('event:Ev1', 60)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.claim('event:Ev2', 60)).toBe(true);
    vi.advanceTimersByTime(61_000);
    expect(await store.claim('event:Ev1', 60)).toBe(true);
    store.close();
  });

  it('answers the same claim synchronously (claimNow), sharing its keys with claim', async () => {
    const store = new MemoryIdempotencyStore();
    expect(store.claimNow('command:a', 60)).toBe(true);
    expect(store.claimNow('command:a', 60)).toBe(false);
    expect(await store.claim('command:a', 60)).toBe(false);
    expect(await store.claim('command:b', 60)).toBe(true);
    expect(store.claimNow('command:b', 60)).toBe(false);
    store.close();
  });
});

describe('MemoryRequestStore', () => {
  it('returns what was put under a short id, and nothing after the TTL', async () => {
    vi.useFakeTimers();
    const store = new MemoryRequestStore();
    const id = await store.put(
      { request: { org: 'acme', fresh: false }, channelId: 'C1', userId: 'U1', fixes: [], createdAt: 0 },
      10,
    );
    expect(id).toMatch(/^[A-Za-z0-9_-]{8,32}$/);
    expect((await store.get(id))?.channelId).toBe('C1');
    expect(await store.get('unknown-id')).toBeUndefined();
    vi.advanceTimersByTime(11_000);
    expect(await store.get(id)).toBeUndefined();
    store.close();
  });
});

describe('MemoryRequestStore Details cap', () => {
  const details = (n: number) => ({ identity: { kind: 'client', id: `c${n}` }, text: 'x'.repeat(n) }) as never;
  const check = (userId: string, n: number) => ({
    request: { org: 'acme', fresh: false },
    channelId: 'C1',
    userId,
    fixes: [],
    createdAt: n,
    details: details(n),
  });

  it('keeps the newest Details of each person within the count, drops the oldest first and says so; others are untouched', async () => {
    const store = new MemoryRequestStore({ count: 2, bytes: 1_000_000 });
    const a1 = await store.put(check('U1', 1), 60);
    const b1 = await store.put(check('U2', 2), 60);
    const a2 = await store.put(check('U1', 3), 60);
    const a3 = await store.put(check('U1', 4), 60);
    const dropped = await store.get(a1);
    expect(dropped?.details).toBeUndefined();
    expect(dropped?.detailsDropped).toEqual({ count: 2 });
    expect(dropped?.identity).toEqual({ kind: 'client', id: 'c1' });
    expect(dropped?.channelId).toBe('C1');
    expect((await store.get(a2))?.details).toEqual(details(3));
    expect((await store.get(a3))?.details).toEqual(details(4));
    expect((await store.get(b1))?.details).toEqual(details(2));
    store.close();
  });

  it('drops by bytes too, but always keeps the newest', async () => {
    const store = new MemoryRequestStore({ count: 20, bytes: 1_500 });
    const first = await store.put(check('U1', 1_000), 60);
    const second = await store.put(check('U1', 1_000), 60);
    expect((await store.get(first))?.detailsDropped).toEqual({ count: 20 });
    expect((await store.get(second))?.details).toEqual(details(1_000));
    const huge = await store.put(check('U1', 5_000), 60);
    expect((await store.get(huge))?.details).toEqual(details(5_000));
    expect((await store.get(second))?.details).toBeUndefined();
    store.close();
  });

  it('a request put without Details comes back without a dropped notice', async () => {
    const store = new MemoryRequestStore({ count: 1, bytes: 10 });
    const { details: _unused, ...bare } = check('U1', 1);
    const id = await store.put(bare, 60);
    expect(await store.get(id)).toEqual(bare);
    store.close();
  });
});

describe('button values', () => {
  it('round-trip', () => {
    expect(decodeValue(FixValueSchema, encodeValue({ r: 'abcdefgh12', f: 3 }))).toEqual({ r: 'abcdefgh12', f: 3 });
    expect(decodeValue(RerunValueSchema, encodeValue({ r: 'abcdefgh12' }))).toEqual({ r: 'abcdefgh12' });
  });

  it.each([
    undefined,
    42,
    '',
    'not json',
    '{"r":"short"}',
    '{"r":"abcdefgh12","f":-1}',
    '{"r":"abcdefgh12","f":1.5}',
    '{"r":"../../etc/passwd"}',
    '{"r":"abcdefgh12","f":1,"extra":true}',
    `{"r":"${'a'.repeat(3000)}"}`,
  ])('refuses %j', (raw) => {
    expect(decodeValue(FixValueSchema, raw)).toBeUndefined();
    expect(decodeValue(RerunValueSchema, raw)).toBeUndefined();
  });
});

describe('deliveryKey', () => {
  it('keys events by event_id, commands and clicks by a hash of trigger_id', () => {
    expect(deliveryKey({ type: 'event_callback', event_id: 'Ev1' })).toBe('event:Ev1');
    const a = deliveryKey({ command: '/sr-check', trigger_id: 't1', text: 'a' });
    expect(a).toMatch(/^command:/);
    expect(deliveryKey({ command: '/sr-check', trigger_id: 't1', text: 'b' })).toBe(a);
    expect(deliveryKey({ command: '/sr-check', trigger_id: 't2' })).not.toBe(a);
    expect(
      deliveryKey({ type: 'block_actions', trigger_id: 't1', actions: [{ action_id: 'rerun', action_ts: '1.2' }] }),
    ).toMatch(/^action:/);
    expect(deliveryKey({ type: 'url_verification' })).toBeUndefined();
    expect(deliveryKey(null)).toBeUndefined();
  });
});
