/**
 * The client-credentials token of one org's client: minted on demand, reused until shortly before it
 * expires, and minted once for any number of concurrent callers (single flight).
 */
import NodeCache from 'node-cache';
import type { CallCounter } from './call-counter';
import type { ApiResult } from './result';
import type { TokenInfo } from './models';

export interface MintedToken {
  accessToken: string;
  /** Lifetime in seconds, as the login host said (`expires_in`). */
  expiresIn: number;
  /** When the token request was sent (ms); the lifetime counts from no later than this. */
  issuedAt: number;
}

export interface TokenEntry {
  /** Distinguishes tokens, so a 401 on an old token does not drop a newer one. */
  readonly serial: number;
  readonly accessToken: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  /** When we stop using it: expiry minus min(60 s, 10% of its lifetime). */
  readonly refreshAt: number;
  /** `GET /api/v2/tokens/me` for this token, cached for its lifetime. */
  info?: TokenInfo;
}

/** Margin before expiry at which a token is replaced: min(60 s, 10% of the lifetime). */
export function refreshMarginMs(expiresInSeconds: number): number {
  return Math.min(60_000, expiresInSeconds * 100);
}

const KEY = 'token';

export class TokenCache {
  // node-cache expires the entry by wall clock; `now` (injectable) decides freshness as well, so tests
  // can move time without fake timers.
  private readonly cache = new NodeCache({ useClones: false, checkperiod: 0 });
  private inFlight: Promise<ApiResult<TokenEntry>> | undefined;
  private serial = 0;
  /** Bumped by drop(), so a mint that started before the drop is not cached after it. */
  private generation = 0;

  constructor(
    /** `counter`: the work whose call started this mint (one login, counted once, for whoever needed it). */
    private readonly mint: (counter?: CallCounter) => Promise<ApiResult<MintedToken>>,
    private readonly now: () => number,
  ) {}

  /** The cached token if still fresh. */
  current(): TokenEntry | undefined {
    const entry = this.cache.get<TokenEntry>(KEY);
    if (entry && this.now() < entry.refreshAt) return entry;
    if (entry) this.cache.del(KEY);
    return undefined;
  }

  get(counter?: CallCounter): Promise<ApiResult<TokenEntry>> {
    const entry = this.current();
    if (entry) return Promise.resolve({ ok: true, value: entry, status: 200 });
    if (this.inFlight) return this.inFlight;
    const generation = this.generation;
    const request = this.mint(counter)
      .then((result): ApiResult<TokenEntry> => {
        if (!result.ok) return result;
        const { accessToken, expiresIn, issuedAt } = result.value;
        const expiresAt = issuedAt + expiresIn * 1000;
        const fresh: TokenEntry = {
          serial: ++this.serial,
          accessToken,
          issuedAt,
          expiresAt,
          refreshAt: expiresAt - refreshMarginMs(expiresIn),
        };
        if (generation === this.generation) {
          this.cache.set(KEY, fresh, Math.max(1, Math.floor((fresh.refreshAt - issuedAt) / 1000)));
        }
        return { ok: true, value: fresh, status: result.status };
      })
      .finally(() => {
        if (this.inFlight === request) this.inFlight = undefined;
      });
    this.inFlight = request;
    return request;
  }

  /** Forget the cached token; with `entry`, only if that is still the cached one. */
  drop(entry?: TokenEntry): void {
    const cached = this.cache.get<TokenEntry>(KEY);
    if (entry && cached && cached.serial !== entry.serial) return;
    this.cache.del(KEY);
    if (!entry) {
      this.generation++;
      this.inFlight = undefined;
    }
  }

  close(): void {
    this.cache.close();
    this.cache.flushAll();
  }
}
