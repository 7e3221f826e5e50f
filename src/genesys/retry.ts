/**
 * The retry policy of one Genesys call: 429 waits what `Retry-After` says, 5xx and transport failures back
 * off exponentially with jitter, and every retry including its wait must fit in the call's time budget.
 *
 * Written here rather than with an HTTP client's retry hooks (axios-retry, undici's retry interceptor): they
 * count retries but have no time budget, decide whether to retry before they know the delay (so cannot stop
 * when the wait would overrun the budget), and retry inside the client, where the per-attempt rate limiter,
 * request counting and logging would have to be split across hooks. This loop is small and keeps the whole
 * policy in one place.
 */

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** All attempts of one call, waits included, finish within this many ms of the first dispatch. */
  budgetMs: number;
  /** First backoff delay for 5xx and transport failures; doubles each retry. */
  baseDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 4, budgetMs: 20_000, baseDelayMs: 250 };

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** In [0, 1). */
  random(): number;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

/** One attempt's outcome as far as retrying cares. */
export type AttemptOutcome =
  | { kind: 'response'; status: number; headers: Record<string, unknown> }
  | { kind: 'transport' };

const RETRYABLE_STATUSES = new Set([500, 502, 503, 504]);

/** `Retry-After` in seconds (or an HTTP date), as ms; undefined when absent or unreadable. */
export function retryAfterMs(headers: Record<string, unknown>, nowMs: number): number | undefined {
  const raw = headers['retry-after'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** Exponential backoff with "equal jitter": half the step is fixed, half random. */
export function backoffMs(retryNumber: number, baseDelayMs: number, random: number): number {
  const step = baseDelayMs * 2 ** (retryNumber - 1);
  return Math.round(step / 2 + (step / 2) * random);
}

/** How long to wait before retrying, or undefined when this outcome is final. */
export function retryDelay(
  outcome: AttemptOutcome,
  retryNumber: number,
  policy: RetryPolicy,
  clock: Clock,
): number | undefined {
  if (outcome.kind === 'transport') return backoffMs(retryNumber, policy.baseDelayMs, clock.random());
  if (outcome.status === 429) {
    return retryAfterMs(outcome.headers, clock.now()) ?? backoffMs(retryNumber, policy.baseDelayMs, clock.random());
  }
  if (RETRYABLE_STATUSES.has(outcome.status)) return backoffMs(retryNumber, policy.baseDelayMs, clock.random());
  return undefined;
}

export interface AttemptContext {
  /** 1 for the first attempt. */
  attempt: number;
  /** Budget left for this attempt (cap for its timeout); Infinity before the first dispatch. */
  remainingMs: number;
  /** The attempt calls this when it is actually sent (after any queueing), to start the budget clock. */
  markDispatched(): void;
}

/**
 * Runs `send` until its outcome is final, retries run out, or the next wait would overrun the budget.
 * The budget clock starts at the first dispatch, so time spent queued behind the rate limiter before the
 * first attempt does not count (requests queue rather than fail).
 */
export async function withRetries<T extends AttemptOutcome>(
  send: (context: AttemptContext) => Promise<T>,
  policy: RetryPolicy,
  clock: Clock,
  /** Told about each outcome that is about to be retried (metrics). */
  onRetry?: (outcome: T) => void,
): Promise<{ outcome: T; attempts: number }> {
  let startedAt: number | undefined;
  const markDispatched = (): void => {
    startedAt ??= clock.now();
  };
  for (let attempt = 1; ; attempt++) {
    const remainingMs = startedAt === undefined ? Infinity : policy.budgetMs - (clock.now() - startedAt);
    const outcome = await send({ attempt, remainingMs, markDispatched });
    if (attempt > policy.retries) return { outcome, attempts: attempt };
    const delay = retryDelay(outcome, attempt, policy, clock);
    if (delay === undefined) return { outcome, attempts: attempt };
    const elapsed = startedAt === undefined ? 0 : clock.now() - startedAt;
    // The retry needs time to run as well as to wait; stop if the wait alone leaves nothing.
    if (elapsed + delay >= policy.budgetMs) return { outcome, attempts: attempt };
    onRetry?.(outcome);
    await clock.sleep(delay);
  }
}

/** Why an outcome is being retried, in the metric's words. */
export function retryReason(outcome: AttemptOutcome & { error?: { kind?: string } }): string {
  if (outcome.kind === 'transport') return outcome.error?.kind === 'timeout' ? 'timeout' : 'transport';
  return outcome.status === 429 ? 'rate-limited' : 'server-error';
}
