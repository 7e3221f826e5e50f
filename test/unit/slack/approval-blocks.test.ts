/** Approval messages: every state, the exact change, Block Kit limits, text fallbacks, and escaping. */
import { describe, expect, it } from 'vitest';
import {
  renderApprovalRequest,
  renderOutcomeNotice,
  renderRevocationNotice,
  renderThreadNotice,
  statusLine,
} from '../../../src/slack/blocks/approval';
import type { ApprovalRequest } from '../../../src/approvals/types';
import { renderStatusChangeMessage } from '../../../src/slack/blocks/matrix';
import { allTextFields, textObjects } from '../../e2e/helpers';
import { blockKitViolations } from '../../support/block-kit-limits';
import { INJECTIONS } from '../../support/verdict-fixtures';

const INJECTED = INJECTIONS.join(' ');
const ROLE = '39f38e94-aac1-40e1-9358-09a68f3a8563';

function request(patch: Partial<ApprovalRequest> = {}, names = 'Screen Recording Viewer'): ApprovalRequest {
  return {
    id: '2f1c0a3e-7d0b-4d5e-9a43-6f0d1c2b3a4d',
    org: 'acme',
    state: 'pending',
    requesterSlackId: 'U0REQUESTER',
    plan: {
      org: 'acme',
      kind: 'grant-role',
      target: { kind: 'oauth-client', id: '09f08c5e-1262-478b-9a02-ada5263d5d40' },
      targetName: `Archiver ${names}`,
      roleId: ROLE,
      roleName: names,
      divisionId: '*',
      permission: 'recording:screenRecording:view',
      before: [{ roleId: 'r-1', divisionId: '*' }],
      after: [
        { roleId: 'r-1', divisionId: '*' },
        { roleId: ROLE, divisionId: '*' },
      ],
      basis: {},
      summary: `Grant role "${names}" in division * to OAuth client "Archiver ${names}"`,
      tests: { alreadyFixed: 'x', changedSincePlan: 'y' },
    },
    verdictRef: {
      check: { org: 'acme', fresh: false, client: '09f08c5e-1262-478b-9a02-ada5263d5d40' },
      overall: 'fail',
      checkedAt: Date.UTC(2025, 0, 15, 11),
    },
    thread: { channel: 'C0SUPPORT1', ts: '1736942400.000100' },
    createdAt: Date.UTC(2025, 0, 15, 12),
    expiresAt: Date.UTC(2025, 0, 16, 12),
    updatedAt: Date.UTC(2025, 0, 15, 12),
    ...patch,
  };
}

const buttons = (blocks: unknown[]) =>
  (blocks as Array<Record<string, any>>)
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements as Array<Record<string, any>>);
const text = (m: { text: string; blocks: unknown[] }) => [m.text, ...allTextFields(m.blocks)].join('\n');

