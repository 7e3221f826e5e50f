import Bottleneck from 'bottleneck';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLimiter } from '../../src/limiter';

/** Timers set while `jobs` parallel jobs are scheduled and run to the end on `limiter`. */
async function timersFor(limiter: Bottleneck, jobs: number): Promise<{ timers: number; ran: number }> {
  const spy = vi.spyOn(globalThis, 'setTimeout');
  let ran = 0;
  await Promise.all(
    Array.from({ length: jobs }, () =>
      limiter.schedule(async () => {
        ran++;
      }),
    ),
  );
  const timers = spy.mock.calls.length;
  spy.mockRestore();
  await limiter.disconnect();
  return { timers, ran };
}

describe('createLimiter', () => {
  afterEach(() => vi.restoreAllMocks());

  it('starts each job with one timer, not one before every datastore step', async () => {
    const options = { reservoir: 20, maxConcurrent: null };
    const plain = await timersFor(new Bottleneck(options), 9);
    const prompt = await timersFor(createLimiter(options), 9);
    expect(prompt.ran).toBe(9);
    expect(prompt.timers).toBeLessThanOrEqual(9);
    // The spy sees Bottleneck's own waits: without createLimiter each job takes several.
    expect(plain.ran).toBe(9);
    expect(plain.timers).toBeGreaterThan(2 * 9);
  });

  it('still holds jobs beyond the reservoir until it is refilled', async () => {
    const limiter = createLimiter({ reservoir: 2, maxConcurrent: null });
    let ran = 0;
    const jobs = Array.from({ length: 3 }, () => limiter.schedule(async () => ++ran));
    await Promise.all(jobs.slice(0, 2));
    expect(ran).toBe(2);
    await limiter.incrementReservoir(1);
    await jobs[2];
    expect(ran).toBe(3);
    await limiter.disconnect();
  });
});
