import { describe, expect, it } from 'vitest';
import { backoffMs, retryAfterMs, withRetries, type AttemptOutcome, type Clock } from '../../../src/genesys/retry';
import { refreshMarginMs } from '../../../src/genesys/token';

function fakeClock(): Clock & { waits: number[]; t: number } {
  const clock = {
    t: 0,
    waits: [] as number[],
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.waits.push(ms);
      clock.t += ms;
    },
    random: () => 0.5,
  };
  return clock;
}

const response = (status: number, headers: Record<string, unknown> = {}): AttemptOutcome => ({
  kind: 'response',
  status,
  headers,
});

async function run(outcomes: AttemptOutcome[], policy = { retries: 5, budgetMs: 10_000, baseDelayMs: 100 }) {
  const clock = fakeClock();
  let i = 0;
  const result = await withRetries(
    async (context) => {
      context.markDispatched();
      return outcomes[Math.min(i++, outcomes.length - 1)]!;
    },
    policy,
    clock,
  );
  return { ...result, waits: clock.waits };
}

describe('retry policy', () => {
  it('reads Retry-After seconds and dates', () => {
    expect(retryAfterMs({ 'retry-after': '3' }, 0)).toBe(3000);
    expect(retryAfterMs({ 'retry-after': '0' }, 0)).toBe(0);
    expect(retryAfterMs({ 'retry-after': new Date(10_000).toUTCString() }, 4_000)).toBe(6000);
    expect(retryAfterMs({ 'retry-after': 'soon' }, 0)).toBeUndefined();
    expect(retryAfterMs({}, 0)).toBeUndefined();
  });

  it('backs off exponentially with jitter between half and the whole step', () => {
    expect(backoffMs(1, 100, 0)).toBe(50);
    expect(backoffMs(1, 100, 0.999)).toBe(100);
    expect(backoffMs(3, 100, 0.5)).toBe(300);
  });

  it('waits what Retry-After says on 429', async () => {
    const r = await run([response(429, { 'retry-after': '2' }), response(429, { 'retry-after': '1' }), response(200)]);
    expect(r.waits).toEqual([2000, 1000]);
    expect(r.attempts).toBe(3);
    expect(r.outcome).toEqual(response(200));
  });

  it('backs off on 500, 502, 503, 504 and transport failures', async () => {
    const r = await run([
      response(500),
      response(502),
      response(503),
      response(504),
      { kind: 'transport' },
      response(200),
    ]);
    expect(r.waits).toEqual([75, 150, 300, 600, 1200]);
    expect(r.attempts).toBe(6);
  });

  it.each([400, 401, 403, 404, 409, 501])('does not retry %i', async (status) => {
    const r = await run([response(status), response(200)]);
    expect(r.attempts).toBe(1);
    expect(r.waits).toEqual([]);
  });

  it('stops after the configured retries', async () => {
    const r = await run([response(503)], { retries: 2, budgetMs: 100_000, baseDelayMs: 10 });
    expect(r.attempts).toBe(3);
    expect(r.outcome).toEqual(response(503));
  });

  it('stops when the next wait would overrun the budget and returns the last outcome', async () => {
    const r = await run([response(429, { 'retry-after': '3' })], { retries: 10, budgetMs: 5_000, baseDelayMs: 10 });
    expect(r.waits).toEqual([3000]);
    expect(r.attempts).toBe(2);
    expect(r.outcome.kind === 'response' && r.outcome.status).toBe(429);
  });

  it('caps the attempt by the budget left', async () => {
    const clock = fakeClock();
    const remaining: number[] = [];
    await withRetries(
      async (context) => {
        remaining.push(context.remainingMs);
        context.markDispatched();
        clock.t += 100; // the attempt itself takes time
        return response(503);
      },
      { retries: 3, budgetMs: 1_000, baseDelayMs: 100 },
      clock,
    );
    // first attempt: budget not started; then the budget minus attempts and waits so far
    expect(remaining).toEqual([Infinity, 825, 575, 175]);
  });

  it('replaces tokens min(60 s, 10%) before expiry', () => {
    expect(refreshMarginMs(86_400)).toBe(60_000);
    expect(refreshMarginMs(300)).toBe(30_000);
  });
});
