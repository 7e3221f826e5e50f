/**
 * The `/sr-check … watch` runs this app keeps in memory: one per message, a bounded number, all stopped at
 * shutdown (their messages then say so). The check flow (check-flow.ts) drives each one.
 */
import { WATCH_LIMIT_SECONDS } from '../watch/propagation-schedule';
import { realSleep, type Sleep } from '../watch/user-watch';

export interface UserWatchSettings {
  /** Default Date.now. */
  now?: () => number;
  /** Default a timer. */
  sleep?: Sleep;
  /** Default 600 (ten minutes). */
  maxSeconds?: number;
  /** User watches running at once in this app; more are refused with a line saying so. Default 20. */
  maxRunning?: number;
  /** Of them, started by one user. Default 3. */
  maxPerUser?: number;
  /** Of them, of one org. Default 10. */
  maxPerOrg?: number;
}

/** Why a watch did not start: the message is watched already, the app is stopping, or which limit was hit. */
export type WatchLimit = 'watched' | 'stopping' | 'user' | 'org' | 'global';
export type WatchBegin = { ok: true } | { ok: false; limit: WatchLimit };

/** The refusal's reason, naming the limit that was hit (the watch's message says "Not watching: <reason>."). */
export function watchRefusalReason(limit: WatchLimit, watches: UserWatches): string {
  switch (limit) {
    case 'stopping':
      return 'sr-check is restarting';
    case 'watched':
      return 'this message is watched already';
    case 'user':
      return `you have ${watches.maxPerUser} watches running, the most one person may`;
    case 'org':
      return `${watches.maxPerOrg} watches of this org are running, the most one org may`;
    case 'global':
      return `${watches.maxRunning} watches are running in sr-check, the most it runs at once`;
  }
}

/** The user watches this app runs: one per message, a bounded number, all stopped at shutdown. */
export class UserWatches {
  readonly now: () => number;
  readonly sleep: Sleep;
  readonly maxSeconds: number;
  readonly maxRunning: number;
  readonly maxPerUser: number;
  readonly maxPerOrg: number;
  /** Running watches by message key: who started each and for which org. */
  private readonly running = new Map<string, { user: string; org: string }>();
  private readonly stopping = new AbortController();

  constructor(settings: UserWatchSettings = {}) {
    this.now = settings.now ?? Date.now;
    this.sleep = settings.sleep ?? realSleep;
    this.maxSeconds = settings.maxSeconds ?? WATCH_LIMIT_SECONDS;
    this.maxRunning = settings.maxRunning ?? 20;
    this.maxPerUser = settings.maxPerUser ?? 3;
    this.maxPerOrg = settings.maxPerOrg ?? 10;
  }

  get size(): number {
    return this.running.size;
  }

  get signal(): AbortSignal {
    return this.stopping.signal;
  }

  /**
   * Takes the message `key` for a watch `who` started: refused when it is watched already, the app is stopping, or
   * the user's, the org's or the app's limit is reached (the narrowest named first).
   */
  begin(key: string, who: { user: string; org: string }): WatchBegin {
    if (this.stopping.signal.aborted) return { ok: false, limit: 'stopping' };
    if (this.running.has(key)) return { ok: false, limit: 'watched' };
    const all = [...this.running.values()];
    if (all.filter((w) => w.user === who.user).length >= this.maxPerUser) return { ok: false, limit: 'user' };
    if (all.filter((w) => w.org === who.org).length >= this.maxPerOrg) return { ok: false, limit: 'org' };
    if (all.length >= this.maxRunning) return { ok: false, limit: 'global' };
    this.running.set(key, { ...who });
    return { ok: true };
  }

  end(key: string): void {
    this.running.delete(key);
  }

  /** Shutdown: every watch ends at once (its message says it stopped). */
  stop(): void {
    this.stopping.abort();
  }
}
