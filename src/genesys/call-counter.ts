/**
 * Counts the Genesys HTTP requests made on behalf of one piece of work (one verdict), even when many
 * checks share a client at once: the count travels with the async context, not with the client.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const current = new AsyncLocalStorage<{ calls: number }>();

/** Runs `work` and answers how many requests it (and only it) sent. */
export async function countCalls<T>(work: () => Promise<T>): Promise<{ result: T; calls: number }> {
  const counter = { calls: 0 };
  const result = await current.run(counter, work);
  return { result, calls: counter.calls };
}

/** Called by the client for every HTTP request it sends. */
export function noteCall(): void {
  const counter = current.getStore();
  if (counter) counter.calls++;
}
