/**
 * Exactly-once for incoming Slack deliveries: the first `claim` of a key wins, later claims (Slack
 * retries, duplicate deliveries) within the TTL lose. Narrow on purpose so a database-backed store
 * (shared by replicas) can replace the in-memory one.
 */
import NodeCache from 'node-cache';

export interface IdempotencyStore {
  /** True for the first claim of `key` within `ttlSeconds`, false for every later one. */
  claim(key: string, ttlSeconds: number): Promise<boolean>;
  /**
   * The same claim answered synchronously, for a store that holds its keys in this process: the delivery
   * middleware then takes it with no timer or promise round trip before the ack (issue 26). Database-backed
   * stores leave it out and are claimed through `claim`, bounded in time (listeners/middleware/dedupe.ts).
   */
  claimNow?(key: string, ttlSeconds: number): boolean;
}

/** One process only: fine for a single replica; replicas need a shared store. */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly cache = new NodeCache({ checkperiod: 60, useClones: false });

  async claim(key: string, ttlSeconds: number): Promise<boolean> {
    return this.claimNow(key, ttlSeconds);
  }

  claimNow(key: string, ttlSeconds: number): boolean {
    // Check-and-set without an await in between: atomic within this process.
    if (this.cache.has(key)) return false;
    this.cache.set(key, true, ttlSeconds);
    return true;
  }

  close(): void {
    this.cache.close();
  }
}
