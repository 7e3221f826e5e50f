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
      checks: [{ id: 'role', status: 'fail', summary: 'Missing \u009b31m', evidence: ['"Role\u001b[31m" carries none'], fixes: [] }],
      missingPermissions: [],
      apiCalls: 1,
      durationMs: 1,
    };
    const text = renderVerdictText(verdict);
    expect(text).not.toMatch(/[\u001b\u0007\u009b]/);
    expect(text).toContain('Evil [2J ]0;pwned  App');
    expect(text.split('\n').length).toBeGreaterThan(4);
  });
});
