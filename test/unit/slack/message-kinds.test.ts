/**
 * Every Slack message kind sr-check sends, rendered from fixed inputs: checked against Block Kit's limits and
 * snapshot-tested as files under docs/messages/ (JSON that pastes into Slack's Block Kit Builder). A renderer
 * change shows up as a snapshot diff; `npx vitest run test/unit/slack/message-kinds.test.ts -u` rewrites the
 * files, so the docs stay current.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApprovalRequest, PropagationWatch } from '../../../src/approvals/types';
import type { IdentityComparison, ManyOrgsResult } from '../../../src/compare/many-orgs';
import { buildMatrix } from '../../../src/compare/matrix';
import { WATCH_LIMIT_SECONDS } from '../../../src/watch/propagation-schedule';
import { type RevocationGrant, revocationGrantLabel } from '../../../src/fixes/types';
import { historyEntry } from '../../../src/diagnosis/history';
import type { FactSnapshot } from '../../../src/diagnosis/snapshot';
import type { Verdict } from '../../../src/diagnosis/verdict';
import { parsePastedError, unknownCallInOp } from '../../../src/paste';
import { detectStatusChange } from '../../../src/schedule/status-change';
import {
  renderApprovalRequest,
  renderOutcomeNotice,
  renderRevocationNotice,
  renderThreadNotice,
} from '../../../src/slack/blocks/approval';
import {
  renderComparisonMessage,
  renderMatrixMessage,
  renderStatusChangeMessage,
} from '../../../src/slack/blocks/matrix';
import { renderNotAnOperationReply, renderPasteReply } from '../../../src/slack/blocks/paste';
import { fixWatchLine, userWatchStartLine, withWatchLine } from '../../../src/slack/blocks/watch';
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
const revoked: RevocationGrant = {
  target: grant.target,
  targetName: 'ArchiveBridge Screen Archiver',
  roleId: grant.roleId,
  roleName: grant.roleName,
  divisionId: grant.divisionId,
  divisionName: 'Home',
};
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
      // The client already holds "Communicate - User" (the cc-no-role scenario's role b5279d78-…): Before/After name it.
      roles: { [grant.roleId]: grant.roleName, 'b5279d78-1973-4420-817f-aaad11e71b30': 'Communicate - User' },
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

/** A second org, where the same client passes: the reference the matrix compares acme with. */
const globexPassing: Verdict = { ...passing, org: 'globex' };
const snapshot = (roles: string[]): FactSnapshot => ({
  identity: { kind: 'oauth-client', id: failing.identity.id, grantType: 'CLIENT-CREDENTIALS', state: 'active' },
  grants: { ok: true, value: roles.map((role) => ({ role, division: role === 'Communicate - User' ? '*' : 'Home' })) },
  rolePermissions: { ok: true, value: {} },
  settings: { scopeEnforcement: 'unset' },
});
const manyOrgs: ManyOrgsResult = {
  runs: [
    { org: 'acme', kind: 'verdict', verdict: failing, snapshot: snapshot(['Communicate - User']) },
    {
      org: 'globex',
      kind: 'verdict',
      verdict: globexPassing,
      snapshot: snapshot(['Communicate - User', 'Screen Recording Viewer']),
    },
    { org: 'initech', kind: 'error', message: 'the check failed: the login host did not answer' },
  ],
  differs: {
    acme: [
      { kind: 'role-grant', line: 'globex holds role "Screen Recording Viewer" in division "Home"; acme does not' },
    ],
  },
  summary: {
    orgs: 3,
    pass: 1,
    warn: 0,
    fail: 1,
    unknown: 0,
    error: 1,
    notAvailable: ['nosuch'],
    reference: 'globex',
    durationMs: 1840,
  },
};
const comparison: IdentityComparison = {
  first: { org: 'acme', kind: 'verdict', verdict: failing, snapshot: snapshot(['Communicate - User']) },
  second: {
    org: 'acme',
    kind: 'verdict',
    verdict: {
      ...passing,
      identity: { kind: 'oauth-client', id: '9dd6054f-efab-4657-9a7f-b5471c523740', name: 'Fixer' },
    },
    snapshot: snapshot(['Communicate - User', 'Screen Recording Viewer']),
  },
  working: 'second',
  differences: [
    {
      kind: 'role-grant',
      line: 'client "Fixer" holds role "Screen Recording Viewer" in division "Home"; client "ArchiveBridge Screen Archiver" does not',
    },
  ],
};
const passedEntry = historyEntry(
  passing,
  AT - 3 * 3_600_000,
  'schedule',
  undefined,
  snapshot(['Communicate - User', 'Screen Recording Viewer']),
);
const statusChange = detectStatusChange(
  passedEntry,
  historyEntry(failing, AT, 'schedule', passedEntry, snapshot(['Communicate - User'])),
)!;
/** The pasted 403 as people paste it (curl output), and a call that is no Genesys operation. */
const pasted = parsePastedError(`ArchiveBridge stopped archiving since yesterday, any idea?
\`\`\`$ curl -s https://api.mypurecloud.com/api/v2/conversations/0f5b2c1e-8d1a-4c49-9b7e-2a6c1f0d3e11/recordings
{"message":"You are missing the following permission(s): [recording:screenRecording:view]","code":"missing.permissions","status":403,"contextId":"5d6e7f80-1a2b-4c3d-8e9f-0a1b2c3d4e5f"}\`\`\``);
if (pasted.kind !== 'genesys-403') throw new Error('the paste fixture is a Genesys 403');
const notAnOperation = unknownCallInOp('POST /api/v2/recordings/screensessions/archive');
if (!notAnOperation) throw new Error('the fixture call is no operation');
const fixWatch: PropagationWatch = {
  id: 'w1',
  requestId: request.id,
  org: 'acme',
  check: { org: 'acme', fresh: true },
  // As runWatchStep leaves it after the 1 min re-check (step 3): step 4 next, due at 2 min.
  position: 4,
  startedAt: AT,
  nextRunAt: AT + 120_000,
  status: 'running',
  checks: 3,
  lastCheckedAt: AT + 60_000,
  lastResult: 'refused',
  createdAt: AT,
  updatedAt: AT + 60_000,
};

