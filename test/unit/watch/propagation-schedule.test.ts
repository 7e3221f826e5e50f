/**
 * The propagation schedule and its decisions, as tables: when each re-check runs, when a watch is done, and
 * what it says. Pure functions of the times involved (watch/propagation-schedule.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  decideWatchStep,
  failingChecks,
  formatDuration,
  gaveUpLine,
  passedLine,
  progressLine,
  scheduleText,
  stepDueAt,
  stepResult,
  watchOffsets,
  WATCH_OFFSETS_SECONDS,
  type StepResult,
  type WatchDecision,
} from '../../../src/watch/propagation-schedule';
import type { Verdict } from '../../../src/diagnosis/verdict';

const T0 = Date.UTC(2025, 0, 15, 12);
const at = (seconds: number) => T0 + seconds * 1000;

describe('the schedule', () => {
  it('re-checks at 0, 15 s, 30 s, 1, 2, 3, 5, 7 min and gives up at 10 min', () => {
    expect(WATCH_OFFSETS_SECONDS).toEqual([0, 15, 30, 60, 120, 180, 300, 420, 600]);
    expect(WATCH_OFFSETS_SECONDS.map((_, i) => stepDueAt(T0, i)! - T0)).toEqual(
      WATCH_OFFSETS_SECONDS.map((s) => s * 1000),
    );
    expect(stepDueAt(T0, WATCH_OFFSETS_SECONDS.length)).toBeUndefined();
  });

  it.each<[number, number[]]>([
    [600, [0, 15, 30, 60, 120, 180, 300, 420, 600]],
    [60, [0, 15, 30, 60]],
    [100, [0, 15, 30, 60, 100]],
    [10, [0, 10]],
    [0, [0]],
  ])('watchOffsets(%i) = %j', (max, offsets) => {
    expect(watchOffsets(max)).toEqual(offsets);
  });

  it('reads as people say it', () => {
    expect(scheduleText()).toBe('15 s, 30 s, 1 min, 2 min, 3 min, 5 min, 7 min and 10 min');
    expect(scheduleText([0, 15])).toBe('15 s');
  });
});

describe('stepResult', () => {
  it.each<[Verdict['overall'] | undefined, StepResult]>([
    ['pass', 'passed'],
    ['warn', 'passed'], // a warning from another check (no token check in this verdict) counts as in effect
    ['fail', 'refused'],
    ['unknown', 'unknown'],
    [undefined, 'error'],
  ])('%s → %s', (overall, result) => {
    expect(stepResult(overall ? { overall } : undefined)).toBe(result);
  });
});

// Issue 21 point 5. Deciding fact, help page "Edit a role": "It can take up to five minutes for permission updates
// to make their way through Genesys Cloud and take effect." A grant the role read shows while the token check
// still warns (the identity changed within those five minutes) is in place, not yet in effect for calls.
describe('stepResult: in place is not in effect', () => {
  const check = (id: 'token' | 'feature', status: 'warn' | 'pass') => ({
    id,
    status,
    summary: '',
    evidence: [],
    fixes: [],
  });
  it.each<[string, Pick<Verdict, 'overall' | 'checks'>, StepResult]>([
    [
      'WARN from the token check (changed under five minutes ago)',
      { overall: 'warn', checks: [check('token', 'warn')] },
      'in-place',
    ],
    [
      'WARN from another check, token settled',
      { overall: 'warn', checks: [check('token', 'pass'), check('feature', 'warn')] },
      'passed',
    ],
    ['PASS', { overall: 'pass', checks: [check('token', 'pass')] }, 'passed'],
    ['FAIL with the token warning too', { overall: 'fail', checks: [check('token', 'warn')] }, 'refused'],
  ])('%s → %s', (_name, verdict, result) => {
    expect(stepResult(verdict)).toBe(result);
  });

  it('in place keeps the watch going; the pass after it says the grant was already in place', () => {
    expect(decideWatchStep({ startedAt: 0, position: 0, at: 0, result: 'in-place' })).toEqual({
      kind: 'continue',
      seconds: 0,
      position: 1,
      nextRunAt: 15_000,
    });
    expect(decideWatchStep({ startedAt: 0, position: 6, at: 300_000, result: 'passed', previous: 'in-place' })).toEqual(
      { kind: 'passed', seconds: 300, afterInPlace: true },
    );
    expect(passedLine(300, true)).toBe(
      'In effect: the grant was already in place, and the re-check after 5 min passes (past the up to five minutes Genesys documents for calls to see it).',
    );
  });

  it('the in-place line: in place, up to five minutes quoted, re-checks until then, the probe when it ran; never "at once"', () => {
    const line = progressLine({
      result: 'in-place',
      seconds: 0,
      nextAtSeconds: 15,
      probe: 'Genesys allowed both reads',
    });
    expect(line).toBe(
      'The grant is in place: the re-check right after applying reads it and nothing else is wrong. Calls may take up to 5 min to see it (Genesys, help page "Edit a role": "It can take up to five minutes for permission updates to make their way through Genesys Cloud and take effect"). The probe, reading as the integration: Genesys allowed both reads. The watch re-checks until then: next at 15 s (gives up at 10 min).',
    );
    expect(line).not.toMatch(/at once/i);
  });
});

describe('decideWatchStep', () => {
  it.each<[string, { position: number; at: number; result: StepResult }, WatchDecision]>([
    ['step 0 passes: in effect at once', { position: 0, at: 0, result: 'passed' }, { kind: 'passed', seconds: 0 }],
    [
      'step 0 refused: next at 15 s',
      { position: 0, at: 0, result: 'refused' },
      { kind: 'continue', seconds: 0, position: 1, nextRunAt: at(15) },
    ],
    [
      'step 0 took 2 s: still next at 15 s',
      { position: 0, at: 2, result: 'refused' },
      { kind: 'continue', seconds: 2, position: 1, nextRunAt: at(15) },
    ],
    [
      '15 s refused: next at 30 s',
      { position: 1, at: 15, result: 'refused' },
      { kind: 'continue', seconds: 15, position: 2, nextRunAt: at(30) },
    ],
    [
      '1 min unknown: next at 2 min',
      { position: 3, at: 60, result: 'unknown' },
      { kind: 'continue', seconds: 60, position: 4, nextRunAt: at(120) },
    ],
    ['2 min passes: 120 s', { position: 4, at: 120, result: 'passed' }, { kind: 'passed', seconds: 120 }],
    [
      '2 min, run a little late, passes: the measured time is when it ran',
      { position: 4, at: 121.4, result: 'passed' },
      { kind: 'passed', seconds: 121 },
    ],
    [
      '5 min error: next at 7 min',
      { position: 6, at: 300, result: 'error' },
      { kind: 'continue', seconds: 300, position: 7, nextRunAt: at(420) },
    ],
    [
      '7 min refused: the last re-check at 10 min',
      { position: 7, at: 420, result: 'refused' },
      { kind: 'continue', seconds: 420, position: 8, nextRunAt: at(600) },
    ],
    ['10 min refused: gave up', { position: 8, at: 600, result: 'refused' }, { kind: 'gave-up', seconds: 600 }],
    ['10 min passes: still a pass', { position: 8, at: 600, result: 'passed' }, { kind: 'passed', seconds: 600 }],
    [
      'resumed late (at 4 min for the 2 min step): skips to 5 min',
      { position: 4, at: 240, result: 'refused' },
      { kind: 'continue', seconds: 240, position: 6, nextRunAt: at(300) },
    ],
    [
      'resumed exactly on a later point: that point counts as done',
      { position: 2, at: 120, result: 'refused' },
      { kind: 'continue', seconds: 120, position: 5, nextRunAt: at(180) },
    ],
    [
      'resumed after 10 min: gave up after one more look',
      { position: 3, at: 900, result: 'refused' },
      { kind: 'gave-up', seconds: 900 },
    ],
    [
      'resumed after 15 min and passes: measured as it is (an upper bound)',
      { position: 3, at: 900, result: 'passed' },
      { kind: 'passed', seconds: 900 },
    ],
  ])('%s', (_name, input, decision) => {
    expect(
      decideWatchStep({ startedAt: T0, position: input.position, at: at(input.at), result: input.result }),
    ).toEqual(decision);
  });

  it('a shorter schedule gives up at its own end', () => {
    expect(
      decideWatchStep({ startedAt: T0, position: 3, at: at(60), result: 'refused', offsets: [0, 15, 30, 60] }),
    ).toEqual({ kind: 'gave-up', seconds: 60 });
  });

  it('the watch always ends: every refused path reaches gave-up within the schedule', () => {
    let position = 0;
    let now = 0;
    const seen: number[] = [];
    for (let guard = 0; guard < 20; guard++) {
      const decision = decideWatchStep({ startedAt: T0, position, at: at(now), result: 'refused' });
      seen.push(now);
      if (decision.kind !== 'continue') break;
      position = decision.position;
      now = (decision.nextRunAt - T0) / 1000;
    }
    expect(seen).toEqual([...WATCH_OFFSETS_SECONDS]);
  });
});

describe('wording', () => {
  it.each<[number, string]>([
    [0, '0 s'],
    [15, '15 s'],
    [59.6, '1 min'],
    [60, '1 min'],
    [120, '2 min'],
    [150, '2 min 30 s'],
    [600, '10 min'],
  ])('formatDuration(%d) = %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it.each<[Parameters<typeof progressLine>[0], string]>([
    [
      { result: 'refused', seconds: 0, nextAtSeconds: 15 },
      'Still refused right after applying; Genesys documents up to 5 min. Re-checking at 15 s (gives up at 10 min).',
    ],
    [
      { result: 'refused', seconds: 120, nextAtSeconds: 180 },
      'Still refused after 2 min; Genesys documents up to 5 min. Re-checking at 3 min (gives up at 10 min).',
    ],
    [
      { result: 'refused', seconds: 420, nextAtSeconds: 600 },
      'Still refused after 7 min; Genesys documents up to 5 min, so this is probably not propagation. Re-checking at 10 min (gives up at 10 min).',
    ],
    [
      { result: 'unknown', seconds: 30, nextAtSeconds: 60 },
      'The re-check after 30 s could not tell (UNKNOWN); Genesys documents up to 5 min. Re-checking at 1 min (gives up at 10 min).',
    ],
    [
      { result: 'error', seconds: 15, nextAtSeconds: 30, error: 'timed out' },
      'The re-check after 15 s could not run (timed out); Genesys documents up to 5 min. Re-checking at 30 s (gives up at 10 min).',
    ],
  ])('progressLine %j', (input, line) => {
    expect(progressLine(input)).toBe(line);
  });

  it('says the measured time to effect', () => {
    expect(passedLine(0)).toBe('Took effect at once: the re-check right after applying passes (0 s).');
    expect(passedLine(120)).toBe(
      'Took effect after 2 min (120 s from applying the fix to the first passing re-check; Genesys documents up to 5 min).',
    );
  });

  it('giving up says it is not propagation, what to check, and the undocumented token question', () => {
    const line = gaveUpLine({
      seconds: 600,
      result: 'refused',
      failing: ['role: missing recording:screenRecording:view'],
    });
    expect(line).toMatch(
      /^Still refused after 10 min: Genesys documents up to five minutes for permission updates to take effect, so this is not propagation\./,
    );
    expect(line).toContain('Check what still fails: role: missing recording:screenRecording:view.');
    expect(line).toContain('whether it picks up the change is not documented');
    expect(gaveUpLine({ seconds: 600, result: 'error', failing: [] })).toMatch(
      /^Still not re-checked after 10 min: .* Check the verdict below\./,
    );
  });

  it('failingChecks names failing and unknown checks, at most three, with their summaries cut', () => {
    const check = (id: string, status: string, summary = `${id} summary`) => ({
      id,
      status,
      summary,
      evidence: [],
      fixes: [],
    });
    const verdict = {
      checks: [
        check('credentials', 'pass'),
        check('role', 'fail', 'x'.repeat(300)),
        check('feature', 'unknown'),
        check('token', 'warn'),
        check('interaction', 'fail'),
        check('scope', 'fail'),
      ],
    } as unknown as Verdict;
    const named = failingChecks(verdict);
    expect(named.map((n) => n.split(':')[0])).toEqual(['role', 'feature', 'interaction']);
    expect(named[0]!.length).toBeLessThanOrEqual('role: '.length + 200);
    expect(failingChecks(undefined)).toEqual([]);
  });
});
