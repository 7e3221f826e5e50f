import { afterEach, describe, expect, it, vi } from 'vitest';
import { perTokenRateLimit } from '../../../src/genesys/rate-limit';

afterEach(() => {
  vi.useRealTimers();
});

/**
 * Asks for `asks` requests at once and runs the (fake) clock until all were let through; answers when each went,
 * in ms from the start. The bucket reads `performance.now()`, so the fake clock fakes that too.
 */
async function releaseTimes(rate: number, windowMs: number, asks: number): Promise<number[]> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'performance', 'Date'] });
  const start = performance.now();
  const limit = perTokenRateLimit(rate, windowMs);
  const times: number[] = [];
  const all = Array.from({ length: asks }, () => limit.take().then(() => times.push(performance.now() - start)));
  let done = false;
  void Promise.all(all).then(() => (done = true));
  // Bounded: asks beyond the burst drip in at (rate - burst) per window, so this many windows always suffice.
  for (let step = 0; !done && step < (windowsToRelease(rate, asks) + 2) * 1000; step++)
    await vi.advanceTimersByTimeAsync(windowMs / 1000);
  expect(done, 'every request was let through').toBe(true);
  return times;
}

/** Windows a bucket for `rate` needs to let `asks` requests through: the burst at once, the rest as they drip in. */
function windowsToRelease(rate: number, asks: number): number {
  const burst = Math.max(1, Math.floor(rate / 5));
  return Math.max(0, asks - burst) / Math.max(1, rate - burst);
}

/** The most releases that fall in any window of `windowMs` (sliding: a window may start at any release). */
function mostInAnyWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe('per-token rate limit', () => {
  for (const [rate, windowMs] of [
    [300, 60_000],
    [30, 6_000],
    [10, 2_000],
    [2, 1_000],
    [1, 1_000],
  ] as const) {
    it(`never lets more than ${rate} requests through in any ${windowMs} ms window, and lets the burst go at once`, async () => {
      const asks = rate * 3 + 7;
      const times = await releaseTimes(rate, windowMs, asks);
      expect(times).toHaveLength(asks);
      expect(mostInAnyWindow(times, windowMs)).toBeLessThanOrEqual(rate);
      // The burst (a fifth of the rate, at least 1) leaves in the clock's first step, before anything drips in.
      const burst = Math.max(1, Math.floor(rate / 5));
      expect(times.filter((t) => t <= windowMs / 1000).length).toBe(burst);
      // ...and the rest leave as they drip in, not later: the limit costs no more time than the rate demands.
      const step = windowMs / 1000;
      expect(Math.max(...times)).toBeLessThanOrEqual(windowsToRelease(rate, asks) * (windowMs + 1) + 2 * step);
    });
  }

  it('lets waiting requests go in the order they asked', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'performance'] });
    const limit = perTokenRateLimit(5, 1_000);
    const order: number[] = [];
    const all = Array.from({ length: 6 }, (_, i) => limit.take().then(() => order.push(i)));
    await vi.advanceTimersByTimeAsync(3_000);
    await Promise.all(all);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
