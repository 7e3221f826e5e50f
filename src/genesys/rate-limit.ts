/**
 * The per-token rate limit of one Genesys client: a token bucket (the `limiter` package) that can never let
 * more than `rate` requests through in ANY window of `windowMs` (sliding, as a per-token limit may be
 * measured). A burst of a fifth of the rate goes at once (parallel role pages, the fan-out of one check); the
 * rest drips in evenly over the window. Bottleneck did this before at ~0.15 ms of CPU per request (its every
 * step an async function with transpiled generators): the largest single cost of checking 200 orgs (issue 26).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { TokenBucket } from 'limiter';

export interface RateLimit {
  /** Resolves when one more request may go; waiting requests leave in the order they asked. */
  take(): Promise<void>;
}

export function perTokenRateLimit(rate: number, windowMs: number): RateLimit {
  const burst = Math.max(1, Math.floor(rate / 5));
  const refill = Math.max(1, rate - burst);
  // One millisecond longer than the window: what drips in over exactly `windowMs` stays below `refill`, so
  // burst + drip stays below rate + 1 whatever the float rounding (and below 2 for rate 1, where both are 1).
  const interval = windowMs + 1;
  const bucket = new TokenBucket({ bucketSize: burst, tokensPerInterval: refill, interval });
  // The package starts empty; a new client may send its burst at once.
  bucket.content = burst;
  return {
    async take() {
      await bucket.removeTokens(1);
      // A macrotask turn before every request, even with tokens to spare: the loop's pending I/O (Slack's
      // acknowledgements, when checks share the app's thread) gets its turn between a check's steps.
      await nextTurn();
    },
  };
}
