import { describe, expect, it } from 'vitest';
import type { VerdictHistoryEntry } from '../../../src/diagnosis/history';
import type { FactSnapshot } from '../../../src/diagnosis/snapshot';
import { detectStatusChange, formatDuration } from '../../../src/schedule/status-change';

const T0 = Date.UTC(2026, 11, 1, 0, 0, 0);
const snapshot = (roles: string[]): FactSnapshot => ({
  identity: { kind: 'oauth-client', id: 'c1', grantType: 'CLIENT-CREDENTIALS', state: 'active' },
  grants: { ok: true, value: roles.map((role) => ({ role, division: '*' })) },
  rolePermissions: { ok: true, value: Object.fromEntries(roles.map((r) => [r, [`${r}:x:view`]])) },
  settings: { scopeEnforcement: 'unset', maxSimultaneousStreams: 20 },
});
function entry(
  overall: VerdictHistoryEntry['overall'],
  at: number,
  statusSince: number,
  roles: string[],
): VerdictHistoryEntry {
  return {
    org: 'acme',
    at,
    source: 'schedule',
    overall,
    statusSince,
    headline: overall === 'pass' ? 'All checks pass' : 'role fails: Grant recording:screenRecording:view',
    identity: { kind: 'oauth-client', id: 'c1' },
    checks: [
      { id: 'role', status: overall },
      { id: 'feature', status: 'pass' },
    ],
    missingPermissions: overall === 'fail' ? ['recording:screenRecording:view'] : [],
    snapshot: snapshot(roles),
  };
}

describe('detectStatusChange', () => {
  it('no previous run, or the same status: no change', () => {
    expect(detectStatusChange(undefined, entry('fail', T0, T0, []))).toBeUndefined();
    expect(detectStatusChange(entry('fail', T0, T0, []), entry('fail', T0 + 1, T0, []))).toBeUndefined();
  });

  it('pass → fail names the check, the missing permission and the grant that went', () => {
    const change = detectStatusChange(
      entry('pass', T0, T0 - 3_600_000, ['Viewer']),
      entry('fail', T0 + 60_000, T0 + 60_000, []),
    )!;
    expect(change.kind).toBe('broke');
    expect(change.changes).toEqual([
      'role: pass → fail',
      'missing now: recording:screenRecording:view',
      'the last run holds role "Viewer" in all divisions (*); this run does not',
      "permissions the last run's roles carry and this run's do not: Viewer:x:view",
    ]);
    expect(change.message).toBe(
      'acme now fails (was pass for 1 h 1 min): role fails: Grant recording:screenRecording:view',
    );
  });

  it('fail → pass says how long it was broken', () => {
    const change = detectStatusChange(
      entry('fail', T0, T0 - 7_200_000, []),
      entry('pass', T0 + 1000, T0 + 1000, ['Viewer']),
    )!;
    expect(change).toMatchObject({
      kind: 'recovered',
      from: 'fail',
      to: 'pass',
      previousForMs: 7_201_000,
      changes: [],
    });
    expect(change.message).toBe('acme passes again (pass) after 2 h 0 min failing.');
  });

  it('formats durations with the two largest units', () => {
    expect(formatDuration(40_000)).toBe('40 s');
    expect(formatDuration(12 * 60_000)).toBe('12 min 0 s');
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(2 * 86_400_000 + 4 * 3_600_000 + 5_000)).toBe('2 d 4 h');
  });
});
