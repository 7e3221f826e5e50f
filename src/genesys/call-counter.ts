/**
 * Counts the Genesys HTTP requests sent for one piece of work (one verdict), even when many checks share a
 * client at once: the counter is handed down with each call (CallOptions.counter), so it travels with the
 * work, not with the client. Not an AsyncLocalStorage: on Node 20 one of those turns on promise hooks for the
 * whole process, and every promise of every Slack acknowledgement paid for them (issue 26).
 */
export interface CallCounter {
  calls: number;
}

export function newCallCounter(): CallCounter {
  return { calls: 0 };
}
