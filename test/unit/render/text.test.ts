import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../../src/diagnosis/verdict';
import { renderVerdictText } from '../../../src/render/text';

describe('terminal rendering', () => {
  it('neutralises control sequences that came from Genesys (a role name that clears the screen)', () => {
    const verdict: Verdict = {
      org: 'acme',
      identity: { kind: 'oauth-client', id: 'c1', name: 'Evil\u001b[2J\u001b]0;pwned\u0007 App' },
      operations: [{ method: 'GET', path: '/api/v2/x' }],
      overall: 'fail',
      checks: [
        {
          id: 'role',
          status: 'fail',
          summary: 'Missing \u009b31m',
          evidence: ['"Role\u001b[31m" carries none'],
          fixes: [],
        },
      ],
      missingPermissions: [],
      apiCalls: 1,
      durationMs: 1,
    };
    const text = renderVerdictText(verdict);
    expect(text).not.toMatch(/[\u001b\u0007\u009b]/);
    expect(text).toContain('Evil [2J ]0;pwned  App');
    expect(text.split('\n').length).toBeGreaterThan(4);
  });

  it('shows the probe contradicting the model before the checks, neutralised like the rest', () => {
    const verdict: Verdict = {
      org: 'acme',
      identity: { kind: 'oauth-client', id: 'c1' },
      operations: [{ method: 'GET', path: '/api/v2/x' }],
      overall: 'fail',
      checks: [
        { id: 'role', status: 'pass', summary: 'ok', evidence: [], fixes: [] },
        { id: 'probe', status: 'fail', summary: 'The real answer contradicts the prediction', evidence: [], fixes: [] },
      ],
      modelDisagreement:
        'Genesys answered 403 not.authorized\u001b[2J to GET /api/v2/x where sr-check predicted that it passes the permission gate: the model is wrong for this org; please report it with contextId ctx-1.',
      missingPermissions: [],
      apiCalls: 3,
      durationMs: 1,
    };
    const lines = renderVerdictText(verdict, undefined, { verbose: true }).split('\n');
    const banner = lines.findIndex((l) =>
      l.startsWith('!! THE LIVE PROBE CONTRADICTS SR-CHECK: Genesys answered 403 not.authorized'),
    );
    expect(banner).toBeGreaterThan(0);
    expect(banner).toBeLessThan(lines.findIndex((l) => /^. role\s/.test(l)));
    expect(lines[banner]).not.toMatch(/\u001b/);
    expect(lines[banner]).toMatch(/please report it with contextId ctx-1\.$/);
  });

  it('no contradiction, no banner', () => {
    const verdict: Verdict = {
      org: 'acme',
      identity: { kind: 'oauth-client', id: 'c1' },
      operations: [],
      overall: 'pass',
      checks: [
        {
          id: 'probe',
          status: 'skipped',
          summary: 'Not run: no probe credentials for this org',
          evidence: [],
          fixes: [],
        },
      ],
      missingPermissions: [],
      apiCalls: 0,
      durationMs: 1,
    };
    expect(renderVerdictText(verdict)).not.toContain('CONTRADICTS');
  });
});
