import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHECK_STATUSES, overallStatus, result, type CheckStatus } from '../../../src/diagnosis/verdict';

function checks(...statuses: CheckStatus[]) {
  return statuses.map((status) => result('role', status, status));
}

describe('overallStatus', () => {
  it.each<[CheckStatus[], string]>([
    [[], 'pass'],
    [['pass'], 'pass'],
    [['skipped'], 'pass'],
    [['skipped', 'skipped', 'pass'], 'pass'],
    [['pass', 'warn'], 'warn'],
    [['warn', 'skipped'], 'warn'],
    [['warn', 'unknown', 'pass'], 'unknown'],
    [['unknown', 'skipped'], 'unknown'],
    [['unknown', 'fail'], 'fail'],
    [['pass', 'warn', 'unknown', 'fail', 'skipped'], 'fail'],
    [['fail', 'fail'], 'fail'],
  ])('%j → %s', (statuses, expected) => {
    expect(overallStatus(checks(...statuses))).toBe(expected);
  });

  it('is the worst status by fail > unknown > warn > pass, whatever the order, and ignores skipped', () => {
    const rank = { pass: 0, skipped: 0, warn: 1, unknown: 2, fail: 3 } as const;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...CHECK_STATUSES)), (statuses) => {
        const overall = overallStatus(checks(...statuses));
        const worst = statuses.reduce((w, s) => Math.max(w, rank[s]), 0);
        expect(rank[overall]).toBe(worst);
        expect(overall).not.toBe('skipped');
        expect(overallStatus(checks(...[...statuses].reverse()))).toBe(overall);
      }),
    );
  });
});
