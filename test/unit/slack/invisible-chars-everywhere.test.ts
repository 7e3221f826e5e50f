/**
 * Issue 14 item 6 (review): control, bidi and invisible characters in Genesys names (role, client, division) and
 * in user-given reasons must reach NO string of a Slack payload: not only the text objects, but also the plain
 * strings beside them (a button's accessibility_label read by screen readers), and not the terminal either.
 * Every string of each rendered payload is walked, whatever its key.
 */
import { describe, expect, it } from 'vitest';
import type { ApprovalRequest } from '../../../src/approvals/types';
import type { Verdict } from '../../../src/diagnosis/verdict';
import { withoutControlChars } from '../../../src/render/terminal';
import { renderVerdictText } from '../../../src/render/text';
import {
  approveConfirmText,
  renderApprovalRequest,
  renderOutcomeNotice,
  renderRevocationNotice,
  renderThreadNotice,
} from '../../../src/slack/blocks/approval';
import { renderDenyModal } from '../../../src/slack/blocks/deny-modal';
import { renderHome } from '../../../src/slack/blocks/home';
import { renderVerdictMessage } from '../../../src/slack/blocks/verdict';
import { renderDetailsModal, verdictDetails } from '../../../src/slack/blocks/verdict-details';
import { blockKitViolations, viewViolations } from '../../support/block-kit-limits';
import { grantFix } from '../../support/verdict-fixtures';

/** C0 (but tab and newline), DEL, C1, bidi embeddings/overrides/isolates, LRM/RLM/ALM, line and paragraph separators, zero-width characters and the BOM. */
const FORBIDDEN =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;
const INVISIBLE = [
  '\u001b[31m',
  '\u0007',
  '\u009b2J',
  '\u202a\u202b\u202c\u202d\u202e',
  '\u2066\u2067\u2068\u2069',
  '\u200b\u200c\u200d\u200e\u200f',
  '\u061c',
  '\ufeff',
  '\u2028',
  '\u2029',
].join('');
/** Reads "Viewer" in order only once the override is gone; every other invisible character around it. */
const NAME = `Viewer\u202Enimda\u202C${INVISIBLE}`;
const ROLE = '39f38e94-aac1-40e1-9358-09a68f3a8563';
const CLIENT = '09f08c5e-1262-478b-9a02-ada5263d5d40';

function request(patch: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    id: '2f1c0a3e-7d0b-4d5e-9a43-6f0d1c2b3a4d',
    org: 'acme',
    state: 'pending',
    requesterSlackId: 'U0REQUESTER',
    plan: {
      org: 'acme',
      kind: 'grant-role',
      target: { kind: 'oauth-client', id: CLIENT },
      targetName: NAME,
      roleId: ROLE,
      roleName: NAME,
      divisionId: 'd1',
      divisionName: NAME,
      permission: 'recording:screenRecording:view',
      before: [],
      after: [{ roleId: ROLE, divisionId: 'd1' }],
      basis: {},
      // What planFix builds: the role's and the client's names from Genesys, raw.
      summary: `Grant role "${NAME}" in division "${NAME}" to OAuth client "${NAME}"`,
      tests: { alreadyFixed: 'x', changedSincePlan: 'y' },
    },
    verdictRef: { check: { org: 'acme', fresh: false, client: CLIENT }, overall: 'fail', checkedAt: 0 },
    thread: { channel: 'C0SUPPORT1', ts: '1736942400.000100' },
    createdAt: Date.UTC(2025, 0, 15, 12),
    expiresAt: Date.UTC(2025, 0, 16, 12),
    updatedAt: Date.UTC(2025, 0, 15, 12),
    ...patch,
  };
}

const verdict: Verdict = {
  org: 'acme',
  identity: { kind: 'oauth-client', id: CLIENT, name: NAME },
  operations: [{ method: 'GET', path: '/api/v2/recording/screenrecordings' }],
  overall: 'fail',
  checks: [
    {
      id: 'role',
      status: 'fail',
      summary: `Role "${NAME}" lacks the permission`,
      evidence: [`Role "${NAME}" grants nothing here`, `Genesys said: ${NAME}`],
      fixes: [grantFix(1, NAME), { kind: 'refresh-credentials', target: { kind: 'user', id: 'u1' }, reason: NAME }],
    },
  ],
  missingPermissions: ['recording:screenRecording:view'],
  apiCalls: 2,
  durationMs: 5,
};

