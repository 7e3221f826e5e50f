/**
 * "Is it propagation?": when to re-check after a change and when to stop, as pure functions of the times
 * involved (no clock, no I/O), shared by the propagation watch (approvals/propagation-watches.ts) and the user watch (src/watch/user-watch.ts).
 *
 * Genesys documents (help page "Edit a role"): "It can take up to five minutes for permission updates to make
 * their way through Genesys Cloud and take effect." Whether an already-issued token picks up a role change is
 * not documented. So re-checks are dense early and sparse later, run a little past five minutes, and the
 * watch gives up at ten minutes: a change still not in effect then is not waiting on propagation.
 */
import type { Verdict } from '../diagnosis/verdict';

/** Seconds after the change at which the check runs again. The last one is the ten-minute limit itself. */
export const WATCH_OFFSETS_SECONDS: readonly number[] = [0, 15, 30, 60, 120, 180, 300, 420, 600];
/** A watch gives up once this long has passed since the change. */
export const WATCH_LIMIT_SECONDS = 600;
/** What Genesys documents as the longest time a permission update takes to take effect. */
export const DOCUMENTED_PROPAGATION_SECONDS = 300;

/**
 * What one re-check said: the change is in effect, still refused, the verdict could not decide, or it did not
 * run; or `in-place`: the grant shows in what Genesys returns and nothing else is wrong, but the identity changed
 * less than five minutes ago, and Genesys documents up to five minutes before calls see a permission update.
 */
export type StepResult = 'passed' | 'in-place' | 'refused' | 'unknown' | 'error';

/**
 * A re-check passes when nothing fails and nothing is unknown (`warn` from another check counts as passing). While
 * the token check warns (the identity changed within the documented five minutes), the grant is only in place:
 * the role read shows it at once, but calls may not see it yet, so the watch goes on until that window is over.
 */
export function stepResult(
  verdict: (Pick<Verdict, 'overall'> & Partial<Pick<Verdict, 'checks'>>) | undefined,
): StepResult {
  if (!verdict) return 'error';
  if (verdict.overall === 'fail') return 'refused';
  if (verdict.overall === 'unknown') return 'unknown';
  if (verdict.checks?.some((c) => c.id === 'token' && c.status === 'warn')) return 'in-place';
  return 'passed';
}

/** The offsets of a watch that stops after `maxSeconds` (the schedule cut there, with `maxSeconds` as the last step). */
export function watchOffsets(maxSeconds = WATCH_LIMIT_SECONDS): number[] {
  if (!(maxSeconds > 0)) return [0];
  const kept = WATCH_OFFSETS_SECONDS.filter((o) => o < maxSeconds);
  return [...kept, maxSeconds];
}

/** When step `position` is due (ms), or undefined past the last step. */
export function stepDueAt(
  startedAt: number,
  position: number,
  offsets: readonly number[] = WATCH_OFFSETS_SECONDS,
): number | undefined {
  const offset = offsets[position];
  return offset === undefined ? undefined : startedAt + offset * 1000;
}

/** Whole seconds from `from` to `to` (never negative). */
export function elapsedSeconds(from: number, to: number): number {
  return Math.max(0, Math.round((to - from) / 1000));
}

export type WatchDecision =
  /**
   * The change is in effect: `seconds` from the change to the re-check that passed. `afterInPlace`: the re-check
   * before it found the grant in place (so the time measures the documented wait, not when calls first saw it).
   */
  | { kind: 'passed'; seconds: number; afterInPlace?: boolean }
  /** Ten minutes passed (or the schedule ran out) and the last re-check still did not pass. */
  | { kind: 'gave-up'; seconds: number }
  /** Re-check again at `nextRunAt` (step `position`). `seconds`: how long after the change this re-check ran. */
  | { kind: 'continue'; seconds: number; position: number; nextRunAt: number };

/**
 * After the re-check of step `position`, made at `at` (ms) for a change made at `startedAt`: done, or when next.
 * A step that runs late (a restart, a slow replica) skips the steps whose time has already passed, so a resumed
 * watch re-checks at the next point of the schedule rather than catching up in a burst.
 */
export function decideWatchStep(input: {
  startedAt: number;
  position: number;
  at: number;
  result: StepResult;
  /** The previous re-check's result, when there was one. */
  previous?: StepResult | undefined;
  offsets?: readonly number[];
}): WatchDecision {
  const offsets = input.offsets ?? WATCH_OFFSETS_SECONDS;
  const limit = offsets[offsets.length - 1] ?? 0;
  const seconds = elapsedSeconds(input.startedAt, input.at);
  if (input.result === 'passed')
    return input.previous === 'in-place'
      ? { kind: 'passed', seconds, afterInPlace: true }
      : { kind: 'passed', seconds };
  if (seconds >= limit) return { kind: 'gave-up', seconds };
  let next = input.position + 1;
  while (next < offsets.length && input.startedAt + offsets[next]! * 1000 <= input.at) next++;
  if (next >= offsets.length) return { kind: 'gave-up', seconds };
  return { kind: 'continue', seconds, position: next, nextRunAt: input.startedAt + offsets[next]! * 1000 };
}

