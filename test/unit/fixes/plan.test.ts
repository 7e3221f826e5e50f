import { describe, expect, it } from 'vitest';
import type { OrgConfig } from '../../../src/config/types';
import { Secret } from '../../../src/config/secret';
import type { FixProposal } from '../../../src/diagnosis/verdict';
import {
  clientWithChange,
  compareTarget,
  managedClientIds,
  planFix,
  scopesWith,
  type FixPlan,
  type TargetSnapshot,
} from '../../../src/fixes/plan';
import type { OAuthClient } from '../../../src/genesys/models';
import { unitOrg } from '../../support/orgs';

const org: OrgConfig = unitOrg({ probe: { clientId: 'archiver', clientSecret: new Secret('probe-LEAKCANARY') } });

const CLIENT: OAuthClient = {
  id: 'archiver',
  name: 'Archiver',
  description: 'keeps this',
  authorizedGrantType: 'CLIENT-CREDENTIALS',
  accessTokenValiditySeconds: 3600,
  roleDivisions: [{ roleId: 'comm', divisionId: '*' }],
  roleIds: ['comm'],
  scope: ['recordings:readonly', 'users:readonly'],
  state: 'active',
  dateCreated: '2024-01-01T00:00:00.000Z',
  dateModified: '2025-01-01T00:00:00.000Z',
  selfUri: '/api/v2/oauth/clients/archiver',
};

const grant: FixProposal = {
  kind: 'grant-role',
  target: { kind: 'oauth-client', id: 'archiver' },
  roleId: 'viewer',
  roleName: 'Screen Recording Viewer',
  divisionId: 'home',
  divisionName: 'Home',
  permission: 'recording:screenRecording:view',
  extraPermissions: 1,
  before: [{ roleId: 'comm', divisionId: '*' }],
  after: [
    { roleId: 'comm', divisionId: '*' },
    { roleId: 'viewer', divisionId: 'home' },
  ],
};
const addScope: FixProposal = {
  kind: 'add-scope',
  target: { kind: 'oauth-client', id: 'archiver' },
  scope: 'recordings',
  before: ['recordings:readonly', 'users:readonly'],
  after: ['users:readonly', 'recordings'],
};
const clientSnapshot = (patch: Partial<OAuthClient> = {}): TargetSnapshot => ({
  kind: 'oauth-client',
  client: { ...CLIENT, ...patch },
});

function planned(proposal: FixProposal, snapshot: TargetSnapshot = clientSnapshot()): FixPlan {
  const outcome = planFix(org, proposal, snapshot);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.plan;
}

describe('planFix', () => {
  it('pins a grant to the client as read: before → after and the dateModified to compare against', () => {
    const plan = planned(grant);
    expect(plan).toMatchObject({
      kind: 'grant-role',
      org: 'acme',
      targetName: 'Archiver',
      before: grant.before,
      after: grant.after,
      basis: { dateModified: CLIENT.dateModified },
      summary: 'Grant role "Screen Recording Viewer" in division "Home" to OAuth client "Archiver" (archiver)',
    });
    expect(plan.tests.changedSincePlan).toContain(CLIENT.dateModified);
  });

  it.each([
    [
      'already holds the role',
      grant,
      clientSnapshot({ roleDivisions: [...CLIENT.roleDivisions!, { roleId: 'viewer', divisionId: 'home' }] }),
      'already-fixed',
    ],
    ['roles changed since the check', grant, clientSnapshot({ roleDivisions: [] }), 'changed-since-check'],
    ['already has the scope', addScope, clientSnapshot({ scope: ['recordings'] }), 'already-fixed'],
    ['scopes changed since the check', addScope, clientSnapshot({ scope: ['users:readonly'] }), 'changed-since-check'],
    [
      'refresh of a client sr-check has no credentials for',
      { kind: 'refresh-credentials', target: { kind: 'oauth-client', id: 'someone-else' }, reason: 'r' } as FixProposal,
      { kind: 'none' } as TargetSnapshot,
      'unsupported',
    ],
  ])('refuses to plan when %s', (_name, proposal, snapshot, code) => {
    expect(planFix(org, proposal, snapshot)).toMatchObject({ ok: false, code });
  });

  it('plans a token refresh for a managed client, and user token revocation for a user', () => {
    expect(managedClientIds(org)).toEqual(['diag', 'fixer', 'archiver']);
    expect(
      planned(
        { kind: 'refresh-credentials', target: { kind: 'oauth-client', id: 'archiver' }, reason: 'r' },
        { kind: 'none' },
      ),
    ).toMatchObject({ method: 'own-token' });
    expect(
      planned({ kind: 'refresh-credentials', target: { kind: 'user', id: 'u1' }, reason: 'r' }, { kind: 'none' }),
    ).toMatchObject({ method: 'user-tokens' });
  });
});

