/** Work that outlives the HTTP acknowledgement (a check, its post); shutdown waits for it to finish. */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  get size(): number {
    return this.running.size;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    const promise = work();
    this.running.add(promise);
    const forget = () => this.running.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  /** Resolves when nothing is running (true) or after `timeoutMs` (false). */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
      timer.unref();
    });
    const settleAll = async (): Promise<true> => {
      while (this.running.size > 0) await Promise.allSettled([...this.running]);
      return true;
    };
    try {
      return await Promise.race([settleAll(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
