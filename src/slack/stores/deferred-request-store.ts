/**
 * A verdict must not wait on, or fail with, the store (issue 25 item 4): a SQLite file write-locked by another
 * process makes a write wait out the busy timeout and then fail. This RequestStore gives the verdict its id at once
 * (the write waited for at most FIRST_WAIT_MS), keeps a write that has not landed in memory, and tries it again
 * until it lands or the request's buttons would have expired anyway. Meanwhile `get` on this replica answers from
 * memory, so the buttons work here; a read the store cannot answer is `StoreUnavailableError`, which the buttons
 * answer with "try again in a moment".
 */
import type { Logger } from 'pino';
import { newRequestId, type RequestStore, type StoredCheck } from './request-store';

/** How long a verdict waits for its request to be stored before it is posted anyway. */
const FIRST_WAIT_MS = 1_000;
/** Between tries of a write that failed. */
const RETRY_MS = 2_000;

/** The store did not answer a read (locked, down): nothing is known about the request yet. */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super('the store did not answer', { cause });
  }
}

/** What DeferredRequestStore needs of the store behind it: a put under a given id. */
export interface IdRequestStore {
  putWithId(id: string, check: StoredCheck, ttlSeconds: number): Promise<void>;
  get(id: string): Promise<StoredCheck | undefined>;
}

export class DeferredRequestStore implements RequestStore {
  /** Requests whose write has not landed yet, by id. */
  private readonly pending = new Map<string, { check: StoredCheck; until: number }>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly inner: IdRequestStore,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async put(check: StoredCheck, ttlSeconds: number): Promise<string> {
    const id = newRequestId();
    this.pending.set(id, { check, until: this.now() + ttlSeconds * 1000 });
    const first = this.write(id, check, ttlSeconds);
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, FIRST_WAIT_MS);
      timer.unref();
    });
    await Promise.race([first, waited]);
    clearTimeout(timer);
    return id;
  }

  async get(id: string): Promise<StoredCheck | undefined> {
    const waiting = this.pending.get(id);
    if (waiting) return waiting.check;
    try {
      return await this.inner.get(id);
    } catch (error) {
      throw new StoreUnavailableError(error);
    }
  }

  /** Stops retrying (shutdown): what has not landed is lost with this process, as an in-memory store's would be. */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private async write(id: string, check: StoredCheck, ttlSeconds: number): Promise<void> {
    try {
      await this.inner.putWithId(id, check, ttlSeconds);
      this.pending.delete(id);
    } catch (error) {
      const entry = this.pending.get(id);
      if (!entry || this.now() + RETRY_MS >= entry.until) {
        this.pending.delete(id);
        this.logger.error({ requestId: id, err: error }, "could not store a verdict's request; its buttons expire");
        return;
      }
      this.logger.warn({ requestId: id, err: error }, "a verdict's request is not stored yet; tried again");
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void this.write(id, check, Math.max(1, Math.ceil((entry.until - this.now()) / 1000)));
      }, RETRY_MS);
      timer.unref();
      this.timers.add(timer);
    }
  }
}
