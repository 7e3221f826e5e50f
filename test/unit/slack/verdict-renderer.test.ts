import { describe, expect, it } from 'vitest';
import { decodeValue, FixValueSchema, RerunValueSchema } from '../../../src/slack/button-values';
import { verdictFixes } from '../../../src/diagnosis/verdict';
import { headline, REFRESH_ELSEWHERE, renderVerdictMessage } from '../../../src/slack/blocks/verdict';
import { renderDetailsModal, verdictDetails, VerdictDetailsSchema } from '../../../src/slack/blocks/verdict-details';
import type { Verdict } from '../../../src/diagnosis/verdict';
import { blockKitViolations, viewViolations } from '../../support/block-kit-limits';
import { grantFix, hugeVerdict, injectedVerdict, INJECTIONS, unsafeParts } from '../../support/verdict-fixtures';
import { allTextFields, textObjects } from '../../e2e/helpers';

const passing: Verdict = {
  org: 'acme',
  identity: { kind: 'oauth-client', id: 'c1', name: 'Archiver' },
  operations: [{ method: 'GET', path: '/api/v2/recordings/screensessions/details' }],
  overall: 'pass',
  checks: [
    { id: 'credentials', status: 'pass', summary: 'ok', evidence: ['token issued'], fixes: [] },
    { id: 'scope', status: 'skipped', summary: 'client credentials', evidence: [], fixes: [] },
  ],
  missingPermissions: [],
  apiCalls: 4,
  durationMs: 50,
};

const actionsBlocks = (blocks: Array<Record<string, any>>) => blocks.filter((b) => b.type === 'actions');
const buttons = (blocks: Array<Record<string, any>>) =>
  actionsBlocks(blocks).flatMap((b) => b.elements as Array<Record<string, any>>);

/** A failing verdict as the role check makes it: one grant proposed, the other checks passing. */
function failingVerdict(): Verdict {
  const grant = { ...grantFix(0, 'Screen Recording Viewer'), divisionId: 'd-home', divisionName: 'Home' };
  return {
    ...passing,
    overall: 'fail',
    checks: [
      {
        id: 'credentials',
        status: 'pass',
        summary: 'A token was issued',
        evidence: ['token issued for client c1'],
        fixes: [],
      },
      { id: 'scope', status: 'skipped', summary: 'client credentials', evidence: [], fixes: [] },
      {
        id: 'role',
        status: 'fail',
        summary: 'Grant recording:screenRecording:view: covers the call',
        evidence: ['GET /api/v2/x needs recording:screenRecording:view: denied.'],
        fixes: [grant, grantFix(1)],
      },
      { id: 'feature', status: 'pass', summary: 'Screen recording is on', evidence: [], fixes: [] },
    ],
    missingPermissions: ['recording:screenRecording:view'],
  };
}