/** `0 s`, `15 s`, `2 min`, `2 min 30 s`: how people say a wait. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  const rest = s % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

/** "15 s, 30 s, 1 min, … and 10 min": the re-checks after the first, as a reader sees the schedule. */
export function scheduleText(offsets: readonly number[] = WATCH_OFFSETS_SECONDS): string {
  const later = offsets.filter((o) => o > 0).map(formatDuration);
  if (later.length <= 1) return later.join('');
  return `${later.slice(0, -1).join(', ')} and ${later[later.length - 1]}`;
}

const DOCUMENTED = `Genesys documents up to ${formatDuration(DOCUMENTED_PROPAGATION_SECONDS)}`;

/** Plain text (callers escape or mark it up): where a fix watch stands after a re-check that did not pass. */
export function progressLine(input: {
  result: StepResult;
  seconds: number;
  nextAtSeconds?: number;
  limitSeconds?: number;
  error?: string;
  /** The probe's answer (its check summary), when a probe is configured and ran. */
  probe?: string;
}): string {
  const after = formatDuration(input.seconds);
  const limit = formatDuration(input.limitSeconds ?? WATCH_LIMIT_SECONDS);
  let head: string;
  switch (input.result) {
    case 'passed':
      head = `in effect after ${after}`;
      break;
    case 'in-place': {
      const next =
        input.nextAtSeconds !== undefined
          ? ` The watch re-checks until then: next at ${formatDuration(input.nextAtSeconds)} (gives up at ${limit}).`
          : '';
      const probe = input.probe ? ` The probe, reading as the integration: ${input.probe}.` : '';
      return (
        `The grant is in place: the re-check ${input.seconds === 0 ? 'right after applying' : `after ${after}`} reads it and nothing else is wrong. ` +
        `Calls may take up to ${formatDuration(DOCUMENTED_PROPAGATION_SECONDS)} to see it (Genesys, help page "Edit a role": "It can take up to five minutes for permission updates to make their way through Genesys Cloud and take effect").${probe}${next}`
      );
    }
    case 'refused':
      head = input.seconds === 0 ? 'still refused right after applying' : `still refused after ${after}`;
      break;
    case 'unknown':
      head = `the re-check after ${after} could not tell (UNKNOWN)`;
      break;
    case 'error':
      head = `the re-check after ${after} could not run${input.error ? ` (${input.error})` : ''}`;
      break;
  }
  const past = input.seconds > DOCUMENTED_PROPAGATION_SECONDS ? ', so this is probably not propagation' : '';
  const next =
    input.nextAtSeconds !== undefined
      ? ` Re-checking at ${formatDuration(input.nextAtSeconds)} (gives up at ${limit}).`
      : '';
  return `${capitalise(head)}; ${DOCUMENTED}${past}.${next}`;
}

/**
 * Plain text: the change took effect. `afterInPlace`: the grant was already in place and the watch waited out
 * the documented five minutes (so the time is that wait, not a measured delay).
 */
export function passedLine(seconds: number, afterInPlace = false): string {
  if (afterInPlace)
    return `In effect: the grant was already in place, and the re-check after ${formatDuration(seconds)} passes (past the up to five minutes Genesys documents for calls to see it).`;
  if (seconds === 0) return 'Took effect at once: the re-check right after applying passes (0 s).';
  return `Took effect after ${formatDuration(seconds)} (${seconds} s from applying the fix to the first passing re-check; ${DOCUMENTED}).`;
}

/**
 * Plain text: the watch gave up. `failing` lists what still fails or is unknown (`role: <summary>`), so the reader
 * knows where to look instead of waiting longer.
 */
export function gaveUpLine(input: { seconds: number; result: StepResult; failing: string[] }): string {
  const state =
    input.result === 'refused'
      ? 'Still refused'
      : input.result === 'unknown'
        ? 'Still not decidable (UNKNOWN)'
        : input.result === 'in-place'
          ? 'Still within a change to the identity (the token check warns)'
          : 'Still not re-checked';
  const check =
    input.failing.length > 0 ? ` Check what still fails: ${input.failing.join('; ')}.` : ' Check the verdict below.';
  return (
    `${state} after ${formatDuration(input.seconds)}: Genesys documents up to five minutes for permission updates to take effect, ` +
    `so this is not propagation.${check} If the integration holds a token issued before the change, whether it picks up the change ` +
    'is not documented: have it get a new token and try again.'
  );
}

/** `role: <summary>` for each check that fails or is unknown (what gaveUpLine names). */
export function failingChecks(verdict: Verdict | undefined, max = 3): string[] {
  if (!verdict) return [];
  return verdict.checks
    .filter((c) => c.status === 'fail' || c.status === 'unknown')
    .slice(0, max)
    .map((c) => `${c.id}: ${c.summary.length > 200 ? `${c.summary.slice(0, 199)}…` : c.summary}`);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
