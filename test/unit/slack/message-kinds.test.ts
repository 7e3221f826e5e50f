/**
 * Every Slack message kind sr-check sends, rendered from fixed inputs: checked against Block Kit's limits and
 * snapshot-tested as files under docs/messages/ (JSON that pastes into Slack's Block Kit Builder). A renderer
 * change shows up as a snapshot diff; `npx vitest run test/unit/slack/message-kinds.test.ts -u` rewrites the
 * files, so the docs stay current.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApprovalRequest } from '../../../src/approvals/types';
import type { Verdict } from '../../../src/diagnosis/verdict';
import { renderApprovalRequest, renderOutcomeNotice, renderThreadNotice } from '../../../src/slack/blocks/approval';
import { renderCheckModal } from '../../../src/slack/blocks/check-modal';
import { renderDenyModal } from '../../../src/slack/blocks/deny-modal';
import { renderHome } from '../../../src/slack/blocks/home';
import { renderVerdictMessage } from '../../../src/slack/blocks/verdict';
import { renderDetailsModal, verdictDetails } from '../../../src/slack/blocks/verdict-details';
import { blockKitViolations, viewViolations } from '../../support/block-kit-limits';

const root = join(__dirname, '..', '..', '..');
const docs = (name: string) => join(root, 'docs', 'messages', `${name}.json`);
/** A real failing verdict: the demo org's cc-no-role scenario (`sr-check org=demo scenario=cc-no-role --json`). */
const failing = JSON.parse(
  readFileSync(join(root, 'test', 'fixtures', 'verdicts', 'cc-no-role.json'), 'utf8'),
) as Verdict;
const passing: Verdict = {
  ...failing,
  overall: 'pass',
  checks: failing.checks.map((c) => ({ ...c, status: c.status === 'skipped' ? 'skipped' : 'pass', fixes: [] })),
  missingPermissions: [],
};
const AT = Date.UTC(2026, 11, 1, 9, 30);
const options = { requestId: 'req12345abc', fixButtons: true, requestedBy: 'U0ASKER1', checkedAt: AT };

const grant = failing.checks.find((c) => c.id === 'role')!.fixes[0]!;
if (grant.kind !== 'grant-role') throw new Error('the fixture proposes a role grant');
const request: ApprovalRequest = {
  id: '2f1c0a3e-7d0b-4d5e-9a43-6f0d1c2b3a4d',
  org: 'acme',
  state: 'pending',
  requesterSlackId: 'U0ASKER1',
  plan: {
    org: 'acme',
    kind: 'grant-role',
    target: grant.target,
    targetName: failing.identity.name!,
    roleId: grant.roleId,
    roleName: grant.roleName,
    divisionId: grant.divisionId,
    ...(grant.divisionName ? { divisionName: grant.divisionName } : {}),
    permission: grant.permission,
    permissionsAdded: ['recording:screenRecording:view', 'recording:screenRecording:editRetention'],
    names: {
      roles: { [grant.roleId]: grant.roleName },
      divisions: grant.divisionName ? { [grant.divisionId]: grant.divisionName } : {},
    },
    before: grant.before,
    after: grant.after,
    basis: {},
    summary: `Grant role "${grant.roleName}" in division "${grant.divisionName ?? grant.divisionId}" to OAuth client "${failing.identity.name!}"`,
    tests: { alreadyFixed: 'x', changedSincePlan: 'y' },
  },
  verdictRef: { check: { org: 'acme', fresh: false }, overall: 'fail', checkedAt: AT },
  thread: { channel: 'C0SUPPORT1', ts: '1796117400.000100' },
  createdAt: AT,
  expiresAt: AT + 86_400_000,
  updatedAt: AT,
};
const denied: ApprovalRequest = {
  ...request,
  state: 'denied',
  decidedBy: 'U0BOB',
  reason: 'Use the existing Archive role instead',
  updatedAt: AT + 60_000,
};

/** Messages as Block Kit Builder takes them: `{ blocks }` (the `text` fallback kept alongside). */
const messageKinds: Array<[string, { text: string; blocks: unknown[] }]> = [
  ['verdict-fail', renderVerdictMessage(failing, options)],
  ['verdict-pass', renderVerdictMessage(passing, options)],
  ['approval-request', renderApprovalRequest(request)],
  ['approval-thread-notice', renderThreadNotice(request, ['U0ALICE', 'U0BOB'])],
  ['approval-denied', renderOutcomeNotice({ ok: true, kind: 'denied', request: denied })],
];
const viewKinds: Array<[string, Record<string, unknown>]> = [
  ['verdict-details-modal', renderDetailsModal(verdictDetails(failing)) as unknown as Record<string, unknown>],
  [
    'check-modal',
    renderCheckModal({ channelId: 'C0SUPPORT1', orgs: ['acme'], preselected: 'acme' }) as unknown as Record<
      string,
      unknown
    >,
  ],
  ['check-modal-from-home', renderCheckModal({ orgs: [] }) as unknown as Record<string, unknown>],
  [
    'deny-modal',
    renderDenyModal(request, { id: request.id, channel: 'D0BOB0001', ts: '1796117400.000200' }) as unknown as Record<
      string,
      unknown
    >,
  ],
  [
    'home-approver',
    renderHome({
      viewerId: 'U0ALICE',
      approverOf: ['acme'],
      lastVerdicts: [],
      pending: [request],
      audit: [],
      approvalsEnabled: true,
    }) as unknown as Record<string, unknown>,
  ],
  [
    'home-everyone',
    renderHome({
      viewerId: 'U0MALLORY',
      approverOf: [],
      visibleOrgs: ['acme'],
      lastVerdicts: [
        {
          org: 'acme',
          updatedAt: AT,
          summary: {
            overall: 'fail',
            headline: renderVerdictMessage(failing, options).text,
            identity: failing.identity,
            checkedAt: AT,
          },
        },
      ],
      pending: [],
      audit: [],
      approvalsEnabled: true,
    }) as unknown as Record<string, unknown>,
  ],
];

describe('Slack message kinds (docs/messages/*.json)', () => {
  it.each(messageKinds)('%s: within Block Kit limits, and as documented', async (name, message) => {
    expect(blockKitViolations(message)).toEqual([]);
    await expect(`${JSON.stringify({ text: message.text, blocks: message.blocks }, null, 2)}\n`).toMatchFileSnapshot(
      docs(name),
    );
  });

  it.each(viewKinds)('%s: within the view limits, and as documented', async (name, view) => {
    expect(viewViolations(view as Record<string, any>)).toEqual([]);
    await expect(`${JSON.stringify(view, null, 2)}\n`).toMatchFileSnapshot(docs(name));
  });

  it('the compact failing verdict: 6 blocks, under 3 KB (the evidence-heavy layout was 20 blocks, 7.3 KB for this verdict)', () => {
    const message = renderVerdictMessage(failing, options);
    expect(message.blocks).toHaveLength(6);
    expect(Buffer.byteLength(JSON.stringify({ text: message.text, blocks: message.blocks }))).toBeLessThan(3000);
  });
});
