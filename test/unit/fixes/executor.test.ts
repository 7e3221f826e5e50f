import { describe, expect, it } from 'vitest';
import type { OrgConfig } from '../../../src/config/types';
import { FixExecutor } from '../../../src/fixes/executor';
import { rolePermissionList } from '../../../src/fixes/fix-review';
import { planFix, type FixPlan } from '../../../src/fixes/plan';
import type { GenesysApi } from '../../../src/genesys/api';
import type { Role, Subject } from '../../../src/genesys/models';
import { failed, ok } from '../../../src/genesys/result';
import { unitOrg } from '../../support/orgs';

const org: OrgConfig = unitOrg();

const subjectGrant = (roleId: string) => ({ role: { id: roleId }, division: { id: '*' } }) as Subject['grants'][number];

const VIEWER: Role = {
  id: 'viewer',
  name: 'Viewer',
  permissions: ['recording:screenRecording:view'],
  permissionPolicies: [{ domain: 'recording', entityName: 'screenRecording', actionSet: ['view'] }],
};

/**
 * A user whose grant POST is accepted; `lands` decides whether the user's grants show it afterwards. The plan
 * carries the Viewer role's permissions as the request's review read them (`shown: false`: a request made before
 * they were recorded); `role` is the role as Genesys answers now.
 */
function fakeUser(options: { lands: boolean; fixerCanRead: boolean; role?: Role; shown?: boolean }) {
  const user: Subject = { id: 'lee', grants: [subjectGrant('agent')] };
  const reads: string[] = [];
  const grants: string[] = [];
  const make = (who: 'fixer' | 'reader') =>
    ({
      getRole: async () => ok(structuredClone(options.role ?? VIEWER)),
      getSubject: async () => {
        reads.push(who);
        if (who === 'fixer' && !options.fixerCanRead) {
          return failed({
            kind: 'http',
            status: 403,
            code: 'missing.permissions',
            message: 'no',
            operation: 'GET /api/v2/authorization/subjects/{subjectId}',
          });
        }
        return ok(structuredClone(user));
      },
      grantSubjectRole: async (_id: string, _division: string, roleId: string) => {
        grants.push(roleId);
        if (options.lands) user.grants.push(subjectGrant(roleId));
        return ok(undefined);
      },
    }) as unknown as GenesysApi;
  const executor = new FixExecutor(
    { fixer: make('fixer'), reader: make('reader'), managed: () => undefined },
    () => 42,
  );
  const planned = planFix(
    org,
    {
      kind: 'grant-role',
      target: { kind: 'user', id: 'lee' },
      roleId: 'viewer',
      roleName: 'Viewer',
      divisionId: '*',
      permission: 'recording:screenRecording:view',
      extraPermissions: 0,
      before: [{ roleId: 'agent', divisionId: '*' }],
      after: [
        { roleId: 'agent', divisionId: '*' },
        { roleId: 'viewer', divisionId: '*' },
      ],
    },
    { kind: 'user', subjectId: 'lee', grants: [{ roleId: 'agent', divisionId: '*' }] },
    options.shown === false ? {} : { permissions: rolePermissionList(VIEWER) },
  );
  if (!planned.ok) throw new Error(planned.message);
  return { executor, plan: planned.plan as FixPlan, reads, grants };
}

describe('FixExecutor: granting a role to a user', () => {
  it('reads the user again after the grant and reports what the read shows', async () => {
    const { executor, plan, reads } = fakeUser({ lands: true, fixerCanRead: false });
    const result = await executor.apply(plan);
    expect(result).toMatchObject({
      status: 'applied',
      result: 'changed',
      after: [
        { roleId: 'agent', divisionId: '*' },
        { roleId: 'viewer', divisionId: '*' },
      ],
    });
    // Before and after the grant: the fixer first, the diagnostic client when the fixer may not read grants.
    expect(reads).toEqual(['fixer', 'reader', 'fixer', 'reader']);
  });

  it('fails when Genesys accepts the grant but the user does not show it', async () => {
    const { executor, plan } = fakeUser({ lands: false, fixerCanRead: true });
    expect(await executor.apply(plan)).toMatchObject({
      status: 'failed',
      reason: "Genesys accepted the grant but the user's grants do not show it",
    });
  });
});

describe('FixExecutor: the role is read again before it is granted', () => {
  const withAdmin = (role: Role): Role => ({
    ...role,
    permissions: [...(role.permissions ?? []), 'authorization:grant:add'],
  });

  it('refuses a role whose `permissions` strings gained an administration permission, though its policies did not', async () => {
    const { executor, plan, grants } = fakeUser({ lands: true, fixerCanRead: true, role: withAdmin(VIEWER) });
    const result = await executor.apply(plan);
    expect(result).toMatchObject({ status: 'failed', before: [{ roleId: 'agent', divisionId: '*' }] });
    expect(result.status === 'failed' ? result.reason : '').toBe(
      'the role changed since the request: it now carries administration permissions (authorization:grant:add), not shown to the approver; sr-check never grants such a role',
    );
    expect(grants).toEqual([]);
  });

  it('refuses a role that lost a permission the approver was shown', async () => {
    const { executor, plan, grants } = fakeUser({
      lands: true,
      fixerCanRead: true,
      role: { ...VIEWER, permissions: [], permissionPolicies: [] },
    });
    expect(await executor.apply(plan)).toMatchObject({
      status: 'failed',
      reason:
        'the role changed since the request: it no longer carries recording:screenRecording:view; request the fix again',
    });
    expect(grants).toEqual([]);
  });

  it('refuses when Genesys answers the role without its policies: its permissions cannot be confirmed', async () => {
    const { executor, plan, grants } = fakeUser({
      lands: true,
      fixerCanRead: true,
      role: { id: 'viewer', name: 'Viewer' },
    });
    expect(await executor.apply(plan)).toMatchObject({
      status: 'failed',
      reason: "could not confirm the role's permissions: Genesys did not return them",
    });
    expect(grants).toEqual([]);
  });

  it('a request made before the permissions were recorded: an administration role is still refused, an unchanged one granted', async () => {
    const admin = fakeUser({ lands: true, fixerCanRead: true, role: withAdmin(VIEWER), shown: false });
    expect(await admin.executor.apply(admin.plan)).toMatchObject({ status: 'failed' });
    expect(admin.grants).toEqual([]);
    const plain = fakeUser({ lands: true, fixerCanRead: true, shown: false });
    expect(await plain.executor.apply(plain.plan)).toMatchObject({ status: 'applied', result: 'changed' });
    expect(plain.grants).toEqual(['viewer']);
  });
});
