/**
 * Bounds how many checks run at once. A burst of commands then cannot flood an org's Genesys API or
 * starve the event loop that answers Slack within its 3-second deadline; extra checks wait their turn,
 * and beyond `maxWaiting` the request is turned away with a "busy" answer instead of queueing forever.
 */
import type { DiagnoseOutcome } from '../diagnosis/diagnose';
import type { CheckRunner } from './check-runner';

export const BUSY_MESSAGE = 'sr-check is busy with many checks right now; please try again in a minute.';

export function limitConcurrentChecks(
  runner: CheckRunner,
  options: { maxRunning: number; maxWaiting: number },
): CheckRunner {
  let running = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    running -= 1;
    const next = waiting.shift();
    if (next) {
      running += 1;
      next();
    }
  };
  return {
    // A role lookup is one cached read, not a check: it does not queue behind checks.
    rolesFor: (org, operation) => runner.rolesFor(org, operation),
    async run(request, requestId): Promise<DiagnoseOutcome> {
      if (running >= options.maxRunning) {
        if (waiting.length >= options.maxWaiting) return { ok: false, message: BUSY_MESSAGE };
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else {
        running += 1;
      }
      try {
        return await runner.run(request, requestId);
      } finally {
        release();
      }
    },
  };
}
