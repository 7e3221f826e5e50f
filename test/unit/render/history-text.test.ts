import { describe, expect, it } from 'vitest';
import type { VerdictHistoryEntry } from '../../../src/diagnosis/history';
import { renderHistoryText } from '../../../src/render/history-text';

const entry = (at: number, overall: VerdictHistoryEntry['overall'], headline: string): VerdictHistoryEntry => ({
  org: 'acme',
  at,
  source: 'schedule',
  overall,
  statusSince: at,
  headline,
  identity: { kind: 'oauth-client', id: 'c1' },
  checks: [],
  missingPermissions: [],
});

describe('renderHistoryText', () => {
  it('one line per entry, newest first as given, control characters neutralised', () => {
    const text = renderHistoryText('acme', [
      entry(Date.UTC(2026, 11, 1, 13), 'fail', 'role fails: \u001b[31mred'),
      entry(Date.UTC(2026, 11, 1, 12), 'pass', 'All checks pass'),
    ]);
    expect(text.split('\n').slice(2)).toEqual([
      '2026-12-01T13:00:00.000Z  FAIL     schedule role fails:  [31mred',
      '2026-12-01T12:00:00.000Z  PASS     schedule All checks pass',
    ]);
  });

  it('says when there is no history', () => {
    expect(renderHistoryText('acme', [])).toContain('No verdict history for acme');
  });
});