/** Every string in a payload, whatever its key, with where it is. */
function allStrings(value: unknown, path = '$', out: Array<[string, string]> = []): Array<[string, string]> {
  if (typeof value === 'string') out.push([path, value]);
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) allStrings(v, `${path}[${i}]`, out);
  else if (value && typeof value === 'object')
    for (const [key, v] of Object.entries(value)) allStrings(v, `${path}.${key}`, out);
  return out;
}

const dirty = (payload: unknown) =>
  allStrings(payload)
    .filter(([, text]) => FORBIDDEN.test(text))
    .map(([path, text]) => `${path}: ${JSON.stringify(text)}`);

describe('no control, bidi or invisible character reaches any string of a Slack payload', () => {
  const denied = request({ state: 'denied', decidedBy: 'U0BOB', reason: `No ${NAME}` });
  const applied = request({ state: 'applied', decidedBy: 'U0ALICE' });
  const messages: Array<[string, { text: string; blocks: unknown[] }]> = [
    [
      'approval request, pending (Approve/Deny with accessibility labels and confirm)',
      renderApprovalRequest(request()),
    ],
    ['approval request, time-bound', renderApprovalRequest(request({ ttlHours: 8 }))],
    ['approval request, denied', renderApprovalRequest(denied)],
    ['approval request, applied', renderApprovalRequest(applied)],
    ['thread notice', renderThreadNotice(request(), ['U0ALICE'])],
    ['outcome: denied', renderOutcomeNotice({ ok: true, kind: 'denied', request: denied })],
    [
      'outcome: applied, re-check failed',
      renderOutcomeNotice({
        ok: true,
        kind: 'applied',
        request: applied,
        result: { status: 'applied', result: 'changed', detail: NAME, at: 1 },
        recheck: { ok: false, message: NAME },
      }),
    ],
    [
      'outcome: failed',
      renderOutcomeNotice({
        ok: true,
        kind: 'failed',
        request: applied,
        reason: NAME,
        result: { status: 'failed', reason: NAME } as never,
      }),
    ],
    [
      'revocation notice',
      renderRevocationNotice('revoked', `Revoked ${NAME}`, {
        target: { kind: 'oauth-client', id: CLIENT },
        targetName: NAME,
        roleId: ROLE,
        roleName: NAME,
        divisionId: 'd1',
        divisionName: NAME,
      }),
    ],
    [
      'verdict with fix buttons',
      renderVerdictMessage(verdict, { requestId: 'req-1', fixButtons: true, requestedBy: 'U0REQUESTER' }),
    ],
  ];

  it.each(messages)('%s', (_name, message) => {
    expect(blockKitViolations(message)).toEqual([]);
    expect(dirty(message)).toEqual([]);
  });

  it('the Approve and Deny accessibility labels still name the change, in reading order', () => {
    const actions = renderApprovalRequest(request()).blocks.find(
      (b) => (b as { type?: string }).type === 'actions',
    ) as { elements: Array<{ accessibility_label: string }> };
    const labels = actions.elements.map((e) => e.accessibility_label);
    expect(labels[0]).toMatch(/^Approve: Grant role "Viewernimda/);
    expect(labels[1]).toMatch(/^Deny, with a reason: Grant role "Viewernimda/);
    expect(approveConfirmText(request())).toContain('"Viewernimda');
  });

  it('the deny modal, the Home tab with a pending request and the verdict details modal', () => {
    const views = [
      renderDenyModal(request(), { id: '2f1c0a3e-7d0b-4d5e-9a43-6f0d1c2b3a4d', channel: 'C0SUPPORT1' }),
      renderHome({
        viewerId: 'U0ALICE',
        approverOf: ['acme'],
        lastVerdicts: [],
        pending: [request()],
        audit: [
          { id: 1, at: 1000, org: 'acme', actor: 'U0ALICE', action: 'requested', summary: NAME, result: 'pending' },
        ],
        approvalsEnabled: true,
      }),
      renderDetailsModal(verdictDetails(verdict)),
    ];
    for (const view of views) {
      expect(viewViolations(view as never)).toEqual([]);
      expect(dirty(view)).toEqual([]);
    }
  });

  it('the terminal renderer prints none of them either', () => {
    expect(renderVerdictText(verdict)).not.toMatch(FORBIDDEN);
  });

  it('withoutControlChars, the one helper both renderers use: separators become spaces, invisible ones go', () => {
    expect(withoutControlChars('a\u2028b\u2029c')).toBe('a b c');
    expect(withoutControlChars('ad\u200bmin\ufeff\u200d\u200c\u061c')).toBe('admin');
    expect(withoutControlChars('line one\nline two\tcol')).toBe('line one\nline two\tcol');
  });
});
