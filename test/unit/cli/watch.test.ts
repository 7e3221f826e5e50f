/**
 * watchVerdict (src/cli/watch.ts): re-runs on the propagation schedule until the overall verdict changes or ten
 * minutes pass. Table-driven with an injected clock and a sleep that moves it, so ten minutes take no time.
 */
import { describe, expect, it } from 'vitest';
import { watchEndLine, watchProgressLine, watchVerdict, type WatchProgress } from '../../../src/watch/user-watch';
import type { Verdict } from '../../../src/diagnosis/verdict';

const T0 = Date.UTC(2025, 0, 15, 12);

function verdict(overall: Verdict['overall']): Verdict {
  return {
    org: 'acme',
    identity: { kind: 'oauth-client', id: 'c1' },
    operations: [],
    overall,
    checks: [],
    missingPermissions: [],
    apiCalls: 1,
    durationMs: 1,
  };
}

/** A fake clock; `sleep` moves it. `script`: what each run answers at which time (the first entry at or before now wins). */
function world(script: Array<[atSeconds: number, answer: Verdict['overall'] | Error]>) {
  const clock = { now: T0 };
  const runsAt: number[] = [];
  const sleeps: number[] = [];
  const run = async () => {
    runsAt.push((clock.now - T0) / 1000);
    const answer = [...script].reverse().find(([s]) => clock.now >= T0 + s * 1000)![1];
    if (answer instanceof Error) throw answer;
    return verdict(answer);
  };
  const sleep = async (ms: number) => {
    sleeps.push(ms);
    clock.now += ms;
  };
  return { clock, run, sleep, runsAt, sleeps, now: () => clock.now };
}