describe('renderVerdictMessage', () => {
  it('is compact: header, the one thing to do, the failing check, buttons, one line of passed checks, who asked', () => {
    const message = renderVerdictMessage(failingVerdict(), {
      requestId: 'req12345abc',
      fixButtons: true,
      requestedBy: 'U0ASKER1',
      checkedAt: Date.UTC(2026, 11, 1, 9, 30),
    });
    expect(blockKitViolations(message)).toEqual([]);
    expect(message.blocks.map((b) => b.type)).toEqual([
      'header',
      'section',
      'section',
      'actions',
      'context',
      'context',
    ]);
    expect((message.blocks[0] as any).text.text).toBe('FAIL · acme · OAuth client "Archiver"');
    expect((message.blocks[1] as any).text.text).toContain(
      ':x: *FAIL* — needs role Screen Recording Viewer in Home (for recording:screenRecording:view)',
    );
    expect(message.text).toBe(
      'FAIL · acme · OAuth client "Archiver": needs role Screen Recording Viewer in Home (for recording:screenRecording:view)',
    );
    expect((message.blocks[2] as any).text.text).toBe(
      ':x: *role* · FAIL — Grant recording:screenRecording:view: covers the call',
    );
    const passed = (message.blocks[4] as any).elements.map((e: any) => e.text);
    expect(passed).toEqual([
      ':white_check_mark: *credentials* · PASS',
      ':white_check_mark: *feature* · PASS',
      ':heavy_minus_sign: skipped: scope',
    ]);
    const meta = (message.blocks[5] as any).elements[0].text as string;
    expect(meta).toContain('Requested by <@U0ASKER1>');
    expect(meta).toContain('<!date^1796117400^{date_short_pretty} {time}|2026-12-01T09:30Z>');
    // Ids stay in the details: no role, division or client id in the message.
    const texts = [message.text, ...allTextFields(message.blocks)].join('\n');
    expect(texts).not.toContain('00000000-0000-4000-8000');
    expect(texts).not.toContain('d-home');
    expect(texts).not.toContain('token issued for client c1');
  });

  it('makes the first fix primary, gives a role grant its time-bound twin, and ends with Details and Re-run', () => {
    const message = renderVerdictMessage(failingVerdict(), { requestId: 'req12345abc', fixButtons: true });
    const all = buttons(message.blocks as Array<Record<string, any>>);
    expect(all.map((b) => b.action_id)).toEqual(['fix:0', 'fix-timed:0', 'fix:1', 'verdict:details', 'rerun']);
    expect(all.map((b) => b.style)).toEqual(['primary', undefined, undefined, undefined, undefined]);
    expect(all[0]!.text.text).toBe('Grant Screen Recording Viewer');
    const fixes = verdictFixes(failingVerdict());
    for (const button of all.filter((b) => String(b.action_id).startsWith('fix:'))) {
      const value = decodeValue(FixValueSchema, button.value)!;
      expect(button.action_id).toBe(`fix:${value.f}`);
      expect(fixes[value.f]).toBeDefined();
    }
    expect(decodeValue(RerunValueSchema, all.at(-2)!.value)).toEqual({ r: 'req12345abc' });
    expect(decodeValue(RerunValueSchema, all.at(-1)!.value)).toEqual({ r: 'req12345abc' });
  });

  it('is much smaller than the evidence-heavy layout for a failing verdict (fewer blocks, fewer bytes)', () => {
    const message = renderVerdictMessage(hugeVerdict(20, 3), {
      requestId: 'req12345abc',
      fixButtons: true,
      requestedBy: 'U0ASKER1',
      checkedAt: 0,
    });
    expect(blockKitViolations(message)).toEqual([]);
    expect(message.blocks.length).toBeLessThanOrEqual(8);
    // The old layout spent up to 50 blocks on this verdict; the compact one stays under 8 KB however long the evidence.
    expect(JSON.stringify(message.blocks).length).toBeLessThan(8000);
  });

  it('stays within every Block Kit limit for 500 evidence lines and 40 fixes per check, and offers at most 5 fixes', () => {
    const verdict = hugeVerdict(500, 40);
    const message = renderVerdictMessage(verdict, { requestId: 'req12345abc', fixButtons: true });
    expect(blockKitViolations(message)).toEqual([]);
    const fixButtons = buttons(message.blocks as Array<Record<string, any>>).filter((b) => /^fix:/.test(b.action_id));
    expect(fixButtons).toHaveLength(5);
    const texts = allTextFields(message.blocks).join('\n');
    for (const check of verdict.checks) expect(texts).toContain(`*${check.id}*`);
    expect(texts).toMatch(/…and 57 more \(Details\)/);
  });

  it('gives fix buttons to every check with fixes that did not pass (warn, unknown, fail), never to a passing one', () => {
    const refresh = {
      kind: 'refresh-credentials' as const,
      target: { kind: 'user' as const, id: 'u1' },
      reason: 'token predates the grant',
    };
    const addScope = {
      kind: 'add-scope' as const,
      target: { kind: 'oauth-client' as const, id: 'c1' },
      scope: 'recordings',
      before: [],
      after: ['recordings'],
    };
    const verdict: Verdict = {
      ...passing,
      overall: 'warn',
      checks: [
        { id: 'credentials', status: 'pass', summary: 'ok', evidence: [], fixes: [grantFix(0)] },
        { id: 'token', status: 'warn', summary: 'expires soon', evidence: [], fixes: [refresh] },
        { id: 'scope', status: 'warn', summary: 'scope missing; enforcement unknown', evidence: [], fixes: [addScope] },
        { id: 'role', status: 'unknown', summary: 'could not read roles', evidence: [], fixes: [grantFix(3)] },
      ],
    };
    const message = renderVerdictMessage(verdict, { requestId: 'req12345abc', fixButtons: true });
    expect(blockKitViolations(message)).toEqual([]);
    const ids = buttons(message.blocks as Array<Record<string, any>>).map((b) => b.action_id);
    expect(ids).toEqual(['fix:1', 'fix:2', 'fix:3', 'verdict:details', 'rerun']);
    expect(verdictFixes(verdict)[1]).toBe(refresh);
  });

  it('never offers a Refresh credentials button for a client sr-check holds no credentials for: it says what to do instead', () => {
    const refresh = {
      kind: 'refresh-credentials' as const,
      target: { kind: 'oauth-client' as const, id: 'c-integration' },
      reason: 'the token predates the grant',
    };
    const verdict: Verdict = {
      ...passing,
      overall: 'warn',
      checks: [
        { id: 'token', status: 'warn', summary: 'The token predates the role change', evidence: [], fixes: [refresh] },
      ],
    };
    const dead = renderVerdictMessage(verdict, {
      requestId: 'req12345abc',
      fixButtons: true,
      managedClientIds: ['c-diagnostic'],
    });
    expect(blockKitViolations(dead)).toEqual([]);
    expect(buttons(dead.blocks as Array<Record<string, any>>).map((b) => b.action_id)).toEqual([
      'verdict:details',
      'rerun',
    ]);
    expect(allTextFields(dead.blocks).join('\n')).toContain(REFRESH_ELSEWHERE);
    // sr-check's own client: the refresh works, so the button is there.
    const live = renderVerdictMessage(verdict, {
      requestId: 'req12345abc',
      fixButtons: true,
      managedClientIds: ['c-integration'],
    });
    expect(buttons(live.blocks as Array<Record<string, any>>).map((b) => b.action_id)).toEqual([
      'fix:0',
      'verdict:details',
      'rerun',
    ]);
    expect(allTextFields(live.blocks).join('\n')).not.toContain(REFRESH_ELSEWHERE);
  });

  it('lists no fix buttons, and says how to enable them, when the org has no fixer credentials', () => {
    const message = renderVerdictMessage(failingVerdict(), { requestId: 'req12345abc', fixButtons: false });
    expect(buttons(message.blocks as Array<Record<string, any>>).map((b) => b.action_id)).toEqual([
      'verdict:details',
      'rerun',
    ]);
    expect(allTextFields(message.blocks).join('\n')).toContain('no fixer credentials');
  });

  it('renders a passing verdict with no fix buttons and a text fallback', () => {
    const message = renderVerdictMessage(passing, { requestId: 'req12345abc', fixButtons: true });
    expect(blockKitViolations(message)).toEqual([]);
    expect(message.text).toBe('PASS · acme · OAuth client "Archiver": all checks pass');
    expect((message.blocks[0] as any).text.text).toContain('acme');
    expect(buttons(message.blocks as Array<Record<string, any>>).map((b) => b.action_id)).toEqual([
      'verdict:details',
      'rerun',
    ]);
  });

  it('escapes mention injections in every text field and marks every mrkdwn object verbatim', () => {
    const message = renderVerdictMessage(injectedVerdict(), {
      requestId: 'req12345abc',
      fixButtons: true,
      requestedBy: '<!channel>',
    });
    expect(blockKitViolations(message)).toEqual([]);
    const texts = [message.text, ...allTextFields(message.blocks)];
    for (const text of texts) expect({ text, problems: unsafeParts(text) }).toEqual({ text, problems: [] });
    const joined = texts.join('\n');
    expect(joined).toContain('&lt;!channel&gt;');
    expect(joined).toContain('&lt;@U123&gt;');
    for (const object of textObjects(message.blocks)) {
      if (object.type === 'mrkdwn') expect(object.verbatim).toBe(true);
    }
    expect(INJECTIONS.length).toBeGreaterThan(4);
  });

  it('shows the probe contradicting the model right under the status, and in the fallback', () => {
    const verdict: Verdict = {
      ...passing,
      overall: 'fail',
      checks: [
        ...passing.checks,
        { id: 'probe', status: 'fail', summary: 'The real answer contradicts the prediction', evidence: [], fixes: [] },
      ],
      modelDisagreement:
        'Genesys answered 403 not.authorized to GET /api/v2/x where sr-check predicted that it passes the permission gate.',
    };
    const message = renderVerdictMessage(verdict, { requestId: 'req12345abc', fixButtons: true });
    expect(blockKitViolations(message)).toEqual([]);
    const lines = ((message.blocks[1] as any).text.text as string).split('\n');
    expect(lines[0]).toMatch(/^:x: \*FAIL\*/);
    expect(lines[1]).toBe(`:rotating_light: *The live probe contradicts sr-check:* ${verdict.modelDisagreement}`);
    expect(message.text).toContain('the live probe contradicts sr-check. Genesys answered 403');
    expect(headline(passing)).not.toMatch(/contradicts/);
  });

  it('button labels come from fixLabel, cut to fit', () => {
    const verdict = {
      ...passing,
      overall: 'fail' as const,
      checks: [
        {
          id: 'role' as const,
          status: 'fail' as const,
          summary: 'x',
          evidence: [],
          fixes: [grantFix(0, 'R'.repeat(200))],
        },
      ],
    };
    const message = renderVerdictMessage(verdict, { requestId: 'req12345abc', fixButtons: true });
    const fix = buttons(message.blocks as Array<Record<string, any>>).find((b) => b.action_id === 'fix:0')!;
    expect(fix.text.text.startsWith('Grant RRR')).toBe(true);
    expect(fix.text.text.endsWith('…')).toBe(true);
    expect(fix.text.text.length).toBeLessThanOrEqual(40);
  });
});

