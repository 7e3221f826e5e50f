/**
 * The `/sr-check … watch` runs this app keeps in memory: one per message, a bounded number, all stopped at
 * shutdown (their messages then say so). The check flow (check-flow.ts) drives each one.
 */
import { WATCH_LIMIT_SECONDS } from '../diagnosis/watch-schedule';
import { realSleep, type Sleep } from '../diagnosis/watch';

export interface UserWatchSettings {
  /** Default Date.now. */
  now?: () => number;
  /** Default a timer. */
  sleep?: Sleep;
  /** Default 600 (ten minutes). */
  maxSeconds?: number;
  /** User watches running at once in this app; more are refused with a line saying so. Default 20. */
  maxRunning?: number;
}

/** The user watches this app runs: one per message, a bounded number, all stopped at shutdown. */
export class UserWatches {
  readonly now: () => number;
  readonly sleep: Sleep;
  readonly maxSeconds: number;
  private readonly maxRunning: number;
  private readonly running = new Set<string>();
  private readonly stopping = new AbortController();

  constructor(settings: UserWatchSettings = {}) {
    this.now = settings.now ?? Date.now;
    this.sleep = settings.sleep ?? realSleep;
    this.maxSeconds = settings.maxSeconds ?? WATCH_LIMIT_SECONDS;
    this.maxRunning = settings.maxRunning ?? 20;
  }

  get size(): number {
    return this.running.size;
  }

  get signal(): AbortSignal {
    return this.stopping.signal;
  }

  /** Takes the message `key` for a watch: false when it is watched already, too many run, or the app is stopping. */
  begin(key: string): boolean {
    if (this.stopping.signal.aborted || this.running.has(key) || this.running.size >= this.maxRunning) return false;
    this.running.add(key);
    return true;
  }

  end(key: string): void {
    this.running.delete(key);
  }

  /** Shutdown: every watch ends at once (its message says it stopped). */
  stop(): void {
    this.stopping.abort();
  }
}
