/**
 * Delayed propagation (scenario option `propagationDelaySeconds`): Genesys documents that "It can take up to
 * five minutes for permission updates to make their way through Genesys Cloud and take effect". Here a PUT
 * of an OAuth client is answered as usual (the writer sees its change made), but every later read of that
 * client (its GET, token issuance) sees the old client until the delay has passed on the simulator's clock.
 * Only OAuth clients are delayed: the fixes sr-check makes for client-credentials integrations.
 */
import type { SimClient, SimState } from './state';

export interface DelayedPropagation {
  /** Client changes written but not yet in effect. */
  pending(): number;
  /** When the last delayed change was written (simulator clock), if any. */
  lastWriteAt(): number | undefined;
}

export function delayClientChanges(
  state: SimState,
  options: { now: () => number; delayMs: number },
): DelayedPropagation {
  const clients = state.clients;
  const set = clients.set.bind(clients);
  const get = clients.get.bind(clients);
  const has = clients.has.bind(clients);
  const values = clients.values.bind(clients);
  const entries = clients.entries.bind(clients);
  const waiting = new Map<string, { client: SimClient; visibleAt: number }>();
  let lastWrite: number | undefined;

  const commitDue = () => {
    const now = options.now();
    for (const [id, change] of waiting) {
      if (now < change.visibleAt) continue;
      set(id, change.client);
      waiting.delete(id);
    }
  };
  clients.set = (id, client) => {
    if (!has(id)) return set(id, client);
    lastWrite = options.now();
    waiting.set(id, { client, visibleAt: lastWrite + options.delayMs });
    return clients;
  };
  clients.get = (id) => {
    commitDue();
    return get(id);
  };
  clients.values = () => {
    commitDue();
    return values();
  };
  clients.entries = () => {
    commitDue();
    return entries();
  };
  const pending = () => {
    commitDue();
    return waiting.size;
  };
  return { pending, lastWriteAt: () => lastWrite };
}
