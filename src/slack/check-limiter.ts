/**
 * Bounds how many checks run at once. A burst of commands then cannot flood an org's Genesys API or
 * starve the event loop that answers Slack within its 3-second deadline; extra checks wait their turn,
 * and beyond `maxWaiting` the request is turned away with a "busy" answer instead of queueing forever.
 *
 * The queue is shared fairly (issue 25 item 9a): one channel holds at most `maxPerChannel` checks (running and
 * waiting) and one user at most `maxPerUser`, so a few `org=*` commands (up to eight org checks each) in one busy
 * channel cannot fill the queue and make every other channel "busy". A freed slot goes to the waiting channel with
 * the fewest checks running (then in turn), so a quiet channel's check does not wait behind a busy channel's backlog.
 *
 * A command's place is taken when it is acknowledged (admit), and counts against every limit from then on: a burst
 * of commands is acknowledged before any of their checks starts, and each one told "Checking…" gets its check.
 */
import type { DiagnoseOutcome } from '../diagnosis/diagnose';
import type { CheckRequest } from '../request/grammar';
import type { Admission, CheckRequester, CheckRunner, QueuePlace } from './check-runner';

export const BUSY_MESSAGE = 'sr-check is busy with many checks right now; please try again in a minute.';

export interface CheckLimits {
  maxRunning: number;
  /** Checks waiting in the whole queue. */
  maxWaiting: number;
  /** Checks one channel may hold (running and waiting). Default: the whole queue. */
  maxPerChannel?: number;
  /** Checks one user may hold (running and waiting). Default: the whole queue. */
  maxPerUser?: number;
}

export const channelShareMessage = (limit: number) =>
  `This channel already has ${limit} checks running or waiting, the most one channel may have while others share the queue; please try again in a minute, when some of them have finished.`;
export const userShareMessage = (limit: number) =>
  `You already have ${limit} checks running or waiting, the most one person may have at once; please try again in a minute, when some of them have finished.`;

/** Checks without a channel (none today) share one bucket, bounded by the whole queue only. */
const UNATTRIBUTED = '';

export function limitConcurrentChecks(runner: CheckRunner, limits: CheckLimits): CheckRunner {
  const whole = limits.maxRunning + limits.maxWaiting;
  const perChannel = limits.maxPerChannel ?? whole;
  const perUser = limits.maxPerUser ?? whole;
  let running = 0;
  let waitingCount = 0;
  // Waiting checks per channel, in arrival order; Map order is the round robin's order.
  const waiting = new Map<string, Array<() => void>>();
  const heldByChannel = new Map<string, number>();
  const heldByUser = new Map<string, number>();
  const add = (counts: Map<string, number>, key: string, delta: number) => {
    const next = (counts.get(key) ?? 0) + delta;
    if (next > 0) counts.set(key, next);
    else counts.delete(key);
  };
  const runningByChannel = new Map<string, number>();
  /** The waiting channel with the fewest checks running goes next; ties go by turn order. */
  const startNext = () => {
    let chosen: [string, Array<() => void>] | undefined;
    for (const entry of waiting) {
      if (!chosen || (runningByChannel.get(entry[0]) ?? 0) < (runningByChannel.get(chosen[0]) ?? 0)) chosen = entry;
    }
    if (!chosen) return;
    const [channel, queue] = chosen;
    const next = queue.shift()!;
    waiting.delete(channel);
    // The channel goes to the back of the turn order with its remaining checks.
    if (queue.length > 0) waiting.set(channel, queue);
    waitingCount -= 1;
    running += 1;
    add(runningByChannel, channel, 1);
    next();
  };
  /**
   * Places taken at an acknowledgement whose check has not reached run() yet (nor been released), each with its
   * requester.
   */
  const admitted = new Map<QueuePlace, CheckRequester>();
  const hold = (who: CheckRequester | undefined, delta: number) => {
    add(heldByChannel, who?.channel ?? UNATTRIBUTED, delta);
    if (who) add(heldByUser, who.user, delta);
  };
  const refusal = (who: CheckRequester | undefined): string | undefined => {
    if (who && (heldByUser.get(who.user) ?? 0) >= perUser) return userShareMessage(perUser);
    const channel = who?.channel ?? UNATTRIBUTED;
    if (channel !== UNATTRIBUTED && (heldByChannel.get(channel) ?? 0) >= perChannel)
      return channelShareMessage(perChannel);
    // Every place taken: running, waiting, or promised to a command at its acknowledgement.
    if (running + waitingCount + admitted.size >= whole) return BUSY_MESSAGE;
    return undefined;
  };
  const admit = (who: CheckRequester): Admission => {
    const refused = refusal(who);
    if (refused) return { ok: false, message: refused };
    hold(who, 1);
    const place: QueuePlace = {
      release: () => {
        if (admitted.delete(place)) hold(who, -1);
      },
    };
    admitted.set(place, who);
    return { ok: true, place };
  };
  /** Takes an admitted place for run(): its holds stay, now run()'s to give back. */
  const take = (place: QueuePlace | undefined): CheckRequester | undefined => {
    if (!place) return undefined;
    const who = admitted.get(place);
    admitted.delete(place);
    return who;
  };
  return {
    // A role lookup is one cached read, not a check: it does not queue behind checks.
    rolesFor: (org, operation) => runner.rolesFor(org, operation),
    admit,
    async run(
      request: CheckRequest,
      requestId: string,
      asker?: CheckRequester,
      place?: QueuePlace,
    ): Promise<DiagnoseOutcome> {
      let who = take(place);
      if (!who) {
        const refused = refusal(asker);
        if (refused) return { ok: false, message: refused };
        hold(asker, 1);
        who = asker;
      }
      const channel = who?.channel ?? UNATTRIBUTED;
      try {
        if (running >= limits.maxRunning) {
          await new Promise<void>((resolve) => {
            const queue = waiting.get(channel);
            if (queue) queue.push(resolve);
            else waiting.set(channel, [resolve]);
            waitingCount += 1;
          });
        } else {
          running += 1;
          add(runningByChannel, channel, 1);
        }
        try {
          return await runner.run(request, requestId, who);
        } finally {
          running -= 1;
          add(runningByChannel, channel, -1);
          startNext();
        }
      } finally {
        hold(who, -1);
      }
    },
  };
}