describe('verdict details (the Details modal)', () => {
  it('carries every id and evidence line the message leaves out, within the modal limits', () => {
    const details = verdictDetails(failingVerdict());
    expect(VerdictDetailsSchema.safeParse(details).success).toBe(true);
    const view = renderDetailsModal(details);
    expect(viewViolations(view as unknown as Record<string, any>)).toEqual([]);
    const texts = allTextFields(view.blocks).join('\n');
    expect(texts).toContain('`c1`');
    expect(texts).toContain('GET /api/v2/x needs recording:screenRecording:view: denied.');
    expect(texts).toContain('token issued for client c1');
    expect(texts).toContain('`recording:screenRecording:view`');
  });

  it('is cut to fit for a huge verdict: bounded when stored, within 100 blocks when shown, cuts counted', () => {
    const details = verdictDetails(hugeVerdict(500, 40));
    expect(VerdictDetailsSchema.safeParse(details).success).toBe(true);
    expect(JSON.stringify(details).length).toBeLessThan(250_000);
    const view = renderDetailsModal(details);
    expect(viewViolations(view as unknown as Record<string, any>)).toEqual([]);
    expect(allTextFields(view.blocks).join('\n')).toMatch(/…and 440 more evidence line\(s\)/);
  });

  it("shows each ISO time with Slack's date formatting (the ISO text as fallback), in evidence and summaries", () => {
    const verdict = failingVerdict();
    const role = verdict.checks[0]!;
    const withTimes: Verdict = {
      ...verdict,
      checks: [
        {
          ...role,
          summary: 'Role changed at 2026-11-24T04:07:38.141Z',
          evidence: [
            'The OAuth client was last modified at 2026-11-24T04:07:38.141Z (dateModified) <@U1>',
            'no time here',
          ],
        },
      ],
    };
    const view = renderDetailsModal(verdictDetails(withTimes));
    const texts = allTextFields(view.blocks).join('\n');
    const token = `<!date^${Math.floor(Date.parse('2026-11-24T04:07:38.141Z') / 1000)}^{date_short_pretty} {time}|2026-11-24T04:07:38.141Z>`;
    expect(texts).toContain(`last modified at ${token} (dateModified) &lt;@U1&gt;`);
    expect(texts).toContain(`Role changed at ${token}`);
    expect(texts.replaceAll(token, '')).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    expect(viewViolations(view as unknown as Record<string, any>)).toEqual([]);
  });

  it('escapes injections in the modal', () => {
    const view = renderDetailsModal(verdictDetails(injectedVerdict()));
    for (const text of allTextFields(view.blocks))
      expect({ text, problems: unsafeParts(text) }).toEqual({ text, problems: [] });
  });
});
