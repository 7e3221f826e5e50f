/**
 * Bottleneck without a timer between its steps. Its in-process datastore waits a `setTimeout(0)` (at least 1 ms,
 * longer on a busy loop) before every step of every job (queue, start, free), to behave like its Redis datastore,
 * and queues jobs one at a time: the nine parallel reads of a cold check left one by one, 3–4 ms apart, and the
 * verdict waited for the last of them (issue 26). Here each step waits for `setImmediate` instead: no timer, but
 * still after the loop's pending I/O, so Slack acknowledgements keep their turn between a check's steps (a resolved
 * promise, tried too, ran whole checks inside one I/O callback and left acks waiting seconds under load).
 * Concurrency and queue stay Bottleneck's. Used for how many orgs `org=*` and schedules check at once (a job per
 * org); the per-request rate limit of a Genesys client is genesys/rate-limit.ts.
 */
import Bottleneck from 'bottleneck';

export function createLimiter(options: Bottleneck.ConstructorOptions): Bottleneck {
  const limiter = new Bottleneck(options);
  // Bottleneck 2's local datastore (the one used without a Redis connection): `yieldLoop` is its wait.
  const store = (limiter as unknown as { _store?: { yieldLoop?: unknown } })._store;
  if (store && typeof store.yieldLoop === 'function')
    store.yieldLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
  return limiter;
}