/** Messages as Block Kit Builder takes them: `{ blocks }` (the `text` fallback kept alongside). */
const messageKinds: Array<[string, { text: string; blocks: unknown[] }]> = [
  ['verdict-fail', renderVerdictMessage(failing, options)],
  ['verdict-pass', renderVerdictMessage(passing, options)],
  ['approval-request', renderApprovalRequest(request)],
  ['approval-thread-notice', renderThreadNotice(request, ['U0ALICE', 'U0BOB'])],
  ['approval-denied', renderOutcomeNotice({ ok: true, kind: 'denied', request: denied })],
  [
    'revocation-notice',
    renderRevocationNotice('revoked', `Revoked ${revocationGrantLabel(revoked)}: its time bound ran out`, revoked),
  ],
  [
    'matrix',
    renderMatrixMessage(buildMatrix(manyOrgs), {
      fullTableCommand: 'sr-check org=acme,globex,initech,nosuch --json',
      requestedBy: 'U0ASKER1',
      requestedAt: AT,
    }),
  ],
  [
    'comparison',
    renderComparisonMessage(comparison, {
      fullTableCommand:
        'sr-check org=acme client=9dd6054f-efab-4657-9a7f-b5471c523740 compare=09f08c5e-1262-478b-9a02-ada5263d5d40 --json',
      requestedBy: 'U0ASKER1',
      requestedAt: AT,
    }),
  ],
  ['status-change', renderStatusChangeMessage(statusChange)],
  ['paste-reply', renderPasteReply(pasted.finding, { kind: 'button', org: 'acme', requestId: 'req12345abc' })],
  [
    'not-an-operation-reply',
    renderNotAnOperationReply(
      notAnOperation,
      notAnOperation.nearest.map((op, i) => ({ label: `${op.method} ${op.template}`, requestId: `req-suggest-${i}` })),
    ),
  ],
  ['watch-user', withWatchLine(renderVerdictMessage(failing, options), userWatchStartLine(WATCH_LIMIT_SECONDS))],
  ['watch-fix', withWatchLine(renderVerdictMessage(failing, options), fixWatchLine(fixWatch))],
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

describe('the propagation watch example (docs/messages/watch-fix.json)', () => {
  it('says when the next re-check is, after the one that just ran', () => {
    const line = fixWatchLine(fixWatch);
    expect(line).toContain('Still refused after 1 min;');
    expect(line).toContain('Re-checking at 2 min');
  });
});
