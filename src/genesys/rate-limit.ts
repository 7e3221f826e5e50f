/**
 * The per-token rate limit of one Genesys client: a token bucket that can never send more than `rate` requests
 * in ANY window of `windowMs` (sliding, as a per-token limit may be measured). A burst of a fifth of the rate
 * goes at once (parallel role pages, the fan-out of one check); the rest refills evenly over the window, one
 * request per interval, so burst + refills in any window ≤ rate. A fixed-window reservoir would allow twice the
 * rate across a window boundary and meet 429s.
 *
 * Why not Bottleneck (which this replaced for Genesys calls, with the same numbers): every job went through its
 * datastore's asynchronous steps (queue, start, free) even with the bucket full; in a 200-org run that was about
 * a quarter of the checker thread's CPU (issue 26). Here a request with a token left starts at once; only a
 * request that finds the bucket empty waits, FIFO, for the refill that is its turn (one timer for the queue).
 */

/** The bucket's numbers (the same shape as Bottleneck's reservoir options, which they used to configure). */
export interface TokenBucketOptions {
  /** Tokens at the start, and the most the bucket holds (the burst). */
  reservoir: number;
  reservoirIncreaseAmount: number;
  reservoirIncreaseInterval: number;
  reservoirIncreaseMaximum: number;
}

export function tokenBucket(rate: number, windowMs: number): TokenBucketOptions {
  const burst = Math.max(1, Math.floor(rate / 5));
  const refill = Math.max(1, rate - burst);
  return {
    reservoir: burst,
    reservoirIncreaseAmount: 1,
    // +1 ms: at most `refill` refills fit in any window, even when one lands exactly on its edge.
    reservoirIncreaseInterval: Math.floor(windowMs / refill) + 1,
    reservoirIncreaseMaximum: burst,
  };
}

export class RateLimiter {
  private tokens: number;
  private lastRefill: number;
  private readonly waiting: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly options: TokenBucketOptions,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.tokens = options.reservoir;
    this.lastRefill = now();
  }

  /** Runs `job` once a token is free (at once when one is), FIFO behind requests already waiting. */
  async schedule<T>(job: () => Promise<T>): Promise<T> {
    if (this.waiting.length > 0 || !this.take()) await new Promise<void>((resolve) => this.enqueue(resolve));
    return job();
  }

  /** Stops the refill timer; requests still waiting are not run (calls after close are not supported). */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens--;
    return true;
  }

  /** Adds the refills due since the last one, each exactly one interval after the previous. */
  private refill(): void {
    const { reservoirIncreaseInterval: interval, reservoirIncreaseAmount: amount } = this.options;
    const due = Math.floor((this.now() - this.lastRefill) / interval);
    if (due <= 0) return;
    this.lastRefill += due * interval;
    this.tokens = Math.min(this.options.reservoirIncreaseMaximum, this.tokens + due * amount);
  }

  private enqueue(resolve: () => void): void {
    this.waiting.push(resolve);
    this.wake();
  }

  private wake(): void {
    if (this.timer || this.closed) return;
    while (this.waiting.length > 0 && this.take()) this.waiting.shift()!();
    if (this.waiting.length === 0) return;
    const wait = Math.max(1, this.lastRefill + this.options.reservoirIncreaseInterval - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.wake();
    }, wait);
  }
}
