/**
 * Issue 14 item 6: control and bidi characters from Genesys (a role named to spoof an approval line, or to
 * reorder what an approver reads) are removed by ONE function, used by the terminal renderer and by the Slack
 * text helper alike.
 */
import { describe, expect, it } from 'vitest';
import { withoutControlChars } from '../../../src/render/terminal';
import { renderVerdictText } from '../../../src/render/text';
import { fitSafe, plainText, safeText } from '../../../src/slack/blocks/text';
import type { Verdict } from '../../../src/diagnosis/verdict';

const BIDI = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];
const C0 = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).filter((c) => c !== '\n' && c !== '\t');
const HOSTILE = `Viewer${BIDI.join('')}${C0.join('')}\u007f\u009b31m\u200f\u061c (admin)`;
const FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

describe('withoutControlChars', () => {
  it('removes C0, C1 and bidi controls; keeps newlines, tabs and ordinary text', () => {
    const out = withoutControlChars(`${HOSTILE}\nline two\tcol`);
    expect(out).not.toMatch(FORBIDDEN);
    expect(out).toContain('Viewer');
    expect(out).toContain('(admin)\nline two\tcol');
  });

  it('turns the classic spoof "txt.exe" written right-to-left back into reading order', () => {
    expect(withoutControlChars('report\u202Eexe.txt')).toBe('reportexe.txt');
  });
});

describe('the Slack text helper uses it', () => {
  it('safeText, fitSafe and plainText carry no control or bidi character', () => {
    for (const text of [safeText(HOSTILE), fitSafe(HOSTILE, 30), plainText(HOSTILE, 30).text]) {
      expect(text).not.toMatch(FORBIDDEN);
      expect(text.startsWith('Viewer')).toBe(true);
    }
  });
});

describe('the terminal renderer uses it', () => {
  it('a verdict with bidi controls in a role name prints none of them', () => {
    const verdict: Verdict = {
      org: 'acme',
      identity: { kind: 'oauth-client', id: 'c1', name: `App\u202edcba` },
      operations: [{ method: 'GET', path: '/api/v2/x' }],
      overall: 'fail',
      checks: [
        {
          id: 'role',
          status: 'fail',
          summary: `Grant \u2067x\u2069`,
          evidence: [`"${HOSTILE}" carries none`],
          fixes: [],
        },
      ],
      missingPermissions: [],
      apiCalls: 1,
      durationMs: 1,
    };
    expect(renderVerdictText(verdict)).not.toMatch(FORBIDDEN);
  });
});
