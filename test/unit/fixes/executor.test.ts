import { describe, expect, it } from 'vitest';
import type { OrgConfig } from '../../../src/config/types';
import { FixExecutor } from '../../../src/fixes/executor';
import { planFix, type FixPlan } from '../../../src/fixes/plan';
import type { GenesysApi } from '../../../src/genesys/api';
import type { Subject } from '../../../src/genesys/models';
import { failed, ok } from '../../../src/genesys/result';
import { unitOrg } from '../../support/orgs';

const org: OrgConfig = unitOrg();

const subjectGrant = (roleId: string) => ({ role: { id: roleId }, division: { id: '*' } }) as Subject['grants'][number];

/** A user whose grant POST is accepted; `lands` decides whether the user's grants show it afterwards. */
function fakeUser(options: { lands: boolean; fixerCanRead: boolean }) {
  const user: Subject = { id: 'lee', grants: [subjectGrant('agent')] };
  const reads: string[] = [];
  const make = (who: 'fixer' | 'reader') =>
    ({
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
  );
  if (!planned.ok) throw new Error(planned.message);
  return { executor, plan: planned.plan as FixPlan, reads };
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
