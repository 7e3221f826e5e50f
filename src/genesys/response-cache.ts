/**
 * Short-lived cache for answers that rarely change within one check (roles, products, the organization,
 * the home division). Concurrent requests for the same key share one call; only successes are kept.
 */
import NodeCache from 'node-cache';
import type { ApiResult } from './result';

interface Stored {
  value: unknown;
  status: number;
  storedAt: number;
}

export class ResponseCache {
  // Clones on get and set, so a caller that edits a cached role cannot change what the next caller sees.
  private readonly cache: NodeCache;
  /**
   * Frozen answers (the assignable-permission list: ~1,500 strings, cloned twice per check otherwise) need no
   * copy: nobody can edit them. Kept apart, with the same time to live.
   */
  private readonly frozen = new Map<string, Stored>();
  private readonly inFlight = new Map<string, Promise<ApiResult<unknown>>>();

  constructor(
    private readonly ttlSeconds: number,
    private readonly now: () => number,
  ) {
    this.cache = new NodeCache({ stdTTL: ttlSeconds, checkperiod: 0, useClones: true });
  }

  /**
   * The cached answer for `key`, or `load()`'s. `fresh` skips the cache (and any shared in-flight call)
   * but still stores the new answer. A ttl of 0 disables caching.
   */
  async get<T>(key: string, fresh: boolean, load: () => Promise<ApiResult<T>>): Promise<ApiResult<T>> {
    if (this.ttlSeconds <= 0) return load();
    if (!fresh) {
      const stored = this.frozen.get(key) ?? this.cache.get<Stored>(key);
      // node-cache expires by wall clock; `now` (injectable) is checked too so tests can move time.
      if (stored && this.now() - stored.storedAt < this.ttlSeconds * 1000) {
        return { ok: true, value: stored.value as T, status: stored.status };
      }
      const pending = this.inFlight.get(key);
      if (pending) return pending as Promise<ApiResult<T>>;
    }
    const request = load().then((result) => {
      if (result.ok) {
        const stored = { value: result.value, status: result.status, storedAt: this.now() };
        if (Object.isFrozen(result.value)) {
          this.cache.del(key);
          this.frozen.set(key, stored);
        } else {
          this.frozen.delete(key);
          this.cache.set<Stored>(key, stored);
        }
      }
      return result;
    });
    if (!fresh) {
      this.inFlight.set(key, request);
      const forget = () => {
        if (this.inFlight.get(key) === request) this.inFlight.delete(key);
      };
      // then(forget, forget), not finally(): a rejected load must not become an unhandled rejection here.
      request.then(forget, forget);
    }
    return request;
  }

  clear(): void {
    this.frozen.clear();
    this.cache.flushAll();
  }

  close(): void {
    this.cache.close();
    this.cache.flushAll();
    this.frozen.clear();
  }
}