describe('renderApprovalRequest', () => {
  it('shows requester, org, target, the change before → after, the source verdict and the expiry, with Approve / Deny carrying only the id', () => {
    const message = renderApprovalRequest(request());
    expect(blockKitViolations(message)).toEqual([]);
    const all = text(message);
    expect(all).toContain('<@U0REQUESTER>');
    expect(all).toContain('acme');
    expect(all).toContain('09f08c5e-1262-478b-9a02-ada5263d5d40');
    expect(all).toContain('*Before* (1 role/division pair(s)): `r-1 @ *`');
    expect(all).toContain(`*After* (2): \`r-1 @ *\`, \`${ROLE} @ *\``);
    expect(all).toContain('recording:screenRecording:view');
    expect(all).toContain('FAIL verdict');
    expect(all).toContain('<#C0SUPPORT1>');
    expect(all).toContain('|2025-01-16T12:00Z>'); // the expiry (Slack date with an ISO fallback)
    expect(buttons(message.blocks).map((b) => [b.action_id, b.value, b.style])).toEqual([
      ['approval:approve', '2f1c0a3e-7d0b-4d5e-9a43-6f0d1c2b3a4d', 'primary'],
      ['approval:deny', '2f1c0a3e-7d0b-4d5e-9a43-6f0d1c2b3a4d', 'danger'],
    ]);
    expect(message.text).toContain('Fix request for acme (pending)');
  });

  it.each([
    [
      {
        state: 'applied',
        decidedBy: 'U0ALICE',
        result: { status: 'applied', result: 'changed', detail: 'granted', at: 1 },
      },
      /\*Applied\*, approved by <@U0ALICE>\. Result: changed: granted/,
    ],
    [
      {
        state: 'applied',
        decidedBy: 'U0ALICE',
        result: { status: 'applied', result: 'no-op', detail: 'already there', at: 1 },
      },
      /already in place/,
    ],
    [
      { state: 'failed', decidedBy: 'U0BOB', reason: 'changed since the check; re-run it' },
      /\*Not applied\* \(approved by <@U0BOB>\): changed since the check/,
    ],
    // Who and when (issue 24 item 9): the denial's time is the request's last change.
    [
      { state: 'denied', decidedBy: 'U0BOB', reason: 'freeze', updatedAt: Date.UTC(2026, 11, 6, 9, 30) },
      /\*Denied by <@U0BOB>\*: freeze\. Nothing was changed\. · <!date\^1796549400\^\{date_short_pretty\} \{time\}\|2026-12-06T09:30Z>/,
    ],
    [{ state: 'expired' }, /\*Expired\* at <!date\^\d+\^/],
    [{ state: 'applying', decidedBy: 'U0ALICE' }, /applying…/],
  ] as Array<[Partial<ApprovalRequest>, RegExp]>)(
    'final state %j has no buttons and says what happened',
    (patch, expected) => {
      const message = renderApprovalRequest(request(patch));
      expect(blockKitViolations(message)).toEqual([]);
      expect(buttons(message.blocks)).toEqual([]);
      expect(text(message)).toMatch(expected);
    },
  );

  it('shows a time bound', () => {
    expect(text(renderApprovalRequest(request({ ttlHours: 8 })))).toContain(
      'Revoked automatically 8 h after it is applied',
    );
  });

  it('escapes mention injections from Genesys names and user-given reasons, and marks mrkdwn verbatim', () => {
    const messages = [
      renderApprovalRequest(request({}, INJECTED)),
      renderApprovalRequest(request({ state: 'denied', decidedBy: 'U0BOB', reason: INJECTED }, INJECTED)),
      renderThreadNotice(request({}, INJECTED), ['U0ALICE', '<!channel>']),
      renderOutcomeNotice({
        ok: true,
        kind: 'denied',
        request: request({ state: 'denied', decidedBy: 'U0BOB', reason: INJECTED }, INJECTED),
      }),
    ];
    for (const message of messages) {
      expect(blockKitViolations(message)).toEqual([]);
      const all = text(message);
      for (const raw of ['<!channel>', '<!here>', '<@U123>', '<!subteam^S1>', '<!everyone>', '<#C999', '<https://evil'])
        expect(all).not.toContain(raw);
      expect(all).not.toMatch(/@(everyone|here|channel)\b/);
      expect(all).toContain('&lt;!channel&gt;');
      for (const object of textObjects(message.blocks))
        if (object.type === 'mrkdwn') expect(object.verbatim).toBe(true);
    }
  });

  it('stays within limits for huge before/after lists and names', () => {
    const many = Array.from({ length: 500 }, (_, i) => ({
      roleId: `role-${i}-${'x'.repeat(30)}`,
      divisionId: 'd'.repeat(36),
    }));
    const base = request({}, 'N'.repeat(5000));
    const huge = { ...base, plan: { ...base.plan, before: many, after: many } as ApprovalRequest['plan'] };
    const message = renderApprovalRequest(huge);
    expect(blockKitViolations(message)).toEqual([]);
    expect(text(message)).toContain('…and 488 more');
  });
});

describe('thread and outcome notices', () => {
  it('a revocation notice and a status change say who and when (issue 24 item 9)', () => {
    const at = Date.UTC(2026, 11, 6, 9, 30);
    const revoked = renderRevocationNotice(
      'revoked',
      'Revoked role "Viewer"',
      {
        target: { kind: 'oauth-client', id: 'c1' },
        roleId: 'r1',
        roleName: 'Viewer',
        divisionId: '*',
      },
      at,
    );
    expect(text(revoked)).toMatch(/Revoked role "Viewer" · by sr-check \(time bound\), <!date\^1796549400\^/);
    const change = renderStatusChangeMessage({
      org: 'acme',
      kind: 'broke',
      from: 'pass',
      to: 'fail',
      at,
      headline: 'role: Grant …',
      changes: [],
      previousForMs: 0,
      message: 'acme went from PASS to FAIL',
    });
    expect(text(change)).toMatch(/\*Scheduled check\* · <!date\^1796549400\^[^>]+> · acme went from PASS to FAIL/);
  });

  it('names the approvers it waits for, and the final state afterwards', () => {
    const waiting = renderThreadNotice(request(), ['U0ALICE', 'U0BOB']);
    expect(text(waiting)).toContain('Waiting for approval by <@U0ALICE>, <@U0BOB>');
    const done = renderThreadNotice(request({ state: 'denied', decidedBy: 'U0BOB' }), ['U0ALICE']);
    expect(text(done)).toContain('Denied by <@U0BOB>');
    expect(text(done)).not.toContain('Waiting');
  });

  it('says the re-check failed when it did', () => {
    const applied = request({ state: 'applied', decidedBy: 'U0ALICE' });
    const notice = renderOutcomeNotice({
      ok: true,
      kind: 'applied',
      request: applied,
      result: { status: 'applied', result: 'changed', detail: 'ok', at: 1 },
      recheck: { ok: false, message: 'timeout <!here>' },
    });
    expect(text(notice)).toContain('could not be run again: timeout &lt;!here&gt;');
  });

  it('never turns a non-id into a mention', () => {
    expect(statusLine(request({ state: 'denied', decidedBy: '<!channel>' }))).toContain('&lt;!channel&gt;');
  });
});
