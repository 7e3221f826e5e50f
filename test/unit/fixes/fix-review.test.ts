/**
 * Issue 14 item 2, server-side: whatever a button value (forged, stale, or from a verdict made before the
 * limits) asks for, the approval service refuses to plan a grant of a role with administration permissions, or
 * any fix for an operation the org has not configured. An accepted grant's plan names every permission the
 * role carries, and the role and division names.
 */
import { describe, expect, it } from 'vitest';
import { ApprovalService } from '../../../src/approvals/service';
import type { AppConfig } from '../../../src/config/types';
import type { FixProposal } from '../../../src/diagnosis/verdict';
import type { FixApiSource } from '../../../src/fixes/apis';
import { reviewFix, rolePermissionList } from '../../../src/fixes/fix-review';
import type { GenesysApi } from '../../../src/genesys/api';
import type { OAuthClient, Role } from '../../../src/genesys/models';
import { failed, ok } from '../../../src/genesys/result';
import { createLogger } from '../../../src/log';
import { SqliteStore } from '../../../src/store/sqlite-store';
import { unitOrg } from '../../support/orgs';

const FIXER_ROLE: Role = {
  id: 'fixer-role',
  name: 'sr-check Fixer',
  permissionPolicies: [
    { domain: 'oauth', entityName: 'client', actionSet: ['view', 'edit'] },
    { domain: 'authorization', entityName: 'grant', actionSet: ['add', 'delete'] },
    { domain: 'oauth', entityName: 'token', actionSet: ['delete'] },
  ],
} as Role;
const VIEWER_ROLE: Role = {
  id: 'viewer',
  name: 'Screen Recording Viewer',
  permissionPolicies: [
    { domain: 'recording', entityName: 'screenRecording', actionSet: ['view', 'editRetention'] },
    {
      domain: 'conversation',
      entityName: 'communication',
      actionSet: ['view'],
      allowConditions: true,
      resourceConditionNode: { variableName: 'Queue.id' },
    },
  ],
} as Role;
const OTHER: Role = { id: 'comm', name: 'Communicate - User', permissionPolicies: [] } as Role;

const grantOf = (role: Role, patch: Partial<Extract<FixProposal, { kind: 'grant-role' }>> = {}): FixProposal => ({
  kind: 'grant-role',
  target: { kind: 'oauth-client', id: 'archiver' },
  roleId: role.id,
  roleName: 'Harmless Viewer',
  divisionId: 'home',
  divisionName: 'Home',
  permission: 'recording:screenRecording:view',
  extraPermissions: 0,
  before: [{ roleId: 'comm', divisionId: '*' }],
  after: [
    { roleId: 'comm', divisionId: '*' },
    { roleId: role.id, divisionId: 'home' },
  ],
  ...patch,
});

function reader(options: { roleReadable?: boolean; fixerRoles?: string[] } = {}): GenesysApi {
  const roles = [FIXER_ROLE, VIEWER_ROLE, OTHER];
  const client: OAuthClient = {
    id: 'archiver',
    name: 'Archiver',
    authorizedGrantType: 'CLIENT-CREDENTIALS',
    roleDivisions: [{ roleId: 'comm', divisionId: '*' }],
    dateModified: 'd1',
  };
  return {
    getRole: async (id: string) => {
      const role = roles.find((r) => r.id === id);
      if (options.roleReadable === false || !role)
        return failed({
          kind: 'http',
          status: 403,
          message: 'no',
          operation: 'GET /api/v2/authorization/roles/{roleId}',
        });
      return ok(role);
    },
    listRoles: async () => ok(roles),
    getHomeDivision: async () => ok({ id: 'home', name: 'Home' }),
    getDivision: async (id: string) => {
      const name = ({ home: 'Home', sales: 'Sales EMEA', support: 'Support' } as Record<string, string>)[id];
      return name
        ? ok({ id, name })
        : failed({
            kind: 'http',
            status: 404,
            message: 'not found',
            operation: 'GET /api/v2/authorization/divisions/{divisionId}',
          });
    },
    // Any other client is sr-check's fixer: it holds the roles it may hand out (by default every one here).
    getOAuthClient: async (id: string) =>
      ok(
        id === client.id
          ? structuredClone(client)
          : {
              id,
              name: 'sr-check fixer',
              authorizedGrantType: 'CLIENT-CREDENTIALS',
              roleDivisions: (options.fixerRoles ?? roles.map((r) => r.id)).map((roleId) => ({
                roleId,
                divisionId: '*',
              })),
            },
      ),
    putOAuthClient: async (next: OAuthClient) => ok(next),
  } as unknown as GenesysApi;
}

