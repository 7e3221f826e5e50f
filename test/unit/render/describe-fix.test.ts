/** Fixes name the identity a person knows ("ArchiveBridge Compliance Archiver"), not its id, wherever they are shown. */
import { describe, expect, it } from 'vitest';
import type { ManyOrgsResult } from '../../../src/compare/many-orgs';
import { buildMatrix } from '../../../src/compare/matrix';
import type { Verdict } from '../../../src/diagnosis/verdict';
import { describeFix } from '../../../src/render/describe';
import { renderMatrixText } from '../../../src/render/matrix-text';
import { renderVerdictText } from '../../../src/render/text';
import { renderMatrixMessage } from '../../../src/slack/blocks/matrix';
import { grantFix } from '../../support/verdict-fixtures';

const CLIENT_ID = '09f08c5e-1262-478b-9a02-ada5263d5d40';
const NAME = 'ArchiveBridge Compliance Archiver';

function failing(name?: string): Verdict {
  return {
    org: 'acme',
    identity: { kind: 'oauth-client', id: CLIENT_ID, ...(name ? { name } : {}) },
    operations: [],
    overall: 'fail',
    checks: [{ id: 'role', status: 'fail', summary: 'needs a role', evidence: [], fixes: [grantFix(1, 'Viewer')] }],
    missingPermissions: [],
    apiCalls: 1,
    durationMs: 1,
  };
}

function matrixOf(verdict: Verdict) {
  const result: ManyOrgsResult = {
    runs: [
      {
        org: 'acme',
        kind: 'verdict',
        verdict,
        snapshot: {
          identity: { kind: 'oauth-client', id: CLIENT_ID },
          grants: { ok: true, value: [] },
          rolePermissions: { ok: true, value: {} },
          settings: { scopeEnforcement: 'unset' },
        },
      },
    ],
    differs: {},
    summary: { orgs: 1, pass: 0, warn: 0, fail: 1, unknown: 0, error: 0, notAvailable: [], durationMs: 1 },
  };
  return buildMatrix(result);
}

describe('describeFix', () => {
  it("names the verdict's identity when it is the fix's target", () => {
    const text = describeFix(grantFix(1, 'Viewer'), failing(NAME).identity);
    expect(text).toContain(`to OAuth client "${NAME}"`);
    expect(text).not.toContain(CLIENT_ID);
  });

  it('falls back to the id when the name is unknown or the target is another identity', () => {
    expect(describeFix(grantFix(1), failing().identity)).toContain(`to OAuth client ${CLIENT_ID}`);
    expect(describeFix(grantFix(1), { kind: 'oauth-client', id: 'other', name: 'Other' })).toContain(CLIENT_ID);
    expect(describeFix(grantFix(1))).not.toContain('oauth-client');
  });

  it('the CLI verdict, the CLI matrix and the Slack matrix show the name in the fix line', () => {
    const verdict = failing(NAME);
    const fixLine = (text: string) => text.split('\n').find((l) => l.includes('Grant role'))!;
    expect(fixLine(renderVerdictText(verdict))).toContain(`"${NAME}"`);
    expect(fixLine(renderVerdictText(verdict))).not.toContain(CLIENT_ID);
    expect(fixLine(renderMatrixText(matrixOf(verdict)))).toContain(`"${NAME}"`);
    const slack = JSON.stringify(renderMatrixMessage(matrixOf(verdict)).blocks);
    expect(slack).toContain(NAME);
    expect(slack).not.toContain(CLIENT_ID);
  });
});
