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
  // Answers are frozen (deeply) when stored and handed out as they are: a caller that tries to edit a cached role
  // gets a TypeError instead of changing what the next caller sees. node-cache's clones did the same by copying the
  // whole answer on every get and set (the org's roles and permissions, at every check): CPU and garbage between a
  // check's rounds, on the loop that answers Slack (issue 26).
  // An answer frozen already (the shared parse of the assignable-permission list, shared-parse.ts) is not walked again.
  private readonly cache: NodeCache;
  private readonly inFlight = new Map<string, Promise<ApiResult<unknown>>>();

  constructor(
    private readonly ttlSeconds: number,
    private readonly now: () => number,
  ) {
    this.cache = new NodeCache({ stdTTL: ttlSeconds, checkperiod: 0, useClones: false });
  }

  /**
   * The cached answer for `key`, or `load()`'s. `fresh` skips the cache (and any shared in-flight call)
   * but still stores the new answer. A ttl of 0 disables caching.
   */
  async get<T>(key: string, fresh: boolean, load: () => Promise<ApiResult<T>>): Promise<ApiResult<T>> {
    if (this.ttlSeconds <= 0) return load();
    if (!fresh) {
      const stored = this.cache.get<Stored>(key);
      // node-cache expires by wall clock; `now` (injectable) is checked too so tests can move time.
      if (stored && this.now() - stored.storedAt < this.ttlSeconds * 1000) {
        return { ok: true, value: stored.value as T, status: stored.status };
      }
      const pending = this.inFlight.get(key);
      if (pending) return pending as Promise<ApiResult<T>>;
    }
    const request = load().then((result) => {
      if (!result.ok) return result;
      // Frozen before anyone sees it: the caller that loaded it holds the same (frozen) answer as later ones.
      deepFreeze(result.value);
      this.cache.set<Stored>(key, { value: result.value, status: result.status, storedAt: this.now() });
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
    this.cache.flushAll();
  }

  close(): void {
    this.cache.close();
    this.cache.flushAll();
  }
}

/** Freezes `value` and everything reachable from it (answers are JSON: plain objects and arrays, no cycles). */
function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}
