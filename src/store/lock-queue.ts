/**
 * One asynchronous waiter per SQLite store for the calls that found the write lock held by another connection.
 *
 * better-sqlite3 is synchronous, so SQLite's own busy wait would block the event loop; the store sets it to 0 and
 * an attempt that finds the lock held fails at once (SQLITE_BUSY). Such calls join one FIFO queue, and a single
 * poller retries only the head, once per tick, after a small jittered pause that doubles up to a cap: whatever
 * the number of waiters, a tick costs one failed attempt, so timers (the claim guard before Slack's ack, /healthz)
 * keep firing on time. Once the head succeeds the rest follow in order within the same tick (yielding to the
 * event loop every few milliseconds). Each waiter still gives up at its own deadline, with the busy error of its
 * last attempt.
 */

/** One try of a store call: its writes are one statement or one transaction, so a busy try changed nothing. */
export type Attempt<T> = () => Promise<T>;

export interface LockQueueOptions {
  /** Whether an error means "locked by another connection, try again later". */
  isBusy(error: unknown): boolean;
  /** Pause before the first retry (ms); doubles after every busy retry, up to maxPauseMs. */
  firstPauseMs?: number;
  maxPauseMs?: number;
  /** How long one tick may run queued calls back to back before yielding to the event loop (ms). */
  sliceMs?: number;
  /** In [0, 1): spreads the pauses (several processes waiting on one file do not retry in step). */
  random?: () => number;
}

interface Waiter {
  attempt: Attempt<unknown>;
  deadline: number;
  /** The busy error of this waiter's last attempt: what it rejects with when its deadline passes. */
  error: unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export class LockQueue {
  private readonly waiting: Waiter[] = [];
  private readonly isBusy: (error: unknown) => boolean;
  private readonly firstPauseMs: number;
  private readonly maxPauseMs: number;
  private readonly sliceMs: number;
  private readonly random: () => number;
  private pauseMs: number;
  private wakeup: NodeJS.Timeout | undefined;
  private draining = false;

  constructor(options: LockQueueOptions) {
    this.isBusy = options.isBusy;
    this.firstPauseMs = options.firstPauseMs ?? 5;
    this.maxPauseMs = options.maxPauseMs ?? 50;
    this.sliceMs = options.sliceMs ?? 5;
    this.random = options.random ?? Math.random;
    this.pauseMs = this.firstPauseMs;
  }

  /** Calls waiting for the lock (tests and diagnostics). */
  get size(): number {
    return this.waiting.length;
  }

  /**
   * Tries `attempt` now; if the lock is held, queues it behind the earlier waiters until it succeeds, fails
   * otherwise, or `timeoutMs` has passed (then rejects with the busy error). Reads that do not need the write
   * lock (WAL) succeed on the first try even while writes wait.
   */
  async run<T>(attempt: Attempt<T>, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    try {
      const value = await attempt();
      // It got through, so the lock may be free: let the queued calls go now rather than at the next tick.
      if (this.waiting.length > 0) this.wake();
      return value;
    } catch (error) {
      if (!this.isBusy(error) || Date.now() >= deadline) throw error;
      return new Promise<T>((resolve, reject) => {
        if (this.waiting.length === 0) this.pauseMs = this.firstPauseMs;
        this.waiting.push({ attempt, deadline, error, resolve: resolve as (value: unknown) => void, reject });
        this.schedule();
      });
    }
  }

  private schedule(delayMs?: number): void {
    if (this.wakeup !== undefined || this.draining || this.waiting.length === 0) return;
    let earliest = Number.POSITIVE_INFINITY;
    for (const waiter of this.waiting) earliest = Math.min(earliest, waiter.deadline);
    const pause = delayMs ?? this.pauseMs / 2 + (this.random() * this.pauseMs) / 2;
    const delay = Math.max(0, Math.min(pause, earliest - Date.now()));
    this.wakeup = setTimeout(() => {
      this.wakeup = undefined;
      void this.drain();
    }, delay);
  }

  private wake(): void {
    if (this.draining) return;
    if (this.wakeup !== undefined) clearTimeout(this.wakeup);
    this.wakeup = undefined;
    void this.drain();
  }

  /** One tick: retry the head; while it gets through, run the next ones; then expire the overdue waiters. */
  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    const sliceEnd = Date.now() + this.sliceMs;
    let yieldNow = false;
    let busyHead: Waiter | undefined;
    try {
      while (this.waiting.length > 0) {
        const head = this.waiting[0] as Waiter;
        try {
          const value = await head.attempt();
          this.waiting.shift();
          head.resolve(value);
          this.pauseMs = this.firstPauseMs;
        } catch (error) {
          if (!this.isBusy(error)) {
            this.waiting.shift();
            head.reject(error);
            continue;
          }
          head.error = error;
          busyHead = head;
          this.pauseMs = Math.min(this.pauseMs * 2, this.maxPauseMs);
          break;
        }
        if (Date.now() >= sliceEnd) {
          yieldNow = true;
          break;
        }
      }
      await this.expire(busyHead);
    } finally {
      this.draining = false;
    }
    this.schedule(yieldNow ? 0 : undefined);
  }

  /**
   * Waiters whose deadline has passed get one last try (the lock may have gone since their last one), then
   * reject with their busy error. `triedNow` just failed in this tick and is not tried again.
   */
  private async expire(triedNow: Waiter | undefined): Promise<void> {
    const now = Date.now();
    const overdue = this.waiting.filter((waiter) => waiter.deadline <= now);
    for (const waiter of overdue) {
      this.waiting.splice(this.waiting.indexOf(waiter), 1);
      if (waiter === triedNow) {
        waiter.reject(waiter.error);
        continue;
      }
      try {
        waiter.resolve(await waiter.attempt());
      } catch (error) {
        waiter.reject(error);
      }
    }
  }
}
