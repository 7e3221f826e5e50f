import { describe, expect, it } from 'vitest';
import { decodeValue, FixValueSchema, RerunValueSchema } from '../../../src/slack/button-values';
import { verdictFixes } from '../../../src/diagnosis/verdict';
import { renderVerdictMessage } from '../../../src/slack/blocks/verdict';
import type { Verdict } from '../../../src/diagnosis/verdict';
import { blockKitViolations } from '../../support/block-kit-limits';
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
const buttons = (blocks: Array<Record<string, any>>) => actionsBlocks(blocks).flatMap((b) => b.elements as Array<Record<string, any>>);

describe('renderVerdictMessage', () => {
  it('stays within every Block Kit limit for 500 evidence lines and 40 fixes per check', () => {
    const verdict = hugeVerdict(500, 40);
    const message = renderVerdictMessage(verdict, { requestId: 'req12345abc', fixButtons: true });
    expect(blockKitViolations(message)).toEqual([]);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    const texts = allTextFields(message.blocks).join('\n');
    expect(texts).toMatch(/…and \d+ more evidence line\(s\)/);
    expect(texts).toMatch(/…and 35 more fix\(es\)/);
    expect(texts).toMatch(/…and \d+ more/); // operations and permissions lists
    // Every check is still shown (7 checks fit in the block budget).
    for (const check of verdict.checks) expect(texts).toContain(`*${check.id}*`);
  });

  it('counts hidden checks instead of exceeding 50 blocks when there are very many', () => {
    const verdict = hugeVerdict(20, 3);
    verdict.checks = Array.from({ length: 30 }, (_, i) => ({ ...verdict.checks[0]!, summary: `check ${i}` }));
    const message = renderVerdictMessage(verdict, { requestId: 'req12345abc', fixButtons: true });
    expect(blockKitViolations(message)).toEqual([]);
    expect(allTextFields(message.blocks).join('\n')).toMatch(/…and \d+ more check\(s\)/);
  });

  it('gives failing checks fix buttons whose values index the verdict fixes, plus one Re-run button', () => {
    const verdict = hugeVerdict(3, 7);
    const message = renderVerdictMessage(verdict, { requestId: 'req12345abc', fixButtons: true });
    const all = buttons(message.blocks as Array<Record<string, any>>);
    const rerun = all.filter((b) => b.action_id === 'rerun');
    expect(rerun).toHaveLength(1);
    expect(decodeValue(RerunValueSchema, rerun[0]!.value)).toEqual({ r: 'req12345abc' });
    const fixes = verdictFixes(verdict);
    const fixButtons = all.filter((b) => String(b.action_id).startsWith('fix:'));
    expect(fixButtons.length).toBe(6 * 5);
    for (const button of fixButtons) {
      const value = decodeValue(FixValueSchema, button.value)!;
      expect(value.r).toBe('req12345abc');
      expect(button.action_id).toBe(`fix:${value.f}`);
      expect(fixes[value.f]).toBeDefined();
      expect(button.text.text.length).toBeLessThanOrEqual(75);
    }
  });

  it('gives fix buttons to every check with fixes that did not pass (warn, unknown, fail), never to a passing one', () => {
    const refresh = { kind: 'refresh-credentials' as const, target: { kind: 'oauth-client' as const, id: 'c1' }, reason: 'token expires soon' };
    const addScope = { kind: 'add-scope' as const, target: { kind: 'oauth-client' as const, id: 'c1' }, scope: 'recordings', before: [], after: ['recordings'] };
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
    const blocks = message.blocks as Array<Record<string, any>>;
    expect(actionsBlocks(blocks).map((b) => b.block_id)).toEqual(['fix-actions-1', 'fix-actions-2', 'fix-actions-3', 'verdict-actions']);
    const fixes = verdictFixes(verdict);
    const ids = buttons(blocks).map((b) => b.action_id);
    expect(ids).toEqual(['fix:1', 'fix:2', 'fix:3', 'fix-timed:3', 'rerun']);
    expect(fixes[1]).toBe(refresh);
    expect(fixes[2]).toBe(addScope);
  });

  it('lists fixes without buttons, and says how to enable them, when the org has no fixer credentials', () => {
    const verdict = hugeVerdict(3, 2);
    const message = renderVerdictMessage(verdict, { requestId: 'req12345abc', fixButtons: false });
    expect(buttons(message.blocks as Array<Record<string, any>>).map((b) => b.action_id)).toEqual(['rerun']);
    expect(allTextFields(message.blocks).join('\n')).toContain('no fixer credentials');
  });

  it('renders a passing verdict with no fix buttons and a text fallback', () => {
    const message = renderVerdictMessage(passing, { requestId: 'req12345abc', fixButtons: true });
    expect(blockKitViolations(message)).toEqual([]);
    expect(message.text).toContain('PASS');
    expect(message.blocks[0]).toMatchObject({ type: 'header' });
    expect((message.blocks[0] as any).text.text).toContain('acme');
    expect((message.blocks[0] as any).text.text).toContain('Archiver');
    expect(buttons(message.blocks as Array<Record<string, any>>).map((b) => b.action_id)).toEqual(['rerun']);
  });

  it('escapes mention injections in every text field and marks every mrkdwn object verbatim', () => {
    const message = renderVerdictMessage(injectedVerdict(), { requestId: 'req12345abc', fixButtons: true });
    expect(blockKitViolations(message)).toEqual([]);
    const texts = [message.text, ...allTextFields(message.blocks)];
    for (const text of texts) expect({ text, problems: unsafeParts(text) }).toEqual({ text, problems: [] });
    const joined = texts.join('\n');
    expect(joined).toContain('&lt;!channel&gt;');
    expect(joined).toContain('&lt;@U123&gt;');
    expect(joined).toContain('&lt;!subteam^S1&gt;');
    for (const object of textObjects(message.blocks)) {
      if (object.type === 'mrkdwn') expect(object.verbatim).toBe(true);
    }
    expect(INJECTIONS.length).toBeGreaterThan(4);
  });

  it('shows the probe contradicting the model first, right under the overall status, before any check', () => {
    const verdict: Verdict = {
      ...passing,
      overall: 'fail',
      checks: [...passing.checks, { id: 'probe', status: 'fail', summary: 'The real answer contradicts the prediction', evidence: [], fixes: [] }],
      modelDisagreement: 'Genesys answered 403 not.authorized to GET /api/v2/x sent as the integration where sr-check predicted that it passes the permission gate: the model is wrong for this org; please report it with contextId ctx-1.',
    };
    const message = renderVerdictMessage(verdict, { requestId: 'req12345abc', fixButtons: true });
    expect(blockKitViolations(message)).toEqual([]);
    const overall = (message.blocks[1] as any).text.text as string;
    expect(overall.split('\n')[0]).toMatch(/^\*Overall:\*/);
    expect(overall.split('\n')[1]).toBe(`:rotating_light: *The live probe contradicts sr-check:* ${verdict.modelDisagreement}`);
    expect(message.text).toContain('The live probe contradicts sr-check: Genesys answered 403');
  });

  it('no contradiction, no such line', () => {
    const message = renderVerdictMessage(passing, { requestId: 'req12345abc', fixButtons: true });
    expect(allTextFields(message.blocks).join('\n')).not.toMatch(/contradicts/);
  });

  it('a huge contradiction is cut to fit, and every check is still shown', () => {
    const verdict = hugeVerdict(10, 2);
    const message = renderVerdictMessage(verdict, { requestId: 'req12345abc', fixButtons: true });
    expect(blockKitViolations(message)).toEqual([]);
    const overall = (message.blocks[1] as any).text.text as string;
    expect(overall).toMatch(/The live probe contradicts sr-check:\* Genesys answered 403 not\.authorized .*D+…/);
    expect(overall.length).toBeLessThanOrEqual(3000);
    const texts = allTextFields(message.blocks).join('\n');
    for (const check of verdict.checks) expect(texts).toContain(`*${check.id}*`);
  });

  it('button labels come from fixLabel, cut to fit', () => {
    const verdict = { ...passing, overall: 'fail' as const, checks: [{ id: 'role' as const, status: 'fail' as const, summary: 'x', evidence: [], fixes: [grantFix(0, 'R'.repeat(200))] }] };
    const message = renderVerdictMessage(verdict, { requestId: 'req12345abc', fixButtons: true });
    const fix = buttons(message.blocks as Array<Record<string, any>>).find((b) => b.action_id === 'fix:0')!;
    expect(fix.text.text.startsWith('Grant RRR')).toBe(true);
    expect(fix.text.text.endsWith('…')).toBe(true);
    expect(fix.text.text.length).toBeLessThanOrEqual(75);
  });
});
