/**
 * Permission and scope enforcement of the running simulator, as a table: each row is a client with
 * some role/division pairs, a request, and the answer Genesys would give.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, authorize, parseScenario, type RunningSimulator } from '../../../src/sim';
import { api, IDS, newId, ROLES, testScenario, tokenFor, type ClientSpec } from './sim-fixtures';

const RECORDINGS = `/api/v2/conversations/${IDS.conversation}/recordings`;
const OTHER_RECORDINGS = `/api/v2/conversations/${IDS.otherConversation}/recordings`;
const SCREEN_SESSIONS = '/api/v2/recordings/screensessions/details';
const IVR = `/api/v2/architect/ivrs/${IDS.home}/identityresolution`; // mode all: callRoute:view + identityResolutionIvr:view
const GRANT = `/api/v2/authorization/subjects/${IDS.user}/divisions/${IDS.home}/roles/${ROLES.viewer}`; // mode all, one permission

interface Row {
  name: string;
  roles: Array<[roleId: string, divisionId: string]>;
  method: string;
  path: string;
  status: number;
  code?: string;
  message?: string;
}

const anyRecordingMessage =
  'You must have at least one of the following permissions assigned: [recording:recording:view, recording:recordingSegment:view, recording:snippetRecording:view, recording:screenRecording:view]';

const rows: Row[] = [
  { name: 'exact permission', roles: [[ROLES.viewer, '*']], method: 'GET', path: RECORDINGS, status: 200 },
  { name: 'entity wildcard', roles: [[ROLES.entityWildcard, '*']], method: 'GET', path: RECORDINGS, status: 200 },
  { name: 'action wildcard', roles: [[ROLES.actionWildcard, '*']], method: 'GET', path: RECORDINGS, status: 200 },
  {
    name: 'no roles (mode any)',
    roles: [],
    method: 'GET',
    path: RECORDINGS,
    status: 403,
    code: 'missing.any.permissions',
    message: anyRecordingMessage,
  },
  // Help page "Edit a role": allowConditions is "whether or not you can set conditional parameters for the permission".
  {
    name: 'allowConditions alone is a plain grant',
    roles: [[ROLES.conditional, '*']],
    method: 'GET',
    path: RECORDINGS,
    status: 200,
  },
  {
    name: 'resourceConditionNode grants nothing',
    roles: [[ROLES.conditionNode, '*']],
    method: 'GET',
    path: RECORDINGS,
    status: 403,
    code: 'missing.any.permissions',
  },
  {
    name: 'another domain grants nothing',
    roles: [[ROLES.otherDomain, '*']],
    method: 'GET',
    path: SCREEN_SESSIONS,
    status: 403,
    code: 'missing.any.permissions',
  },
  {
    name: 'grant in the conversation division',
    roles: [[ROLES.viewer, IDS.home]],
    method: 'GET',
    path: RECORDINGS,
    status: 200,
  },
  {
    name: 'grant only in another division',
    roles: [[ROLES.viewer, IDS.other]],
    method: 'GET',
    path: RECORDINGS,
    status: 403,
    code: 'missing.any.permissions',
    message: `You must have at least one of the following permissions assigned: [] in at least one of the following division(s): [${IDS.home}]`,
  },
  {
    name: 'other-division grant covers its own conversation',
    roles: [[ROLES.viewer, IDS.other]],
    method: 'GET',
    path: OTHER_RECORDINGS,
    status: 200,
  },
  {
    name: 'any division counts without a conversation',
    roles: [[ROLES.viewer, IDS.other]],
    method: 'GET',
    path: SCREEN_SESSIONS,
    status: 200,
  },
  {
    name: 'unknown conversation: any division counts, then 404',
    roles: [[ROLES.viewer, IDS.other]],
    method: 'GET',
    path: `/api/v2/conversations/${IDS.org}/recordings`,
    status: 404,
    code: 'not.found',
  },
  {
    name: 'mode all, one of two held',
    roles: [[ROLES.ivrOne, '*']],
    method: 'GET',
    path: IVR,
    status: 403,
    code: 'missing.permissions',
    message: 'You are missing the following permission(s): [routing:identityResolutionIvr:view]',
  },
  {
    name: 'mode all, none held',
    roles: [],
    method: 'GET',
    path: IVR,
    status: 403,
    code: 'missing.permissions',
    message:
      'You are missing the following permission(s): [routing:callRoute:view, routing:identityResolutionIvr:view]',
  },
  {
    name: 'mode all, both held: allowed, then not modelled',
    roles: [[ROLES.ivrBoth, IDS.other]],
    method: 'GET',
    path: IVR,
    status: 404,
    code: 'not.found',
  },
  { name: 'mode all single permission held', roles: [[ROLES.grantAdd, '*']], method: 'POST', path: GRANT, status: 204 },
  { name: 'mode none needs nothing', roles: [], method: 'GET', path: '/api/v2/recording/settings', status: 200 },
  {
    name: 'unknown path',
    roles: [[ROLES.viewer, '*']],
    method: 'GET',
    path: '/api/v2/no/such/thing',
    status: 404,
    code: 'not.found',
  },
];

describe('simulator permission enforcement', () => {
  let sim: RunningSimulator;
  const clientOf = new Map<string, string>();

  beforeAll(async () => {
    const clients: Array<ClientSpec & { id: string }> = rows.map((row) => {
      const id = newId();
      clientOf.set(row.name, id);
      return { id, roleDivisions: row.roles.map(([roleId, divisionId]) => ({ roleId, divisionId })) };
    });
    sim = await startSimulator({ scenario: testScenario(clients) });
  });
  afterAll(() => sim.close());

  it.each(rows)('$name → $status $code', async (row) => {
    const token = await tokenFor(sim, clientOf.get(row.name)!);
    const res = await api(sim, token, row.method, row.path);
    expect(res.status).toBe(row.status);
    if (row.code) {
      expect(res.body.code).toBe(row.code);
      expect(res.body.status).toBe(row.status);
      expect(res.body.contextId).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers.get('inin-correlation-id')).toBe(res.body.contextId);
    }
    if (row.message) expect(res.body.message).toBe(row.message);
    if (row.code?.startsWith('missing')) expect(Array.isArray(res.body.messageParams.permissions)).toBe(true);
  });

  it('names the division in messageParams of a division refusal', async () => {
    const token = await tokenFor(sim, clientOf.get('grant only in another division')!);
    const res = await api(sim, token, 'GET', RECORDINGS);
    expect(res.body.messageParams.divisions).toEqual([IDS.home]);
  });

  it('records every request with its template and identity', async () => {
    // Its own requests, so the test does not depend on the table rows having run first.
    for (const name of [
      'exact permission',
      'no roles (mode any)',
      'grant only in another division',
      'entity wildcard',
    ]) {
      await api(sim, await tokenFor(sim, clientOf.get(name)!), 'GET', RECORDINGS);
    }
    const served = sim.requests.filter((r) => r.template === '/api/v2/conversations/{conversationId}/recordings');
    expect(served.length).toBeGreaterThan(3);
    expect(served.every((r) => r.clientId !== undefined)).toBe(true);
  });
});

describe('scope enforcement for user-context tokens', () => {
  let sim: RunningSimulator;
  const PUT_RECORDING = `/api/v2/conversations/${IDS.conversation}/recordings/${IDS.screenRecording}`;

  beforeAll(async () => {
    sim = await startSimulator({ scenario: testScenario([], { scopeEnforcement: true }) });
  });
  afterAll(() => sim.close());

  it('is off unless the scenario turns it on, as in Genesys orgs', () => {
    expect(parseScenario(testScenario()).scopeEnforcement).toBe(false);
  });

  it('allows a read with the full scope', async () => {
    const token = sim.mintUserToken(IDS.web, IDS.user);
    expect((await api(sim, token, 'GET', RECORDINGS)).status).toBe(200);
  });

  it('allows a read with the readonly twin but refuses a write', async () => {
    const token = sim.mintUserToken(IDS.webReadonly, IDS.user);
    expect((await api(sim, token, 'GET', RECORDINGS)).status).toBe(200);
    const put = await api(sim, token, 'PUT', PUT_RECORDING, { archiveDate: '2030-01-01T00:00:00Z' });
    expect(put.status).toBe(403);
    expect(put.body.code).toBe('not.authorized');
    expect(put.body.message).toBe('You are not authorized to perform the requested action.');
  });

  it('refuses an operation whose scope the app lacks, even when the user holds the permission', async () => {
    const token = sim.mintUserToken(IDS.web, IDS.user);
    const res = await api(sim, token, 'GET', SCREEN_SESSIONS); // needs `recordings` (web has it) ...
    expect(res.status).toBe(200);
    const readonlyToken = sim.mintUserToken(IDS.webReadonly, IDS.user);
    const conv = await api(sim, readonlyToken, 'GET', `/api/v2/conversations/${IDS.conversation}`); // ... needs `conversations`
    expect(conv.status).toBe(403);
    expect(conv.body.code).toBe('not.authorized');
  });

  it('still applies the user grants (division) after the scope passes', async () => {
    const token = sim.mintUserToken(IDS.web, IDS.user); // Dana holds the viewer role in Home only
    const res = await api(sim, token, 'GET', OTHER_RECORDINGS);
    expect(res.status).toBe(403);
    expect(res.body.message).toContain(`division(s): [${IDS.other}]`);
  });

  it('ignores scopes for client-credentials tokens', async () => {
    const token = await tokenFor(sim, IDS.diag); // the diag client has no scope list at all
    expect((await api(sim, token, 'GET', RECORDINGS)).status).toBe(200);
  });

  it('does not enforce scopes when the org has enforcement off', async () => {
    const off = await startSimulator({ scenario: testScenario([], { scopeEnforcement: false }) });
    try {
      // Dana needs the retention permissions for this write (the PUT's own rule); the scope is what is tested here.
      off.state.users
        .get(IDS.user)!
        .grants.push({ roleId: ROLES.screenRetention, divisionId: IDS.home, grantMadeAt: new Date().toISOString() });
      const token = off.mintUserToken(IDS.webReadonly, IDS.user);
      const put = await api(off, token, 'PUT', PUT_RECORDING, { archiveDate: '2030-01-01T00:00:00Z' });
      expect(put.status).toBe(200);
    } finally {
      await off.close();
    }
  });

  it('refuses to mint a user token through a client-credentials client', () => {
    expect(() => sim.mintUserToken(IDS.diag, IDS.user)).toThrow(/CODE, TOKEN or SAML2BEARER/);
  });
});

describe('token snapshot semantics', () => {
  it('a grant made after a token was issued helps only a new token', async () => {
    const target = newId();
    const sim = await startSimulator({ scenario: testScenario([{ id: target, roleDivisions: [] }]) });
    try {
      const before = await tokenFor(sim, target);
      expect((await api(sim, before, 'GET', RECORDINGS)).status).toBe(403);
      const fixer = await tokenFor(sim, IDS.fixer);
      const current = (await api(sim, fixer, 'GET', `/api/v2/oauth/clients/${target}`)).body;
      const put = await api(sim, fixer, 'PUT', `/api/v2/oauth/clients/${target}`, {
        ...current,
        roleDivisions: [{ roleId: ROLES.viewer, divisionId: '*' }],
      });
      expect(put.status).toBe(200);
      expect((await api(sim, before, 'GET', RECORDINGS)).status).toBe(403);
      const after = await tokenFor(sim, target);
      expect((await api(sim, after, 'GET', RECORDINGS)).status).toBe(200);
    } finally {
      await sim.close();
    }
  });

  it('role definitions are evaluated live', async () => {
    const target = newId();
    const sim = await startSimulator({
      scenario: testScenario([{ id: target, roleDivisions: [{ roleId: ROLES.grantAdd, divisionId: '*' }] }]),
    });
    try {
      const token = await tokenFor(sim, target);
      expect((await api(sim, token, 'GET', SCREEN_SESSIONS)).status).toBe(403);
      sim.state.roles
        .get(ROLES.grantAdd)!
        .permissionPolicies.push({ domain: 'recording', entityName: 'screenRecording', actionSet: ['view'] });
      expect((await api(sim, token, 'GET', SCREEN_SESSIONS)).status).toBe(200);
    } finally {
      await sim.close();
    }
  });

  it('a user grant made after a user token was issued does not help that token', async () => {
    const sim = await startSimulator({ scenario: testScenario() });
    try {
      const token = sim.mintUserToken(IDS.web, IDS.user);
      const fixer = await tokenFor(sim, IDS.fixer);
      const grant = await api(
        sim,
        fixer,
        'POST',
        `/api/v2/authorization/subjects/${IDS.user}/divisions/${IDS.other}/roles/${ROLES.viewer}`,
      );
      expect(grant.status).toBe(204);
      expect((await api(sim, token, 'GET', OTHER_RECORDINGS)).status).toBe(403);
      const fresh = sim.mintUserToken(IDS.web, IDS.user);
      expect((await api(sim, fresh, 'GET', OTHER_RECORDINGS)).status).toBe(200);
    } finally {
      await sim.close();
    }
  });
});

describe('authorize (pure evaluator)', () => {
  const policies: Record<string, Parameters<typeof authorize>[2] extends (id: string) => infer R ? R : never> = {
    view: [{ domain: 'recording', entityName: 'screenRecording', actionSet: ['view'] }],
    star: [{ domain: 'recording', entityName: '*', actionSet: ['*'] }],
  };
  const of = (id: string) => policies[id];

  it.each([
    {
      mode: 'any' as const,
      perms: ['a:b:c', 'recording:screenRecording:view'],
      grants: [['view', '*']],
      div: undefined,
      allowed: true,
    },
    {
      mode: 'all' as const,
      perms: ['recording:x:view', 'recording:y:edit'],
      grants: [['star', 'd1']],
      div: undefined,
      allowed: true,
    },
    {
      mode: 'all' as const,
      perms: ['recording:x:view', 'other:y:edit'],
      grants: [['star', 'd1']],
      div: undefined,
      allowed: false,
    },
    { mode: 'any' as const, perms: ['recording:x:view'], grants: [['star', 'd1']], div: 'd2', allowed: false },
    {
      mode: 'any' as const,
      perms: ['recording:x:view'],
      grants: [
        ['star', 'd1'],
        ['view', 'd2'],
      ],
      div: 'd2',
      allowed: false,
    },
    { mode: 'any' as const, perms: ['recording:x:view'], grants: [['star', '*']], div: 'd2', allowed: true },
    { mode: 'none' as const, perms: [], grants: [], div: 'd2', allowed: true },
    {
      mode: 'any' as const,
      perms: ['recording:x:view'],
      grants: [['missing-role', '*']],
      div: undefined,
      allowed: false,
    },
  ])('$mode $perms with $grants in $div → $allowed', ({ mode, perms, grants, div, allowed }) => {
    const decision = authorize(
      { mode, permissions: perms },
      grants.map(([roleId, divisionId]) => ({ roleId: roleId!, divisionId: divisionId! })),
      of,
      div,
    );
    expect(decision.allowed).toBe(allowed);
  });

  it('reports only the missing permissions for mode all, and the division when held elsewhere', () => {
    const partial = authorize(
      { mode: 'all', permissions: ['recording:x:view', 'other:y:edit'] },
      [{ roleId: 'star', divisionId: '*' }],
      of,
    );
    expect(partial).toEqual({ allowed: false, reason: 'missing', mode: 'all', missing: ['other:y:edit'] });
    const elsewhere = authorize(
      { mode: 'any', permissions: ['recording:x:view'] },
      [{ roleId: 'star', divisionId: 'd1' }],
      of,
      'd2',
    );
    expect(elsewhere).toMatchObject({ allowed: false, reason: 'division', divisionIds: ['d2'] });
  });
});
