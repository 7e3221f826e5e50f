/** App Home: each org's status strip (its last 30 runs, oldest first) and its current status from the history. */
import { describe, expect, it } from 'vitest';
import type { VerdictHistoryEntry } from '../../../src/diagnosis/history';
import { renderHome, type HomeInput } from '../../../src/slack/blocks/home';
import { statusStrip } from '../../../src/slack/blocks/matrix';
import { allTextFields } from '../../e2e/helpers';

const base: HomeInput = {
  viewerId: 'U0ALICE',
  approverOf: ['acme', 'globex'],
  lastVerdicts: [],
  pending: [],
  audit: [],
  approvalsEnabled: true,
};

describe('App Home status strip', () => {
  it('lays the newest-first history out oldest first, at most 30 runs', () => {
    const entries: Array<Pick<VerdictHistoryEntry, 'overall'>> = [
      { overall: 'fail' },
      { overall: 'pass' },
      { overall: 'unknown' },
    ];
    expect(statusStrip(entries)).toBe(':grey_question::white_check_mark::x:');
    expect(
      statusStrip(Array.from({ length: 40 }, () => ({ overall: 'pass' as const }))).split(':white_check_mark:').length -
        1,
    ).toBe(30);
  });

  it('shows per org the current status from the history (scheduled runs) and the strip; an org without runs says so', () => {
    const at = Date.UTC(2026, 10, 30, 12);
    const view = renderHome({
      ...base,
      lastVerdicts: [
        {
          org: 'acme',
          updatedAt: at - 3_600_000,
          summary: {
            overall: 'pass',
            checkedAt: at - 3_600_000,
            headline: 'All checks pass',
            identity: { kind: 'oauth-client', id: 'c1' },
          },
        },
      ],
      recent: {
        acme: {
          strip: ':white_check_mark::x:',
          latest: { overall: 'fail', at, headline: 'role fails: Grant <!channel> recording:screenRecording:view' },
        },
        globex: { strip: '' },
      },
    });
    const text = allTextFields(view.blocks).join('\n');
    const acme = text.split('\n\n').find((t) => t.includes('*acme*')) ?? text;
    // The newer history entry decides the current status; its text is escaped.
    expect(acme).toContain(':x: FAIL');
    expect(acme).toContain('last runs: :white_check_mark::x:');
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('*globex* · no check recorded yet');
  });
});