const check = { org: 'acme', fresh: false };

describe('reviewFix', () => {
  // Issue 21 point 7. Terraform provider, genesyscloud_oauth_client roles: "The roles must also already be
  // assigned to the OAuth Client used by Terraform" (the client making the change: sr-check's fixer).
  it.each([
    ['the fixer holds the role', ['fixer-role', 'viewer'], true],
    ['the fixer does not hold the role', ['fixer-role'], false],
  ] as const)('a grant to an OAuth client: %s', async (_name, fixerRoles, accepted) => {
    const review = await reviewFix(unitOrg(), grantOf(VIEWER_ROLE), check, reader({ fixerRoles: [...fixerRoles] }));
    expect(review.ok).toBe(accepted);
    if (!review.ok) {
      expect(review.code).toBe('unsupported');
      expect(review.message).toMatch(
        /fixer client \S+ does not hold role "Screen Recording Viewer", so it cannot hand it out: .*"The roles must also already be assigned to the OAuth Client used by Terraform"/,
      );
    }
  });

  it('a grant to a user is not judged by the OAuth-client rule', async () => {
    const review = await reviewFix(
      unitOrg(),
      grantOf(VIEWER_ROLE, { target: { kind: 'user', id: 'u1' } }),
      check,
      reader({ fixerRoles: ['fixer-role'] }),
    );
    expect(review.ok).toBe(true);
  });

  it("refuses sr-check's own fixer role, however the request names it", async () => {
    const review = await reviewFix(unitOrg(), grantOf(FIXER_ROLE), check, reader());
    expect(review).toMatchObject({ ok: false, code: 'unsupported' });
    if (review.ok) return;
    expect(review.message).toMatch(
      /"sr-check Fixer" carries administration permissions \(.*authorization:grant:add.*\)/,
    );
  });

  it('refuses a role it cannot read (it cannot tell what the grant would add)', async () => {
    expect(await reviewFix(unitOrg(), grantOf(VIEWER_ROLE), check, reader({ roleReadable: false }))).toMatchObject({
      ok: false,
      code: 'unreadable',
    });
  });

  it('refuses any fix for an operation the org has not configured', async () => {
    const review = await reviewFix(
      unitOrg(),
      grantOf(VIEWER_ROLE),
      { ...check, op: 'GET /api/v2/quality/evaluations/query' },
      reader(),
    );
    expect(review).toMatchObject({
      ok: false,
      code: 'unsupported',
      message: expect.stringMatching(/not one of the operations configured/),
    });
  });

  it('refuses adding an administration scope', async () => {
    const scope: FixProposal = {
      kind: 'add-scope',
      target: { kind: 'oauth-client', id: 'archiver' },
      scope: 'authorization',
      before: [],
      after: ['authorization'],
    };
    expect(await reviewFix(unitOrg(), scope, check, reader())).toMatchObject({ ok: false, code: 'unsupported' });
  });

  it('accepts a plain role, with every permission it carries and the names of roles and divisions', async () => {
    const review = await reviewFix(unitOrg(), grantOf(VIEWER_ROLE), check, reader());
    expect(review).toEqual({
      ok: true,
      context: {
        roleName: 'Screen Recording Viewer',
        permissions: [
          'conversation:communication:view (conditional)',
          'recording:screenRecording:editRetention',
          'recording:screenRecording:view',
        ],
        names: {
          roles: { viewer: 'Screen Recording Viewer', comm: 'Communicate - User' },
          divisions: { '*': 'all divisions', home: 'Home' },
        },
      },
    });
    expect(rolePermissionList(FIXER_ROLE)).toContain('oauth:token:delete');
  });

  it("lists the role's `permissions` strings too, once each (a conditional policy keeps its mark)", () => {
    const role = {
      id: 'r',
      name: 'R',
      permissions: ['conversation:communication:view', 'recording:recording:delete'],
      permissionPolicies: [
        { domain: 'conversation', entityName: 'communication', actionSet: ['view'], resourceConditionNode: {} },
      ],
    };
    expect(rolePermissionList(role)).toEqual([
      'conversation:communication:view (conditional)',
      'recording:recording:delete',
    ]);
  });

  it('names every division in the grant and in before → after, not only all-divisions, the granted and the home one', async () => {
    const fix = grantOf(VIEWER_ROLE, {
      divisionId: 'support',
      divisionName: 'Support',
      before: [
        { roleId: 'comm', divisionId: 'sales' },
        { roleId: 'comm', divisionId: 'gone' },
      ],
      after: [
        { roleId: 'comm', divisionId: 'sales' },
        { roleId: 'comm', divisionId: 'gone' },
        { roleId: VIEWER_ROLE.id, divisionId: 'support' },
      ],
    });
    const review = await reviewFix(unitOrg(), fix, check, reader());
    if (!review.ok) throw new Error(review.message);
    // 'gone' cannot be read: no name is made up for it.
    expect(review.context.names?.divisions).toEqual({ sales: 'Sales EMEA', support: 'Support' });
  });
});

