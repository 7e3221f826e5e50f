import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimiter, tokenBucket } from '../../../src/genesys/rate-limit';

describe('RateLimiter', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** Schedules `jobs` requests at once and returns when each started (fake ms since the start). */
  async function startTimes(limiter: RateLimiter, jobs: number, runForMs: number): Promise<number[]> {
    const t0 = Date.now();
    const started: number[] = [];
    const all = Array.from({ length: jobs }, () => limiter.schedule(async () => void started.push(Date.now() - t0)));
    await vi.advanceTimersByTimeAsync(runForMs);
    await Promise.all(all);
    return started;
  }

  it('sends the burst at once and queues the rest for the refills, one per interval, in order', async () => {
    // 10 per 2 s: a burst of 2, then one every 251 ms.
    const limiter = new RateLimiter(tokenBucket(10, 2_000));
    const order: number[] = [];
    const t0 = Date.now();
    const started: number[] = [];
    const all = Array.from({ length: 5 }, (_, i) =>
      limiter.schedule(async () => {
        order.push(i);
        started.push(Date.now() - t0);
      }),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual([0, 0]);
    await vi.advanceTimersByTimeAsync(1_000);
    await Promise.all(all);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 0, 251, 502, 753]);
    limiter.close();
  });

  it('never starts more than the rate in any window, wherever the window starts', async () => {
    for (const [rate, windowMs] of [
      [300, 60_000],
      [30, 6_000],
      [10, 2_000],
      [2, 1_000],
    ] as const) {
      const limiter = new RateLimiter(tokenBucket(rate, windowMs));
      // Three windows' worth of requests; all have started after six windows.
      const started = await startTimes(limiter, rate * 3, windowMs * 6);
      expect(started).toHaveLength(rate * 3);
      for (const from of started) {
        const inWindow = started.filter((t) => t >= from && t <= from + windowMs).length;
        expect(inWindow, `${rate}/${windowMs} from ${from}`).toBeLessThanOrEqual(rate);
      }
      limiter.close();
    }
  });

  it('refills while idle up to the burst only', async () => {
    const limiter = new RateLimiter(tokenBucket(10, 2_000));
    await startTimes(limiter, 2, 0);
    await vi.advanceTimersByTimeAsync(60_000);
    // A minute idle gives back the burst (2), not 239 tokens.
    const started = await startTimes(limiter, 4, 1_000);
    expect(started.slice(0, 2)).toEqual([0, 0]);
    expect(started[2]).toBeGreaterThan(0);
    expect(started[3]! - started[2]!).toBe(251);
    limiter.close();
  });
});
