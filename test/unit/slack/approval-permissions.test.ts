/**
 * Issue 14 item 2: an approval message lists EVERY permission the grant adds (not only the one the check
 * needed) and shows role and division names, not ids, in the change and in before → after.
 */
import { describe, expect, it } from 'vitest';
import { renderApprovalRequest } from '../../../src/slack/blocks/approval';
import type { ApprovalRequest } from '../../../src/approvals/types';
import type { FixPlan } from '../../../src/fixes/plan';
import { allTextFields } from '../../e2e/helpers';
import { blockKitViolations } from '../../support/block-kit-limits';

const ROLE = '39f38e94-aac1-40e1-9358-09a68f3a8563';
const COMM = 'b5279d78-1973-4420-817f-aaad11e71b30';
const HOME = '27558317-8891-45d1-9abc-a2de6d8a89d4';

function request(permissionsAdded: string[]): ApprovalRequest {
  const plan: FixPlan = {
    org: 'acme',
    kind: 'grant-role',
    target: { kind: 'oauth-client', id: '09f08c5e-1262-478b-9a02-ada5263d5d40' },
    targetName: 'Archiver',
    roleId: ROLE,
    roleName: 'Recording Helper',
    divisionId: HOME,
    divisionName: 'Home',
    permission: 'recording:screenRecording:view',
    permissionsAdded,
    names: {
      roles: { [ROLE]: 'Recording Helper', [COMM]: 'Communicate - User' },
      divisions: { [HOME]: 'Home', '*': 'all divisions' },
    },
    before: [{ roleId: COMM, divisionId: '*' }],
    after: [
      { roleId: COMM, divisionId: '*' },
      { roleId: ROLE, divisionId: HOME },
    ],
    basis: {},
    summary: 'Grant role "Recording Helper" in division "Home" to OAuth client "Archiver"',
    tests: { alreadyFixed: 'x', changedSincePlan: 'y' },
  };
  return {
    id: '2f1c0a3e-7d0b-4d5e-9a43-6f0d1c2b3a4d',
    org: 'acme',
    state: 'pending',
    requesterSlackId: 'U0REQUESTER',
    plan,
    verdictRef: { check: { org: 'acme', fresh: false }, overall: 'fail', checkedAt: Date.UTC(2025, 0, 15, 11) },
    createdAt: Date.UTC(2025, 0, 15, 12),
    expiresAt: Date.UTC(2025, 0, 16, 12),
    updatedAt: Date.UTC(2025, 0, 15, 12),
  };
}

const text = (m: { text: string; blocks: unknown[] }) => [m.text, ...allTextFields(m.blocks)].join('\n');

describe('approval message: what the grant adds', () => {
  it('lists every permission the role carries, not only the needed one', () => {
    const permissions = [
      'recording:screenRecording:view',
      'recording:recording:delete',
      'quality:evaluation:edit',
      'conversation:communication:view (conditional)',
    ];
    const all = text(renderApprovalRequest(request(permissions)));
    for (const p of permissions) expect(all).toContain(p);
    expect(all).toContain('*Grants every permission the role carries (4):*');
  });

  it('lists them all even when there are hundreds, within Block Kit limits', () => {
    const permissions = Array.from({ length: 400 }, (_, i) => `domain${i}:entity${i}:action${i}`);
    const message = renderApprovalRequest(request(permissions));
    expect(blockKitViolations(message)).toEqual([]);
    const all = text(message);
    for (const p of permissions) expect(all).toContain(p);
  });

  it('shows role and division names in the change and in before → after, not ids', () => {
    const message = renderApprovalRequest(request(['recording:screenRecording:view']));
    const change = (message.blocks as Array<Record<string, any>>).find((b) => b.block_id === 'approval-change')!.text
      .text as string;
    expect(change).toContain('"Recording Helper"');
    expect(change).toContain('"Home"');
    expect(change).toContain('"Communicate - User" in all divisions');
    for (const id of [ROLE, COMM, HOME]) expect(change).not.toContain(id);
  });
});
