/** The App Home view: who sees what, the 100-block limit, buttons, escaping. */
import { describe, expect, it } from 'vitest';
import { renderHome, type HomeInput } from '../../../src/slack/blocks/home';
import type { ApprovalRequest, AuditEntry } from '../../../src/approvals/types';
import { allTextFields } from '../../e2e/helpers';
import { INJECTIONS } from '../../support/verdict-fixtures';

const INJECTED = INJECTIONS.join(' ');

function pending(i: number, requester = 'U0REQUESTER'): ApprovalRequest {
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    org: 'acme',
    state: 'pending',
    requesterSlackId: requester,
    plan: {
      org: 'acme',
      kind: 'refresh-credentials',
      target: { kind: 'user', id: 'u1' },
      reason: 'r',
      method: 'user-tokens',
      summary: `Revoke ${INJECTED} ${i}`,
      tests: { alreadyFixed: '', changedSincePlan: '' },
    },
    verdictRef: { check: { org: 'acme', fresh: false }, overall: 'fail', checkedAt: 0 },
    createdAt: 0,
    expiresAt: 86_400_000,
    updatedAt: 0,
  };
}

function audit(i: number): AuditEntry {
  return {
    id: i,
    at: i * 1000,
    org: 'acme',
    actor: i % 2 ? 'system' : 'U0ALICE',
    action: 'requested',
    summary: `${INJECTED} ${i}`,
    result: 'pending',
  };
}

const base: HomeInput = {
  viewerId: 'U0ALICE',
  approverOf: [],
  lastVerdicts: [],
  pending: [],
  audit: [],
  approvalsEnabled: true,
};
const buttons = (blocks: Array<Record<string, any>>) =>
  blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements as Array<Record<string, any>>);

describe('renderHome', () => {
  it('for a non-approver: what sr-check is, how to run a check (a labelled button that opens the form), no org, no request', () => {
    const view = renderHome(base);
    expect(view.type).toBe('home');
    expect(buttons(view.blocks as never).map((b) => [b.action_id, b.accessibility_label])).toEqual([
      ['home:run-check', 'Open the form to run a check and post the verdict in a channel'],
    ]);
    expect(allTextFields(view.blocks).join('\n')).toMatch(/What it is:.*\n\*How to run a check:\*/);
    expect(allTextFields(view.blocks).join('\n')).toContain('not an approver');
  });

  it('for an approver: orgs with their last verdict, pending requests with buttons (none on their own), audit entries', () => {
    const view = renderHome({
      ...base,
      approverOf: ['acme', 'globex'],
      lastVerdicts: [
        {
          org: 'acme',
          updatedAt: 1,
          summary: {
            overall: 'fail',
            headline: `role fails: ${INJECTED}`,
            identity: { kind: 'oauth-client', id: 'c' },
            checkedAt: 1,
          },
        },
      ],
      pending: [pending(1), pending(2, 'U0ALICE')],
      audit: [audit(1), audit(2)],
    });
    const texts = allTextFields(view.blocks).join('\n');
    expect(texts).toContain('*acme* · :x: FAIL');
    expect(texts).toContain('*globex* · no check recorded yet');
    expect(texts).toContain('You requested this one');
    expect(buttons(view.blocks as never).map((b) => [b.action_id, b.value])).toEqual([
      ['home:run-check', 'run'],
      ['approval:approve', pending(1).id],
      ['approval:deny', pending(1).id],
    ]);
    for (const raw of ['<!channel>', '<!here>', '<@U123>', '<!subteam^S1>', '<!everyone>'])
      expect(texts).not.toContain(raw);
  });

  it('stays within 100 blocks with many orgs, requests and entries, and counts what it left out', () => {
    const view = renderHome({
      ...base,
      approverOf: Array.from({ length: 80 }, (_, i) => `org-${i}`),
      pending: Array.from({ length: 60 }, (_, i) => pending(i)),
      audit: Array.from({ length: 200 }, (_, i) => audit(i)),
      notice: 'notice',
    });
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const texts = allTextFields(view.blocks).join('\n');
    expect(texts).toContain('…and 60 more org(s)');
    expect(texts).toContain('…and 45 more request(s)');
    expect(JSON.stringify(view).length).toBeLessThan(250_000);
    const ids = view.blocks.map((b) => (b as { block_id?: string }).block_id).filter(Boolean);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
