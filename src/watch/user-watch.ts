/**
 * `sr-check … --watch` (and `/sr-check … watch`): run the check again on the propagation schedule
 * (watch/propagation-schedule.ts: 15 s, 30 s, 1, 2, 3, 5, 7 min) until the overall verdict differs from the
 * first one or ten minutes pass. Clock and sleep are injected, so tests run ten minutes in no time.
 *
 *   const result = await watchVerdict({
 *     first: outcome.verdict,                          // optional: otherwise run() gives the first verdict
 *     run: async () => { … diagnose({ ...request, fresh: true }) … return verdict },   // throw when it cannot run
 *     onProgress: (line) => io.stderr(`${line}\n`),
 *   });
 *   // result.verdict: the last verdict; result.seconds: when it changed (or how long it watched); result.line: the summary
 */
import type { Verdict } from '../diagnosis/verdict';
import {
  DOCUMENTED_PROPAGATION_SECONDS,
  elapsedSeconds,
  formatDuration,
  watchOffsets,
  WATCH_LIMIT_SECONDS,
} from './propagation-schedule';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export type WatchOutcome = 'changed' | 'unchanged' | 'stopped';

export interface WatchProgress {
  /** The latest verdict (the first one until a re-run succeeds). */
  verdict: Verdict;
  /** The overall status the watch started from. */
  from: Verdict['overall'];
  /** Seconds from the first run to the latest re-run. */
  elapsedSeconds: number;
  /** Runs so far, the first included. */
  runs: number;
  /** When the next re-run is due (seconds from the start); absent when this is the end. */
  nextAtSeconds?: number;
  /** Set on the last report: how the watch ended. */
  done?: WatchOutcome;
  /** The latest re-run could not run (its error message); the watch goes on. */
  error?: string;
}

export interface WatchVerdictOptions {
  /** Runs the check once (re-runs should bypass caches: `fresh`). Throws when the check cannot run. */
  run: () => Promise<Verdict>;
  /** The verdict already in hand; without it run() is called first. */
  first?: Verdict;
  /** Milliseconds since the epoch. Default Date.now. */
  clock?: () => number;
  /** Waits `ms` (resolving early when `signal` aborts). Default a timer. */
  sleep?: Sleep;
  /** One line per re-run (and one at the end), with the state behind it. */
  onProgress?: (line: string, progress: WatchProgress) => void | Promise<void>;
  /** Give up after this long. Default 600 (ten minutes). */
  maxSeconds?: number;
  /** Stops the watch early (shutdown, Ctrl-C): it ends with outcome `stopped`. */
  signal?: AbortSignal;
}

export interface WatchVerdictResult {
  /** The last verdict. */
  verdict: Verdict;
  first: Verdict;
  outcome: WatchOutcome;
  /** changed: seconds from the first run to the re-run that differed; otherwise how long it watched. */
  seconds: number;
  runs: number;
  /** The closing line (also the last onProgress line). */
  line: string;
}

/** A timer that resolves after `ms`, or at once when `signal` aborts; never keeps the process alive. */
export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    timer.unref();
    signal?.addEventListener('abort', done, { once: true });
  });

export async function watchVerdict(options: WatchVerdictOptions): Promise<WatchVerdictResult> {
  const clock = options.clock ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const maxSeconds = options.maxSeconds ?? WATCH_LIMIT_SECONDS;
  const offsets = watchOffsets(maxSeconds);
  const startedAt = clock();
  const first = options.first ?? (await options.run());
  const from = first.overall;
  let verdict = first;
  let runs = 1;
  let elapsed = 0;

  const report = async (line: string, progress: Omit<WatchProgress, 'verdict' | 'from' | 'runs'>) => {
    try {
      await options.onProgress?.(line, { verdict, from, runs, ...progress });
    } catch {
      // A progress line that cannot be shown (a Slack update refused) must not end the watch.
    }
  };
  const finish = async (outcome: WatchOutcome): Promise<WatchVerdictResult> => {
    const line = watchEndLine(outcome, from, verdict.overall, elapsed, runs);
    await report(line, { elapsedSeconds: elapsed, done: outcome });
    return { verdict, first, outcome, seconds: elapsed, runs, line };
  };

  for (let position = 1; position < offsets.length; position++) {
    const dueAt = startedAt + offsets[position]! * 1000;
    const wait = dueAt - clock();
    if (wait > 0) await sleep(wait, options.signal);
    if (options.signal?.aborted) return finish('stopped');
    const at = clock();
    // A late wake-up (a suspended laptop) skips the points already past rather than re-running in a burst.
    while (position + 1 < offsets.length && startedAt + offsets[position + 1]! * 1000 <= at) position++;
    elapsed = elapsedSeconds(startedAt, at);
    let error: string | undefined;
    try {
      verdict = await options.run();
    } catch (thrown) {
      error = thrown instanceof Error ? thrown.message : String(thrown);
    }
    runs += 1;
    if (!error && verdict.overall !== from) return finish('changed');
    if (options.signal?.aborted) return finish('stopped');
    const next = offsets[position + 1];
    if (next === undefined) return finish('unchanged');
    await report(watchProgressLine(from, elapsed, runs, next, maxSeconds, error), {
      elapsedSeconds: elapsed,
      nextAtSeconds: next,
      ...(error ? { error } : {}),
    });
  }
  return finish('unchanged');
}

const WORD: Record<Verdict['overall'], string> = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', unknown: 'UNKNOWN' };

/** "Watching: still FAIL after 2 min (5 runs); Genesys documents up to 5 min. Next run at 3 min, stops at 10 min." */
export function watchProgressLine(
  from: Verdict['overall'],
  seconds: number,
  runs: number,
  nextAtSeconds: number,
  maxSeconds = WATCH_LIMIT_SECONDS,
  error?: string,
): string {
  const state = error
    ? `the run after ${formatDuration(seconds)} could not run (${error}); still ${WORD[from]} as far as known`
    : `still ${WORD[from]} after ${formatDuration(seconds)}`;
  const documented =
    from === 'fail' || from === 'unknown'
      ? `; Genesys documents up to ${formatDuration(DOCUMENTED_PROPAGATION_SECONDS)} for permission changes`
      : '';
  return `Watching: ${state} (${runs} run${runs === 1 ? '' : 's'})${documented}. Next run at ${formatDuration(nextAtSeconds)}, stops at ${formatDuration(maxSeconds)} or when the verdict changes.`;
}

/** The closing line: what changed and when, or that nothing did. */
export function watchEndLine(
  outcome: WatchOutcome,
  from: Verdict['overall'],
  to: Verdict['overall'],
  seconds: number,
  runs: number,
): string {
  const count = `${runs} run${runs === 1 ? '' : 's'}`;
  switch (outcome) {
    case 'changed':
      return `Changed after ${formatDuration(seconds)}: ${WORD[from]} → ${WORD[to]} (${seconds} s, ${count}).`;
    case 'unchanged':
      return `No change after ${formatDuration(seconds)}: still ${WORD[to]} (${count}).${to === 'fail' ? ' Genesys documents up to five minutes for permission changes to take effect, so waiting longer will not help: look at what the verdict says fails.' : ''}`;
    case 'stopped':
      return `Watch stopped after ${formatDuration(seconds)}: still ${WORD[to]} (${count}); run the check again to see the current state.`;
  }
}