describe('watchVerdict', () => {
  it.each<
    [
      string,
      Array<[number, Verdict['overall'] | Error]>,
      { outcome: string; seconds: number; runs: number; last: Verdict['overall']; runsAt: number[] },
    ]
  >([
    [
      'changes at 2 min: FAIL → PASS, measured as 120 s',
      [
        [0, 'fail'],
        [120, 'pass'],
      ],
      { outcome: 'changed', seconds: 120, runs: 5, last: 'pass', runsAt: [0, 15, 30, 60, 120] },
    ],
    [
      'changes at the first re-run (15 s)',
      [
        [0, 'fail'],
        [10, 'warn'],
      ],
      { outcome: 'changed', seconds: 15, runs: 2, last: 'warn', runsAt: [0, 15] },
    ],
    [
      'a change in between two runs is seen at the next one (2 min 30 s → 3 min)',
      [
        [0, 'fail'],
        [150, 'pass'],
      ],
      { outcome: 'changed', seconds: 180, runs: 6, last: 'pass', runsAt: [0, 15, 30, 60, 120, 180] },
    ],
    [
      'PASS → FAIL counts as a change too',
      [
        [0, 'pass'],
        [30, 'fail'],
      ],
      { outcome: 'changed', seconds: 30, runs: 3, last: 'fail', runsAt: [0, 15, 30] },
    ],
    [
      'never changes: stops after 10 min',
      [[0, 'fail']],
      { outcome: 'unchanged', seconds: 600, runs: 9, last: 'fail', runsAt: [0, 15, 30, 60, 120, 180, 300, 420, 600] },
    ],
    [
      'a re-run that throws is reported and the watch goes on',
      [
        [0, 'fail'],
        [15, new Error('timed out')],
        [60, 'pass'],
      ],
      { outcome: 'changed', seconds: 60, runs: 4, last: 'pass', runsAt: [0, 15, 30, 60] },
    ],
    [
      're-runs that keep throwing leave the last good verdict',
      [
        [0, 'unknown'],
        [1, new Error('boom')],
      ],
      {
        outcome: 'unchanged',
        seconds: 600,
        runs: 9,
        last: 'unknown',
        runsAt: [0, 15, 30, 60, 120, 180, 300, 420, 600],
      },
    ],
  ])('%s', async (_name, script, expected) => {
    const w = world(script);
    const lines: Array<[string, WatchProgress]> = [];
    const result = await watchVerdict({
      run: w.run,
      clock: w.now,
      sleep: w.sleep,
      onProgress: (line, progress) => void lines.push([line, progress]),
    });
    expect({
      outcome: result.outcome,
      seconds: result.seconds,
      runs: result.runs,
      last: result.verdict.overall,
      runsAt: w.runsAt,
    }).toEqual(expected);
    expect(result.first.overall).toBe(script[0]![1]);
    // One progress line per re-run that did not end the watch, then exactly one closing line.
    expect(lines).toHaveLength(expected.runs - 1);
    expect(lines.filter(([, p]) => p.done)).toHaveLength(1);
    expect(lines.at(-1)![1]).toMatchObject({ done: expected.outcome, elapsedSeconds: expected.seconds });
    expect(lines.at(-1)![0]).toBe(result.line);
  });

  it('starts from a verdict already in hand without running it again', async () => {
    const w = world([
      [0, 'fail'],
      [30, 'pass'],
    ]);
    const result = await watchVerdict({ first: verdict('fail'), run: w.run, clock: w.now, sleep: w.sleep });
    expect(w.runsAt).toEqual([15, 30]);
    expect(result).toMatchObject({ outcome: 'changed', seconds: 30, runs: 3 });
  });

  it('maxSeconds shortens the watch: its last re-run is at the limit', async () => {
    const w = world([[0, 'fail']]);
    const result = await watchVerdict({ run: w.run, clock: w.now, sleep: w.sleep, maxSeconds: 60 });
    expect(w.runsAt).toEqual([0, 15, 30, 60]);
    expect(result).toMatchObject({ outcome: 'unchanged', seconds: 60, runs: 4 });
  });

  it('sleeps only until the next point, counting the time a run took', async () => {
    const w = world([[0, 'fail']]);
    const slowRun = async () => {
      const answer = await w.run();
      w.clock.now += 4000; // each check takes 4 s
      return answer;
    };
    await watchVerdict({ run: slowRun, clock: w.now, sleep: w.sleep, maxSeconds: 60 });
    expect(w.runsAt).toEqual([0, 15, 30, 60]);
    expect(w.sleeps).toEqual([11_000, 11_000, 26_000]);
  });

  it('a late wake-up skips the points already past instead of running in a burst', async () => {
    const w = world([[0, 'fail']]);
    let first = true;
    const sleep = async (ms: number) => {
      w.clock.now += ms + (first ? 200_000 : 0); // the laptop slept through 3 min
      first = false;
    };
    const result = await watchVerdict({ run: w.run, clock: w.now, sleep });
    expect(w.runsAt).toEqual([0, 215, 300, 420, 600]);
    expect(result).toMatchObject({ outcome: 'unchanged', seconds: 600, runs: 5 });
  });

  it('stops when the signal aborts: outcome stopped, one closing line', async () => {
    const w = world([[0, 'fail']]);
    const controller = new AbortController();
    const lines: string[] = [];
    const sleep = async (ms: number) => {
      w.clock.now += ms;
      if (w.clock.now - T0 >= 60_000) controller.abort();
    };
    const result = await watchVerdict({
      run: w.run,
      clock: w.now,
      sleep,
      signal: controller.signal,
      onProgress: (line) => void lines.push(line),
    });
    expect(result).toMatchObject({ outcome: 'stopped', runs: 3 });
    expect(w.runsAt).toEqual([0, 15, 30]);
    expect(lines.at(-1)).toMatch(/^Watch stopped after 30 s: still FAIL/);
  });

  it('a progress report that throws does not end the watch', async () => {
    const w = world([
      [0, 'fail'],
      [60, 'pass'],
    ]);
    const result = await watchVerdict({
      run: w.run,
      clock: w.now,
      sleep: w.sleep,
      onProgress: () => {
        throw new Error('Slack said no');
      },
    });
    expect(result).toMatchObject({ outcome: 'changed', seconds: 60 });
  });

  it("the first run failing is the caller's error (nothing to watch)", async () => {
    const w = world([[0, new Error('unknown org')]]);
    await expect(watchVerdict({ run: w.run, clock: w.now, sleep: w.sleep })).rejects.toThrow('unknown org');
  });
});

describe('watch lines', () => {
  it.each<[string, string]>([
    [
      watchProgressLine('fail', 120, 5, 180),
      'Watching: still FAIL after 2 min (5 runs); Genesys documents up to 5 min for permission changes. Next run at 3 min, stops at 10 min or when the verdict changes.',
    ],
    [
      watchProgressLine('pass', 15, 2, 30),
      'Watching: still PASS after 15 s (2 runs). Next run at 30 s, stops at 10 min or when the verdict changes.',
    ],
    [
      watchProgressLine('fail', 15, 2, 30, 600, 'timed out'),
      'Watching: the run after 15 s could not run (timed out); still FAIL as far as known (2 runs); Genesys documents up to 5 min for permission changes. Next run at 30 s, stops at 10 min or when the verdict changes.',
    ],
    [watchEndLine('changed', 'fail', 'pass', 120, 5), 'Changed after 2 min: FAIL → PASS (120 s, 5 runs).'],
    [watchEndLine('unchanged', 'warn', 'warn', 600, 9), 'No change after 10 min: still WARN (9 runs).'],
    [
      watchEndLine('stopped', 'fail', 'fail', 30, 3),
      'Watch stopped after 30 s: still FAIL (3 runs); run the check again to see the current state.',
    ],
  ])('%s', (line, expected) => {
    expect(line).toBe(expected);
  });

  it('ten minutes still failing says waiting longer will not help', () => {
    expect(watchEndLine('unchanged', 'fail', 'fail', 600, 9)).toMatch(
      /^No change after 10 min: still FAIL \(9 runs\)\. Genesys documents up to five minutes/,
    );
  });
});
