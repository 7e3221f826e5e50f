import { describe, expect, it } from 'vitest';
import { ApprovalService } from '../../../src/approvals';
import type { AppConfig, OrgConfig } from '../../../src/config/types';
import { Secret } from '../../../src/config/secret';
import type { FixProposal } from '../../../src/diagnosis/verdict';
import type { FixApiSource } from '../../../src/fixes';
import type { GenesysApi } from '../../../src/genesys/api';
import type { OAuthClient } from '../../../src/genesys/models';
import { ok } from '../../../src/genesys/result';
import { createLogger } from '../../../src/log';
import { SqliteStore } from '../../../src/store';

const baseOrg: OrgConfig = {
  name: 'acme',
  apiBaseUrl: 'http://127.0.0.1:1',
  loginBaseUrl: 'http://127.0.0.1:2',
  diagnostic: { clientId: 'diag', clientSecret: new Secret('d-LEAKCANARY') },
  fixer: { clientId: 'fixer', clientSecret: new Secret('f-LEAKCANARY') },
  channels: [],
  approvers: { users: ['U0ALICE'] },
  operations: [],
};
const grant: FixProposal = {
  kind: 'grant-role',
  target: { kind: 'oauth-client', id: 'archiver' },
  roleId: 'viewer',
  roleName: 'Viewer',
  divisionId: '*',
  permission: 'recording:screenRecording:view',
  extraPermissions: 0,
  before: [],
  after: [{ roleId: 'viewer', divisionId: '*' }],
};
const verdictRef = { check: { org: 'acme', fresh: false }, overall: 'fail' as const, checkedAt: 1 };

function setup(options: { org?: Partial<OrgConfig>; putThrows?: boolean; diagnoseThrows?: boolean } = {}) {
  let clock = 1_000_000;
  const org = { ...baseOrg, ...options.org };
  const config: AppConfig = { orgs: new Map([['acme', org]]), allowedChannels: [], source: 'test' };
  const client: OAuthClient = { id: 'archiver', name: 'Archiver', authorizedGrantType: 'CLIENT-CREDENTIALS', roleDivisions: [], dateModified: 'd1' };
  const api = {
    getOAuthClient: async () => ok(structuredClone(client)),
    putOAuthClient: async (next: OAuthClient) => {
      if (options.putThrows) throw new Error('bug in the client');
      Object.assign(client, next);
      return ok(next);
    },
  } as unknown as GenesysApi;
  const apis: FixApiSource = { forOrg: (o) => (o.fixer ? { fixer: api, reader: api, managed: () => undefined } : undefined), close: async () => {} };
  const store = new SqliteStore({ path: ':memory:', now: () => clock });
  const service = new ApprovalService({
    store,
    config,
    apis,
    diagnoser: {
      diagnose: async () => {
        if (options.diagnoseThrows) throw new Error('boom');
        return { ok: false, message: 'Unknown org' };
      },
    },
    logger: createLogger({ name: 'approvals-unit' }),
    now: () => clock,
  });
  return { service, store, client, advance: (ms: number) => void (clock += ms) };
}

describe('ApprovalService.requestFix refusals', () => {
  it.each([
    ['an unknown org', {}, { org: 'globex' }, 'unknown-org'],
    ['an org without fixer credentials', { fixer: undefined }, {}, 'fixes-disabled'],
    ['an org without approvers', { approvers: { users: [] } }, {}, 'no-approvers'],
    ['an expiry beyond a week', {}, { expiresInHours: 24 * 8 }, 'invalid-request'],
    ['a zero expiry', {}, { expiresInHours: 0 }, 'invalid-request'],
    ['a negative time bound', {}, { ttlHours: -1 }, 'invalid-request'],
    ['a time bound on a scope', {}, { ttlHours: 2, fix: { kind: 'add-scope', target: { kind: 'oauth-client', id: 'archiver' }, scope: 'recordings', before: [], after: ['recordings'] } }, 'invalid-request'],
  ] as const)('refuses %s', async (_name, org, input, code) => {
    const { service, store } = setup({ org: org as Partial<OrgConfig> });
    const outcome = await service.requestFix({ requesterSlackId: 'U0REQ', org: 'acme', fix: grant, verdictRef, ...(input as object) });
    expect(outcome).toMatchObject({ ok: false, code });
    expect(await store.listApprovals()).toEqual([]);
    expect(await store.listAudit()).toEqual([]);
  });

  it('accepts an org whose only approvers are a user group', async () => {
    const { service } = setup({ org: { approvers: { users: [], userGroup: 'S0ADMINS' } } });
    expect(await service.requestFix({ requesterSlackId: 'U0REQ', org: 'acme', fix: grant, verdictRef })).toMatchObject({ ok: true });
    // No resolver configured: a group member cannot be recognised, so nobody outside `users` may approve.
    expect(await service.isApprover('acme', 'U0ANYONE')).toBe(false);
  });
});

describe('ApprovalService failures while applying', () => {
  it('records a bug while applying as failed instead of leaving the request applying', async () => {
    const { service } = setup({ putThrows: true });
    const requested = await service.requestFix({ requesterSlackId: 'U0REQ', org: 'acme', fix: grant, verdictRef });
    if (!requested.ok) throw new Error(requested.message);
    const outcome = await service.approve(requested.request.id, 'U0ALICE');
    expect(outcome).toMatchObject({ ok: true, kind: 'failed', request: { state: 'failed' }, reason: expect.stringMatching(/internal error/) });
  });

  it('still reports the applied change when the re-check cannot run', async () => {
    const { service, client } = setup({ diagnoseThrows: true });
    const requested = await service.requestFix({ requesterSlackId: 'U0REQ', org: 'acme', fix: grant, verdictRef });
    if (!requested.ok) throw new Error(requested.message);
    const outcome = await service.approve(requested.request.id, 'U0ALICE');
    expect(outcome).toMatchObject({ ok: true, kind: 'applied', recheck: { ok: false } });
    expect(client.roleDivisions).toEqual([{ roleId: 'viewer', divisionId: '*' }]);
  });

  it('keeps a trimmed deny reason and audits it', async () => {
    const { service, store } = setup();
    const requested = await service.requestFix({ requesterSlackId: 'U0REQ', org: 'acme', fix: grant, verdictRef });
    if (!requested.ok) throw new Error(requested.message);
    expect(await service.deny(requested.request.id, 'U0ALICE', '  change freeze  ')).toMatchObject({ request: { reason: 'change freeze' } });
    expect((await store.listAudit())[0]).toMatchObject({ action: 'denied', actor: 'U0ALICE', result: 'denied: change freeze' });
  });
});