describe('compareTarget (the tests run right before applying)', () => {
  const grantPlan = planned(grant);
  const scopePlan = planned(addScope);
  it.each([
    ['unchanged client', grantPlan, clientSnapshot(), 'as-planned'],
    [
      'grant present (someone else made it)',
      grantPlan,
      clientSnapshot({ roleDivisions: [{ roleId: 'viewer', divisionId: 'home' }], dateModified: 'later' }),
      'done',
    ],
    [
      'grant in another division only',
      grantPlan,
      clientSnapshot({
        roleDivisions: [...CLIENT.roleDivisions!, { roleId: 'viewer', divisionId: 'emea' }],
        dateModified: 'later',
      }),
      'changed',
    ],
    [
      'dateModified moved, roles same',
      grantPlan,
      clientSnapshot({ dateModified: '2025-02-01T00:00:00.000Z' }),
      'changed',
    ],
    ['roles differ, dateModified same', grantPlan, clientSnapshot({ roleDivisions: [] }), 'changed'],
    [
      'same roles in another order',
      planned(
        {
          ...grant,
          before: [
            { roleId: 'a', divisionId: '*' },
            { roleId: 'b', divisionId: '*' },
          ],
        } as FixProposal,
        clientSnapshot({
          roleDivisions: [
            { roleId: 'b', divisionId: '*' },
            { roleId: 'a', divisionId: '*' },
          ],
        }),
      ),
      clientSnapshot({
        roleDivisions: [
          { roleId: 'a', divisionId: '*' },
          { roleId: 'b', divisionId: '*' },
        ],
      }),
      'as-planned',
    ],
    ['scope unchanged', scopePlan, clientSnapshot(), 'as-planned'],
    [
      'scope present',
      scopePlan,
      clientSnapshot({ scope: ['recordings', 'users:readonly'], dateModified: 'later' }),
      'done',
    ],
    ['scopes edited', scopePlan, clientSnapshot({ scope: ['recordings:readonly'] }), 'changed'],
    [
      'a user where a client was planned',
      grantPlan,
      { kind: 'user', subjectId: 'u', grants: [] } as TargetSnapshot,
      'changed',
    ],
  ])('%s → %s', (_name, plan, snapshot, kind) => {
    expect(compareTarget(plan, snapshot).kind).toBe(kind);
  });

  it("compares a user's grants as a set", () => {
    const userGrant = { ...grant, target: { kind: 'user' as const, id: 'u1' } };
    const plan = planned(userGrant, { kind: 'user', subjectId: 'u1', grants: grant.before });
    expect(plan.kind === 'grant-role' && plan.basis).toEqual({});
    expect(compareTarget(plan, { kind: 'user', subjectId: 'u1', grants: grant.before }).kind).toBe('as-planned');
    expect(compareTarget(plan, { kind: 'user', subjectId: 'u1', grants: grant.after }).kind).toBe('done');
    expect(compareTarget(plan, { kind: 'user', subjectId: 'u1', grants: [] }).kind).toBe('changed');
  });
});

describe('the client PUT back', () => {
  it('keeps every field read and adds the role/division pair, keeping roleIds consistent', () => {
    const plan = planned(grant);
    if (plan.kind !== 'grant-role') throw new Error('kind');
    const next = clientWithChange(plan, CLIENT);
    expect(next).toEqual({
      ...CLIENT,
      roleDivisions: [
        { roleId: 'comm', divisionId: '*' },
        { roleId: 'viewer', divisionId: 'home' },
      ],
      roleIds: ['comm', 'viewer'],
    });
  });

  it('adds a scope in place of its read-only twin, keeping the others', () => {
    expect(scopesWith(['recordings:readonly', 'users:readonly'], 'recordings')).toEqual([
      'users:readonly',
      'recordings',
    ]);
    expect(scopesWith([], 'recordings')).toEqual(['recordings']);
    const plan = planned(addScope);
    if (plan.kind !== 'add-scope') throw new Error('kind');
    expect(clientWithChange(plan, CLIENT)).toEqual({ ...CLIENT, scope: ['users:readonly', 'recordings'] });
  });
});