describe('ApprovalService.requestFix, server-side', () => {
  function service() {
    const api = reader();
    const apis: FixApiSource = {
      forOrg: () => ({ fixer: api, reader: api, managed: () => undefined }),
      close: async () => {},
    };
    const config: AppConfig = { orgs: new Map([['acme', unitOrg()]]), allowedChannels: [], source: 'test' };
    const store = new SqliteStore({ path: ':memory:' });
    return {
      store,
      service: new ApprovalService({
        store,
        config,
        apis,
        diagnoser: { diagnose: async () => ({ ok: false, message: 'x' }) },
        logger: createLogger({ name: 'fix-review' }),
      }),
    };
  }

  it('a forged grant of the fixer role is refused and nothing is stored or audited', async () => {
    const { service: s, store } = service();
    const outcome = await s.requestFix({
      requesterSlackId: 'U0MALLORY',
      org: 'acme',
      fix: grantOf(FIXER_ROLE),
      verdictRef: { check, overall: 'fail', checkedAt: 1 },
    });
    expect(outcome).toMatchObject({ ok: false, code: 'unsupported' });
    expect(await store.listApprovals()).toEqual([]);
    expect(await store.listAudit()).toEqual([]);
    await store.close();
  });

  it('an accepted grant is planned with the role name Genesys gives (not the one the button claimed) and every permission', async () => {
    const { service: s, store } = service();
    const outcome = await s.requestFix({
      requesterSlackId: 'U0REQ',
      org: 'acme',
      fix: grantOf(VIEWER_ROLE),
      verdictRef: { check, overall: 'fail', checkedAt: 1 },
    });
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.request.plan).toMatchObject({
      kind: 'grant-role',
      roleName: 'Screen Recording Viewer',
      permissionsAdded: [
        'conversation:communication:view (conditional)',
        'recording:screenRecording:editRetention',
        'recording:screenRecording:view',
      ],
      names: { divisions: { home: 'Home' } },
    });
    expect(outcome.request.plan.summary).toBe(
      'Grant role "Screen Recording Viewer" in division "Home" to OAuth client "Archiver" (archiver)',
    );
    await store.close();
  });
});
