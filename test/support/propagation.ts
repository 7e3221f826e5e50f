/**
 * A running simulator whose OAuth client changes take effect only after a delay, measured on the test's clock:
 * the stand-in for Genesys's "It can take up to five minutes for permission updates to make their way through
 * Genesys Cloud and take effect" until the simulator has a scenario option for it (src/sim is not ours to change).
 *
 * A PUT of an OAuth client is answered as usual (the fixer sees its change made), but every later read of that
 * client (the re-check's GET, token issuance) sees the old client until `delayMs` have passed on `now()`.
 * `delayMs: Infinity` models a change that never takes effect. Only OAuth clients are delayed (the fixes the
 * propagation tests make are client-credentials role grants).
 */
import type { RunningSimulator } from '../../src/sim';

export interface DelayedPropagation {
  /** Client changes written but not yet in effect. */
  pending(): number;
  /** When the last delayed change was written (test clock), if any. */
  lastWriteAt(): number | undefined;
}

export function delayClientChanges(sim: RunningSimulator, options: { now: () => number; delayMs: number }): DelayedPropagation {
  type Client = ReturnType<RunningSimulator['state']['clients']['get']>;
  const clients = sim.state.clients;
  const set = clients.set.bind(clients);
  const get = clients.get.bind(clients);
  const has = clients.has.bind(clients);
  const values = clients.values.bind(clients);
  const entries = clients.entries.bind(clients);
  const waiting = new Map<string, { client: NonNullable<Client>; visibleAt: number }>();
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
  return { pending: () => (commitDue(), waiting.size), lastWriteAt: () => lastWrite };
}
