/** The matrix stays within Block Kit limits whatever the input, pages past what fits, and escapes every name. */
import { describe, expect, it } from 'vitest';
import { buildMatrix } from '../../../src/compare/matrix';
import type { ManyOrgsResult, OrgRun } from '../../../src/compare/many-orgs';
import type { FactSnapshot } from '../../../src/diagnosis/snapshot';
import type { Verdict } from '../../../src/diagnosis/verdict';
import { renderMatrixText } from '../../../src/render/matrix-text';
import { BLOCK_LIMITS } from '../../../src/slack/blocks/limits';
import { renderMatrixMessage, statusStrip } from '../../../src/slack/blocks/matrix';

const snapshot: FactSnapshot = {
  identity: { kind: 'oauth-client', id: 'c1' },
  grants: { ok: true, value: [] },
  rolePermissions: { ok: true, value: {} },
  settings: { scopeEnforcement: 'unset' },
};

function verdict(org: string, overall: Verdict['overall'], summary = 'x'.repeat(2500)): Verdict {
  return {
    org,
    identity: { kind: 'oauth-client', id: 'c1' },
    operations: [],
    overall,
    checks: [
      { id: 'credentials', status: 'pass', summary: 'ok', evidence: [], fixes: [] },
      { id: 'role', status: overall === 'fail' ? 'fail' : 'pass', summary, evidence: [], fixes: [] },
    ],
    missingPermissions: [],
    apiCalls: 8,
    durationMs: 10,
  };
}

function result(count: number, name: (i: number) => string): ManyOrgsResult {
  const runs: OrgRun[] = Array.from({ length: count }, (_, i) => ({
    org: name(i),
    kind: 'verdict',
    verdict: verdict(name(i), i % 3 === 0 ? 'pass' : 'fail'),
    snapshot,
  }));
  const differs = Object.fromEntries(
    runs
      .filter((r) => r.kind === 'verdict' && r.verdict.overall === 'fail')
      .map((r) => [r.org, Array.from({ length: 8 }, () => ({ kind: 'role-grant' as const, line: 'd'.repeat(900) }))]),
  );
  return {
    runs,
    differs,
    summary: {
      orgs: count,
      pass: 0,
      warn: 0,
      fail: 0,
      unknown: 0,
      error: 0,
      notAvailable: ['<!channel>'],
      reference: name(0),
      durationMs: 1,
    },
  };
}

function withinLimits(blocks: Array<Record<string, any>>): void {
  expect(blocks.length).toBeLessThanOrEqual(BLOCK_LIMITS.blocksPerMessage);
  for (const block of blocks) {
    if (block.type === 'section') expect(block.text.text.length).toBeLessThanOrEqual(BLOCK_LIMITS.sectionText);
    if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(BLOCK_LIMITS.headerText);
    if (block.type === 'context') {
      expect(block.elements.length).toBeLessThanOrEqual(BLOCK_LIMITS.contextElements);
      for (const e of block.elements) expect(e.text.length).toBeLessThanOrEqual(BLOCK_LIMITS.contextText);
    }
  }
}

describe('renderMatrixMessage', () => {
  it('500 orgs with long names and long differences: every page within the limits, every org on some page', () => {
    const matrix = buildMatrix(result(500, (i) => `org-${i}-${'n'.repeat(30)}`));
    const first = renderMatrixMessage(matrix, { fullTableCommand: 'sr-check org=* --json' });
    expect(first.pageCount).toBe(Math.ceil(501 / 60));
    const shown = new Set<string>();
    for (let page = 1; page <= first.pageCount; page++) {
      const message = renderMatrixMessage(matrix, { page });
      withinLimits(message.blocks);
      expect(message.text.length).toBeLessThanOrEqual(BLOCK_LIMITS.fallbackText);
      for (const row of matrix.rows) if (JSON.stringify(message.blocks).includes(`*${row.org}*`)) shown.add(row.org);
    }
    expect(shown.size).toBe(500);
    expect(JSON.stringify(first.blocks)).toContain('more failing org(s) on this page');
  });

  it('escapes org names and texts from users or Genesys', () => {
    const matrix = buildMatrix(result(2, (i) => (i === 0 ? 'ok' : 'a<@U123>&b')));
    const json = JSON.stringify(renderMatrixMessage(matrix).blocks);
    expect(json).not.toContain('<!channel>');
    expect(json).toContain('&lt;!channel&gt;');
    expect(json).not.toContain('<@U123>');
  });

  it('the text table lists every org and every difference', () => {
    const matrix = buildMatrix(result(5, (i) => `o${i}`));
    const text = renderMatrixText(matrix);
    for (const row of matrix.rows) expect(text).toContain(row.org);
    expect(text.split('\n').filter((l) => l.includes('d'.repeat(900)))).toHaveLength(3 * 8);
  });

  it('statusStrip: the last runs oldest first, at most 30', () => {
    const entries = [{ overall: 'fail' as const }, { overall: 'pass' as const }];
    expect(statusStrip(entries)).toBe(':white_check_mark::x:');
    expect(
      statusStrip(Array.from({ length: 40 }, () => ({ overall: 'pass' as const }))).split(':white_check_mark:').length -
        1,
    ).toBe(30);
  });

  it('a name that is the built-in demo org says it runs alone; any other unavailable name says no such org', () => {
    const base = result(1, (i) => `o${i}`);
    const input = { ...base, summary: { ...base.summary, notAvailable: ['demo', 'nosuch'] } };
    const rows = buildMatrix(input, { runsAlone: (org) => org === 'demo' }).rows;
    expect(rows.find((r) => r.org === 'demo')!.headline).toBe('the demo org runs alone (sr-check org=demo)');
    expect(rows.find((r) => r.org === 'nosuch')!.headline).toBe('no such org here');
    // Without the caller saying which name is the demo, nothing is special about it.
    expect(buildMatrix(input).rows.find((r) => r.org === 'demo')!.headline).toBe('no such org here');
    const slack = JSON.stringify(
      renderMatrixMessage(buildMatrix(input, { runsAlone: (org) => org === 'demo' })).blocks,
    );
    expect(slack).toContain('the demo org runs alone');
  });
});
