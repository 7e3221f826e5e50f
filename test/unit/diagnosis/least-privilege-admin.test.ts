/**
 * Issue 14 item 2: roles with administration permissions are never proposed. The attack: a role carrying
 * authorization:grant:add, oauth:client:edit and oauth:token:delete (sr-check's own fixer role) proposed for a
 * call that needs one of them. Administration also covers every way to take over an account or sign in as
 * someone else: directory writes (add, delete, edit, setPassword, admin), SSO providers and MFA changes.
 */
import { describe, expect, it } from 'vitest';
import type { Role } from '../../../src/genesys/models';
import { isAdministrationRole, proposeRoles, rolesMeeting } from '../../../src/diagnosis/least-privilege';

function role(id: string, name: string, permissions: string[]): Role {
  return {
    id,
    name,
    permissionPolicies: permissions.map((p) => {
      const [domain, entityName, action] = p.split(':') as [string, string, string];
      return { domain, entityName, actionSet: [action] };
    }),
  } as Role;
}

const FIXER = role('fixer', 'sr-check Fixer', [
  'oauth:client:view',
  'oauth:client:edit',
  'authorization:role:view',
  'authorization:grant:add',
  'authorization:grant:delete',
  'oauth:token:delete',
]);

describe('isAdministrationRole', () => {
  it.each([
    ['authorization:grant:add'],
    ['oauth:client:edit'],
    ['oauth:token:delete'],
    ['directory:user:edit'],
    ['directory:user:add'],
    ['directory:user:delete'],
    ['directory:user:setPassword'],
    ['directory:organization:admin'],
    ['directory:group:edit'],
    ['sso:provider:edit'],
    ['sso:provider:add'],
    ['mfa:user:edit'],
    ['directory:*:*'],
  ])('a role carrying %s is administration', (permission) => {
    expect(isAdministrationRole(role('r', 'R', ['recording:screenRecording:view', permission]))).toBe(true);
  });

  it.each([['directory:user:view'], ['sso:provider:view'], ['recording:*:*'], ['quality:evaluation:view']])(
    'a role carrying only %s (and recording view) is not',
    (permission) => {
      expect(isAdministrationRole(role('r', 'R', ['recording:screenRecording:view', permission]))).toBe(false);
    },
  );
});

describe("isAdministrationRole reads the role's `permissions` strings too", () => {
  it('a role whose policies are plain but whose permissions list authorization:grant:add is administration', () => {
    const viewer = role('r', 'R', ['recording:screenRecording:view']);
    expect(isAdministrationRole(viewer)).toBe(false);
    expect(isAdministrationRole({ ...viewer, permissions: ['authorization:grant:add'] })).toBe(true);
    expect(isAdministrationRole({ ...viewer, permissions: ['directory:user:view'] })).toBe(false);
  });
});

describe('the self-escalation attack', () => {
  it("sr-check's own fixer role is never proposed, even as the only (or cheapest) role carrying the need", () => {
    for (const need of ['authorization:grant:add', 'oauth:client:edit', 'oauth:token:delete']) {
      const proposal = proposeRoles([{ anyOf: [need], because: 'SDK: "Requires ANY permissions"' }], [FIXER], []);
      expect(proposal.roles).toEqual([]);
      expect(proposal.adminOnly.map((c) => c.anyOf)).toEqual([[need]]);
      expect(rolesMeeting([{ anyOf: [need], because: 'x' }], [FIXER], [])).toEqual([]);
    }
  });

  it('a role that can reset passwords is not proposed for the directory read it also carries', () => {
    const helpdesk = role('hd', 'Helpdesk', ['directory:user:view', 'directory:user:setPassword']);
    const reader = role('rd', 'Directory Reader', [
      'directory:user:view',
      'directory:group:view',
      'directory:location:view',
    ]);
    const proposal = proposeRoles([{ anyOf: ['directory:user:view'], because: 'x' }], [helpdesk, reader], []);
    expect(proposal.roles.map((c) => c.role.name)).toEqual(['Directory Reader']);
  });
});
