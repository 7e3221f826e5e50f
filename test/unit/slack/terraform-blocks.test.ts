/**
 * Orgs managed as code in Block Kit: the verdict's buttons by org setting, the Terraform change modal within Slack's
 * limits however long the change (code split into sections of at most 3,000 characters, no line lost or cut while
 * it fits in 100 blocks), Genesys names escaped, and the HCL in the modal reading back the same as printed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../../src/diagnosis/verdict';
import { terraformChange } from '../../../src/fixes/as-code/terraform-change';
import { codeSections, renderTerraformModal, TerraformValueSchema } from '../../../src/slack/blocks/terraform';
import { renderVerdictMessage } from '../../../src/slack/blocks/verdict';
import { decodeValue } from '../../../src/slack/button-values';
import { allTextFields } from '../../e2e/helpers';
import { blockKitViolations, viewViolations } from '../../support/block-kit-limits';
import { parseHcl, undocumentedNames } from '../../support/hcl';
import { grantFix } from '../../support/verdict-fixtures';

function failing(fixes = [grantFix(0, 'Screen Recording Viewer')]): Verdict {
  return {
    org: 'acme',
    identity: { kind: 'oauth-client', id: '09f08c5e-1262-478b-9a02-ada5263d5d40', name: 'Archiver' },
    operations: [],
    overall: 'fail',
    checks: [
      { id: 'role', status: 'fail', summary: 'missing', evidence: [], fixes },
      {
        id: 'token',
        status: 'warn',
        summary: 'stale',
        evidence: [],
        fixes: [{ kind: 'refresh-credentials', target: { kind: 'oauth-client', id: 'fixer' }, reason: 'old token' }],
      },
    ],
    missingPermissions: [],
    apiCalls: 1,
    durationMs: 1,
  };
}

const buttonIds = (message: { blocks: unknown[] }) =>
  (message.blocks as Array<Record<string, any>>)
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements as Array<{ action_id: string }>).map((e) => e.action_id));

describe('the verdict in an org managed as code', () => {
  const options = { requestId: 'req12345abc', fixButtons: true, managedClientIds: ['fixer'] };
  it.each([
    {
      name: 'not managed as code',
      asCode: undefined,
      ids: ['fix:0', 'fix-timed:0', 'fix:1', 'verdict:details', 'rerun'],
    },
    {
      name: 'managed as code: Terraform change, the refresh stays live',
      asCode: { liveFixes: false },
      ids: ['fix:1', 'verdict:terraform', 'verdict:details', 'rerun'],
    },
    {
      name: 'managed as code with liveFixes',
      asCode: { liveFixes: true },
      ids: ['fix:0', 'fix-timed:0', 'fix:1', 'verdict:terraform', 'verdict:details', 'rerun'],
    },
  ])('$name', ({ asCode, ids }) => {
    const message = renderVerdictMessage(failing(), { ...options, asCode });
    expect(buttonIds(message)).toEqual(ids);
    expect(blockKitViolations(message)).toEqual([]);
    const terraform = (message.blocks as Array<Record<string, any>>)
      .flatMap((b) => (b.type === 'actions' ? b.elements : []))
      .find((e: { action_id: string }) => e.action_id === 'verdict:terraform');
    if (asCode) expect(decodeValue(TerraformValueSchema, terraform.value)).toEqual({ r: 'req12345abc', f: [0] });
  });
});

describe("a grant sr-check's fixer cannot hand out, in an org managed as code", () => {
  // The fixer lacks the role: sr-check cannot grant it live (issue 21), but the Terraform change is applied by the
  // client Terraform runs as, not by sr-check's fixer, so it stays on offer.
  const lacking = {
    ...grantFix(0, 'Screen Recording Viewer'),
    fixer: { holds: 'no' as const, note: 'sr-check\'s fixer client does not hold role "Screen Recording Viewer".' },
  };
  const options = { requestId: 'req12345abc', fixButtons: true, managedClientIds: ['fixer'] };
  it.each([
    { name: 'not managed as code: no Grant button', asCode: undefined, ids: ['fix:1', 'verdict:details', 'rerun'] },
    {
      name: 'managed as code: the Terraform change is still offered',
      asCode: { liveFixes: false },
      ids: ['fix:1', 'verdict:terraform', 'verdict:details', 'rerun'],
    },
    {
      name: 'managed as code with liveFixes: the Terraform change, no live Grant',
      asCode: { liveFixes: true },
      ids: ['fix:1', 'verdict:terraform', 'verdict:details', 'rerun'],
    },
  ])('$name', ({ asCode, ids }) => {
    const message = renderVerdictMessage(failing([lacking]), { ...options, asCode });
    expect(buttonIds(message)).toEqual(ids);
    expect(blockKitViolations(message)).toEqual([]);
  });
});

describe('the Terraform change modal', () => {
  it('stays within the limits for a long change, and its code blocks hold every line', async () => {
    const fixes = Array.from({ length: 40 }, (_, i) => grantFix(i, `${'Long role name '.repeat(6)}${i} <!channel>`));
    const change = terraformChange(fixes)!;
    const view = renderTerraformModal('acme', change);
    expect(viewViolations(view as unknown as Record<string, any>)).toEqual([]);
    const texts = allTextFields(view.blocks);
    expect(texts.join('\n')).not.toContain('<!channel>');
    const code = texts
      .flatMap((t) => [...t.matchAll(/```\n([\s\S]*?)\n```/g)].map((m) => m[1]!))
      .join('\n')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    expect(code).toBe(`${change.byId.trimEnd()}\n${change.byName.trimEnd()}`);
  });

  it('splits code into sections of at most 3,000 characters, lines whole', () => {
    const hcl = Array.from({ length: 400 }, (_, i) => `# line ${i} ${'x'.repeat(i % 90)} & <`).join('\n');
    const sections = codeSections(hcl);
    expect(sections.length).toBeGreaterThan(1);
    for (const s of sections) expect(s.length).toBeLessThanOrEqual(3000);
    const lines = sections.flatMap((s) => s.replace(/^```\n|\n```$/g, '').split('\n'));
    expect(lines).toHaveLength(400);
    expect(lines[399]).toBe(`# line 399 ${'x'.repeat(399 % 90)} &amp; &lt;`);
  });
});

describe('docs/as-code.md', () => {
  it('its HCL examples parse and use documented names only', async () => {
    const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'as-code.md'), 'utf8');
    const blocks = [...doc.matchAll(/```hcl\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    for (const block of blocks) expect(undocumentedNames(await parseHcl(block))).toEqual([]);
  });
});
