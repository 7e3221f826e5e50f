/** Login host, authentication, modelled endpoints, writes, faults and the rate limit of the simulator. */
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../src/sim';
import { api, IDS, login, newId, ROLES, SECRET, testScenario, tokenFor } from './sim-fixtures';

const RECORDINGS = `/api/v2/conversations/${IDS.conversation}/recordings`;
const running: RunningSimulator[] = [];

async function start(...args: Parameters<typeof testScenario>): Promise<RunningSimulator> {
  const sim = await startSimulator({ scenario: testScenario(...args) });
  running.push(sim);
  return sim;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

describe('login host', () => {
  it('issues a simtok_ bearer token with the client validity', async () => {
    const target = newId();
    const sim = await start([{ id: target, validity: 600 }]);
    const res = await login(sim, target);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.token_type).toBe('bearer');
    expect(body.expires_in).toBe(600);
    expect(body.access_token).toMatch(/^simtok_[A-Za-z0-9_-]{24,}$/);
  });

  it.each([
    { name: 'bad secret', client: 'known', secret: 'wrong-LEAKCANARY', status: 401, error: 'invalid_client' },
    { name: 'unknown client', client: 'unknown', secret: SECRET, status: 401, error: 'invalid_client' },
    {
      name: 'disabled client',
      client: 'disabled',
      secret: SECRET,
      status: 400,
      error: 'invalid_client',
      description: 'client is disabled',
    },
    { name: 'code-grant client', client: 'code', secret: SECRET, status: 400, error: 'unauthorized_client' },
  ])('$name → $status $error', async ({ client, secret, status, error, description }) => {
    const disabled = newId();
    const sim = await start([{ id: disabled, state: 'disabled' }]);
    const ids: Record<string, string> = { known: IDS.diag, unknown: newId(), disabled, code: IDS.web };
    const res = await login(sim, ids[client]!, secret);
    expect(res.status).toBe(status);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.error).toBe(error);
    expect(typeof body.description).toBe('string');
    if (description) expect(body.description).toBe(description);
    expect(body).not.toHaveProperty('code'); // OAuth-style, not an ErrorBody
  });

  it('needs Basic auth and the client_credentials grant', async () => {
    const sim = await start();
    const noAuth = await fetch(`${sim.loginBaseUrl}/oauth/token`, {
      method: 'POST',
      body: 'grant_type=client_credentials',
    });
    expect(noAuth.status).toBe(401);
    const wrongGrant = await fetch(`${sim.loginBaseUrl}/oauth/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(`${IDS.diag}:${SECRET}`).toString('base64')}` },
      body: 'grant_type=password',
    });
    expect(wrongGrant.status).toBe(400);
    expect(((await wrongGrant.json()) as { error: string }).error).toBe('unsupported_grant_type');
  });

  it('is a separate listener: the API host does not issue tokens and the login host serves no API', async () => {
    const sim = await start();
    expect(sim.apiBaseUrl).not.toBe(sim.loginBaseUrl);
    const wrongHost = await fetch(`${sim.apiBaseUrl}/oauth/token`, {
      method: 'POST',
      body: 'grant_type=client_credentials',
    });
    expect(wrongHost.status).toBe(404);
    const token = await tokenFor(sim, IDS.diag);
    const apiOnLogin = await fetch(`${sim.loginBaseUrl}/api/v2/tokens/me`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(apiOnLogin.status).toBe(404);
  });
});

describe('authentication of API requests', () => {
  it('answers 401 authentication.required without a token or with an unknown one', async () => {
    const sim = await start();
    const none = await api(sim, undefined, 'GET', '/api/v2/tokens/me');
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('authentication.required');
    const unknown = await api(sim, 'simtok_notissuedbythisorg0000000000', 'GET', '/api/v2/tokens/me');
    expect(unknown.status).toBe(401);
    expect(unknown.body.code).toBe('authentication.required');
  });

  it('does not accept a token of another simulator', async () => {
    const a = await start();
    const b = await start();
    const tokenOfA = await tokenFor(a, IDS.diag);
    expect((await api(b, tokenOfA, 'GET', '/api/v2/tokens/me')).status).toBe(401);
  });

  it('answers 401 credentials.expired once the token validity has passed', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    const target = newId();
    const sim = await startSimulator({ scenario: testScenario([{ id: target, validity: 300 }]), now: () => now });
    running.push(sim);
    const token = await tokenFor(sim, target);
    now += 299_000;
    expect((await api(sim, token, 'GET', '/api/v2/tokens/me')).status).toBe(200);
    now += 1_000;
    const expired = await api(sim, token, 'GET', '/api/v2/tokens/me');
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('credentials.expired');
  });

  it("revokes the calling token with DELETE /tokens/me and a user's tokens with DELETE /tokens/{userId}", async () => {
    const sim = await start();
    const token = await tokenFor(sim, IDS.diag);
    expect((await api(sim, token, 'HEAD', '/api/v2/tokens/me')).status).toBe(200);
    const userToken = sim.mintUserToken(IDS.web, IDS.user);
    expect((await api(sim, token, 'DELETE', `/api/v2/tokens/${IDS.user}`)).status).toBe(204);
    expect((await api(sim, userToken, 'GET', '/api/v2/tokens/me')).status).toBe(401);
    expect((await api(sim, token, 'DELETE', '/api/v2/tokens/me')).status).toBe(204);
    expect((await api(sim, token, 'GET', '/api/v2/tokens/me')).status).toBe(401);
    expect(sim.writes.map((w) => `${w.method} ${w.path}`)).toEqual([
      `DELETE /api/v2/tokens/${IDS.user}`,
      'DELETE /api/v2/tokens/me',
    ]);
  });
});

describe('modelled endpoints', () => {
  it('GET /tokens/me describes the token, its org and its client', async () => {
    const sim = await start();
    const token = await tokenFor(sim, IDS.diag);
    const res = await api(sim, token, 'GET', '/api/v2/tokens/me');
    expect(res.status).toBe(200);
    expect(res.body.organization).toMatchObject({ id: IDS.org, name: 'Test Org' });
    expect(res.body.OAuthClient).toMatchObject({
      id: IDS.diag,
      authorizedGrantType: 'CLIENT-CREDENTIALS',
      roleDivisions: [{ roleId: ROLES.diag, divisionId: '*' }],
      state: 'active',
      organization: { id: IDS.org },
    });
    expect(Array.isArray(res.body.authorizedScope)).toBe(true);
    const user = sim.mintUserToken(IDS.web, IDS.user);
    expect((await api(sim, user, 'GET', '/api/v2/tokens/me')).body.authorizedScope).toEqual([
      'recordings',
      'conversations:readonly',
    ]);
  });

  it('answers 202 with an empty body while recordings are processing, 404 for an unknown conversation', async () => {
    const sim = await start();
    const token = await tokenFor(sim, IDS.diag);
    const processing = await api(sim, token, 'GET', `/api/v2/conversations/${IDS.processingConversation}/recordings`);
    expect(processing.status).toBe(202);
    expect(processing.text).toBe('');
    const unknown = await api(sim, token, 'GET', `/api/v2/conversations/${newId()}/recordings`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('not.found');
    const list = await api(sim, token, 'GET', RECORDINGS);
    expect(list.body).toEqual([
      expect.objectContaining({
        id: IDS.screenRecording,
        conversationId: IDS.conversation,
        media: 'screen',
        fileState: 'AVAILABLE',
      }),
    ]);
    const conversation = await api(sim, token, 'GET', `/api/v2/conversations/${IDS.conversation}`);
    expect(conversation.body.divisions).toEqual([
      { division: expect.objectContaining({ id: IDS.home, name: 'Home' }), entities: [] },
    ]);
  });

  it('answers 404 "not modelled" for a catalog operation the simulator does not model, after enforcing permissions', async () => {
    const sim = await start();
    const token = await tokenFor(sim, IDS.diag);
    const res = await api(sim, token, 'GET', '/api/v2/authorization/divisionspermitted/paged/me?permission=x:y:z');
    expect(res.status).toBe(404);
    expect(res.body.message).toContain('not modelled by the simulator');
  });

  it('lists roles by name regardless of case, lowercase first on a tie (its own order: Genesys does not document one)', async () => {
    const sim = await start();
    const token = await tokenFor(sim, IDS.diag);
    const model = sim.state.roles.get(ROLES.conditional)!;
    const names = ['zz B', 'zz b', 'zz_a', 'zz a', 'ZZ', 'zz'];
    for (const name of names) sim.state.roles.set(`order-${name}`, { ...model, id: `order-${name}`, name });
    const listed = (await api(sim, token, 'GET', '/api/v2/authorization/roles?pageSize=500')).body.entities as Array<{
      id: string;
      name: string;
    }>;
    expect(listed.filter((r) => r.id.startsWith('order-')).map((r) => r.name)).toEqual([
      'zz',
      'ZZ',
      'zz a',
      'zz b',
      'zz B',
      'zz_a',
    ]);
  });

  it('pages roles and serves role details with policies', async () => {
    const sim = await start();
    const token = await tokenFor(sim, IDS.diag);
    const page1 = await api(sim, token, 'GET', '/api/v2/authorization/roles?pageSize=4&pageNumber=1');
    const total = sim.state.roles.size;
    expect(page1.body).toMatchObject({ pageNumber: 1, pageSize: 4, total, pageCount: Math.ceil(total / 4) });
    expect(page1.body.entities).toHaveLength(4);
    const last = await api(
      sim,
      token,
      'GET',
      `/api/v2/authorization/roles?pageSize=4&pageNumber=${Math.ceil(total / 4)}`,
    );
    expect(last.body.entities).toHaveLength(total - 4 * (Math.ceil(total / 4) - 1));
    expect((await api(sim, token, 'GET', '/api/v2/authorization/roles?pageSize=501')).status).toBe(400);
    const role = await api(sim, token, 'GET', `/api/v2/authorization/roles/${ROLES.conditional}`);
    expect(role.body.permissionPolicies).toEqual([
      expect.objectContaining({
        domain: 'recording',
        entityName: 'screenRecording',
        actionSet: ['view'],
        allowConditions: true,
      }),
    ]);
  });

  it('reads other org facts: subjects, home division, products, org, settings, screen sessions', async () => {
    const sim = await start();
    const token = await tokenFor(sim, IDS.diag);
    const subject = await api(sim, token, 'GET', `/api/v2/authorization/subjects/${IDS.user}`);
    expect(subject.body.grants).toEqual([
      expect.objectContaining({
        subjectId: IDS.user,
        division: expect.objectContaining({ id: IDS.home, homeDivision: true }),
        role: expect.objectContaining({
          id: ROLES.viewer,
          policies: [{ domain: 'recording', entityName: 'screenRecording', actions: ['view'] }],
        }),
      }),
    ]);
    expect((await api(sim, token, 'GET', '/api/v2/authorization/divisions/home')).body).toMatchObject({
      id: IDS.home,
      homeDivision: true,
    });
    expect((await api(sim, token, 'GET', '/api/v2/authorization/products')).body).toEqual({
      entities: [{ id: 'screenRecording' }],
    });
    expect((await api(sim, token, 'GET', '/api/v2/organizations/me')).body).toMatchObject({
      id: IDS.org,
      features: { screenRecording: true },
    });
    expect((await api(sim, token, 'GET', '/api/v2/recording/settings')).body).toMatchObject({
      maxConfigurableScreenRecordingStreams: 10,
    });
    expect((await api(sim, token, 'GET', '/api/v2/recordings/screensessions/details')).body).toEqual({ count: 0 });
  });

  it('runs a usage query over an interval', async () => {
    const now = Date.parse('2030-01-01T12:00:00Z');
    const sim = await startSimulator({ scenario: testScenario(), now: () => now });
    running.push(sim);
    const token = await tokenFor(sim, IDS.diag);
    const interval = `${new Date(now - 3_600_000).toISOString()}/${new Date(now).toISOString()}`;
    const started = await api(sim, token, 'POST', `/api/v2/oauth/clients/${IDS.diag}/usage/query`, { interval });
    expect(started.status).toBe(202);
    const results = await api(
      sim,
      token,
      'GET',
      `/api/v2/oauth/clients/${IDS.diag}/usage/query/results/${started.body.executionId}`,
    );
    expect(results.body).toEqual({
      queryStatus: 'Complete',
      results: [
        {
          templateUri: '/api/v2/conversations/{conversationId}/recordings',
          httpMethod: 'GET',
          date: new Date(now - 600_000).toISOString(),
          status200: 0,
          status300: 0,
          status400: 3,
          status429: 0,
          status500: 0,
          requests: 3,
        },
      ],
    });
    expect((await api(sim, token, 'POST', `/api/v2/oauth/clients/${IDS.diag}/usage/query`, {})).status).toBe(400);
    expect(sim.writes).toEqual([]); // a usage query changes nothing
  });
});

describe('writes', () => {
  // Terraform provider, genesyscloud_oauth_client roles: "The roles must also already be assigned to the OAuth
  // Client used by Terraform": the client making the change can hand out only roles it holds itself.
  it('refuses to add a role the calling client does not hold; keeps roles the target already had', async () => {
    const target = newId();
    const sim = await startSimulator({
      scenario: testScenario([{ id: target, roleDivisions: [{ roleId: ROLES.viewer, divisionId: '*' }] }]),
    });
    try {
      const diag = await tokenFor(sim, IDS.diag);
      const before = (await api(sim, diag, 'GET', `/api/v2/oauth/clients/${target}`)).body;
      const add = (roleId: string) => ({
        ...before,
        roleDivisions: [...before.roleDivisions, { roleId, divisionId: IDS.home }],
      });
      const refused = await api(sim, diag, 'PUT', `/api/v2/oauth/clients/${target}`, add(ROLES.screenRetention));
      expect(refused.status).toBe(400);
      expect(refused.body.message).toMatch(/cannot assign role .*: it does not hold that role itself/);
      // The diagnostic client holds its own role: it may hand that one out; the target's own viewer role stays.
      const allowed = await api(sim, diag, 'PUT', `/api/v2/oauth/clients/${target}`, add(ROLES.diag));
      expect(allowed.status).toBe(200);
      const fixer = await tokenFor(sim, IDS.fixer);
      expect((await api(sim, fixer, 'PUT', `/api/v2/oauth/clients/${target}`, add(ROLES.screenRetention))).status).toBe(
        200,
      );
    } finally {
      await sim.close();
    }
  });

  it('PUT replaces the OAuth client, bumps dateModified, and rejects a body missing required fields', async () => {
    const now = Date.parse('2030-01-01T12:00:00Z');
    const target = newId();
    const sim = await startSimulator({
      scenario: testScenario([{ id: target, roleDivisions: [], scope: ['recordings'] }]),
      now: () => now,
    });
    running.push(sim);
    const token = await tokenFor(sim, IDS.fixer);
    const before = (await api(sim, token, 'GET', `/api/v2/oauth/clients/${target}`)).body;
    expect(before).not.toHaveProperty('secret');
    const bad = await api(sim, token, 'PUT', `/api/v2/oauth/clients/${target}`, { roleDivisions: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('bad.request');
    const unknownRole = await api(sim, token, 'PUT', `/api/v2/oauth/clients/${target}`, {
      ...before,
      roleDivisions: [{ roleId: newId(), divisionId: '*' }],
    });
    expect(unknownRole.status).toBe(400);
    const { scope: _dropped, ...withoutScope } = before;
    const put = await api(sim, token, 'PUT', `/api/v2/oauth/clients/${target}`, {
      ...withoutScope,
      roleDivisions: [{ roleId: ROLES.viewer, divisionId: IDS.home }],
    });
    expect(put.status).toBe(200);
    expect(put.body.dateModified).toBe(new Date(now).toISOString());
    expect(put.body.roleDivisions).toEqual([{ roleId: ROLES.viewer, divisionId: IDS.home }]);
    expect(put.body).not.toHaveProperty('scope'); // a PUT without scope drops it
    expect(sim.state.clients.get(target)!.roleDivisions).toEqual([{ roleId: ROLES.viewer, divisionId: IDS.home }]);
    expect(sim.writes).toHaveLength(1);
    expect(sim.writes[0]).toMatchObject({ method: 'PUT', path: `/api/v2/oauth/clients/${target}` });
  });

  it('grants and revokes a user role, and refuses without the permission', async () => {
    const noRole = newId();
    const sim = await start([{ id: noRole, roleDivisions: [] }]);
    const path = `/api/v2/authorization/subjects/${IDS.user}/divisions/${IDS.other}/roles/${ROLES.entityWildcard}`;
    const refused = await api(sim, await tokenFor(sim, noRole), 'POST', path);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('missing.permissions');
    expect(refused.body.message).toBe('You are missing the following permission(s): [authorization:grant:add]');
    const token = await tokenFor(sim, IDS.diag);
    expect((await api(sim, token, 'POST', path)).status).toBe(204);
    expect(sim.state.users.get(IDS.user)!.grants.map((g) => g.roleId)).toContain(ROLES.entityWildcard);
    expect((await api(sim, token, 'DELETE', path)).status).toBe(204);
    expect(sim.state.users.get(IDS.user)!.grants.map((g) => g.roleId)).not.toContain(ROLES.entityWildcard);
    expect(
      (
        await api(
          sim,
          token,
          'POST',
          `/api/v2/authorization/subjects/${IDS.user}/divisions/${IDS.other}/roles/${newId()}`,
        )
      ).status,
    ).toBe(404);
    expect(sim.writes.map((w) => w.method)).toEqual(['POST', 'DELETE']);
  });

  it('regenerating a secret stops the old one from logging in', async () => {
    const target = newId();
    const sim = await start([{ id: target }]);
    const token = await tokenFor(sim, IDS.diag);
    const res = await api(sim, token, 'POST', `/api/v2/oauth/clients/${target}/secret`);
    expect(res.status).toBe(200);
    expect((await login(sim, target)).status).toBe(401);
    expect((await login(sim, target, res.body.secret)).status).toBe(200);
  });

  it('updates a recording retention and refuses a deleted recording', async () => {
    const archiver = newId();
    const sim = await start([{ id: archiver, roleDivisions: [{ roleId: ROLES.screenRetention, divisionId: '*' }] }]);
    const token = await tokenFor(sim, archiver);
    const path = `/api/v2/conversations/${IDS.conversation}/recordings/${IDS.screenRecording}`;
    const put = await api(sim, token, 'PUT', path, { archiveDate: '2031-01-01T00:00:00Z' });
    expect(put.status).toBe(200);
    expect(put.body.archiveDate).toBe('2031-01-01T00:00:00.000Z');
    expect((await api(sim, token, 'GET', path)).body.archiveDate).toBe('2031-01-01T00:00:00.000Z');
    expect((await api(sim, token, 'PUT', path, { deleteDate: 'tomorrow' })).status).toBe(400);
    sim.state.conversations.get(IDS.conversation)!.recordings[0]!.fileState = 'DELETED';
    expect((await api(sim, token, 'PUT', path, { archiveDate: '2031-01-01T00:00:00Z' })).status).toBe(400);
  });
});

describe('rate limit', () => {
  it('answers 429 too.many.requests with Retry-After past N requests per token in the window', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    const sim = await startSimulator({
      scenario: testScenario(),
      now: () => now,
      rateLimit: { requests: 3, windowSeconds: 10 },
    });
    running.push(sim);
    const token = await tokenFor(sim, IDS.diag);
    for (let i = 0; i < 3; i++) expect((await api(sim, token, 'GET', '/api/v2/tokens/me')).status).toBe(200);
    now += 4_000;
    const limited = await api(sim, token, 'GET', '/api/v2/tokens/me');
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('too.many.requests');
    expect(limited.body.message).toBe('Rate limit exceeded the maximum [3] requests within [10] seconds');
    expect(limited.headers.get('retry-after')).toBe('6');
    // Another token has its own budget.
    const other = await tokenFor(sim, IDS.diag);
    expect((await api(sim, other, 'GET', '/api/v2/tokens/me')).status).toBe(200);
    now += 6_000;
    expect((await api(sim, token, 'GET', '/api/v2/tokens/me')).status).toBe(200);
  });
});

describe('faults', () => {
  it('answers a status fault for matching requests, `times` times', async () => {
    const sim = await start();
    const token = await tokenFor(sim, IDS.diag);
    sim.addFault({
      match: 'GET /api/v2/conversations/{conversationId}/recordings',
      kind: 'status',
      status: 503,
      times: 2,
    });
    expect((await api(sim, token, 'GET', RECORDINGS)).body.code).toBe('service.unavailable');
    expect((await api(sim, token, 'GET', '/api/v2/tokens/me')).status).toBe(200); // does not match
    expect((await api(sim, token, 'GET', RECORDINGS)).status).toBe(503);
    expect((await api(sim, token, 'GET', RECORDINGS)).status).toBe(200);
  });

  it('matches path globs and `*`, and can rate-limit with a Retry-After', async () => {
    const sim = await start();
    const token = await tokenFor(sim, IDS.diag);
    sim.addFault({ match: 'GET /api/v2/conversations/*/recordings', kind: 'rate-limit', retryAfter: 7, times: 1 });
    const limited = await api(sim, token, 'GET', RECORDINGS);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    sim.addFault({ match: '*', kind: 'status', status: 500, code: 'internal.server.error', times: 1 });
    expect((await login(sim, IDS.diag)).status).toBe(500);
    sim.addFault({ match: '* /api/v2/**', kind: 'status', status: 504 });
    expect((await api(sim, token, 'GET', '/api/v2/organizations/me')).status).toBe(504);
    sim.clearFaults();
    expect((await api(sim, token, 'GET', '/api/v2/organizations/me')).status).toBe(200);
  });

  it('serves malformed JSON and valid JSON of the wrong shape', async () => {
    const sim = await start();
    const token = await tokenFor(sim, IDS.diag);
    sim.addFault({ match: 'GET /api/v2/tokens/me', kind: 'malformed', times: 1 });
    const malformed = await api(sim, token, 'GET', '/api/v2/tokens/me');
    expect(malformed.status).toBe(200);
    expect(() => JSON.parse(malformed.text)).toThrow();
    sim.addFault({ match: 'GET /api/v2/tokens/me', kind: 'unexpected', times: 1 });
    const unexpected = await api(sim, token, 'GET', '/api/v2/tokens/me');
    expect(unexpected.status).toBe(200);
    expect(unexpected.body).toBeDefined();
    expect(unexpected.body.organization).toBeUndefined();
  });

  it('adds latency and applies scenario faults', async () => {
    const sim = await start([], {
      faults: [{ match: 'GET /api/v2/organizations/me', kind: 'latency', ms: 40 }],
    });
    const token = await tokenFor(sim, IDS.diag);
    const started = performance.now();
    expect((await api(sim, token, 'GET', '/api/v2/organizations/me')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
  });

  it('a timeout never answers, and close() ends cleanly while it is pending', async () => {
    const sim = await startSimulator({ scenario: testScenario() });
    const token = await tokenFor(sim, IDS.diag);
    sim.addFault({ match: 'GET /api/v2/tokens/me', kind: 'timeout' });
    const controller = new AbortController();
    const pending = fetch(`${sim.apiBaseUrl}/api/v2/tokens/me`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: controller.signal,
    }).then(
      () => 'answered',
      () => 'failed',
    );
    const raced = await Promise.race([pending, new Promise((r) => setTimeout(() => r('still pending'), 150))]);
    expect(raced).toBe('still pending');
    await sim.close();
    expect(await pending).toBe('failed');
    expect(sim.requests.at(-1)).toMatchObject({ path: '/api/v2/tokens/me', status: 0 });
  });

  it('a fault with a clientId applies only to that client (its token, or its login)', async () => {
    const other = newId();
    const sim = await start([{ id: other, roleDivisions: [{ roleId: ROLES.viewer, divisionId: '*' }] }]);
    const diag = await tokenFor(sim, IDS.diag);
    const token = await tokenFor(sim, other);
    sim.addFault({ match: 'GET /api/v2/conversations/*/recordings', kind: 'status', status: 503, clientId: other });
    expect((await api(sim, diag, 'GET', RECORDINGS)).status).toBe(200);
    expect((await api(sim, token, 'GET', RECORDINGS)).status).toBe(503);
    sim.addFault({ match: 'POST /oauth/token', kind: 'status', status: 500, clientId: other });
    expect((await login(sim, IDS.diag)).status).toBe(200);
    expect((await login(sim, other)).status).toBe(500);
  });

  it('rejects an invalid fault', async () => {
    const sim = await start();
    expect(() => sim.addFault({ match: 'nonsense', kind: 'timeout' } as never)).toThrow();
  });
});

describe('latency option', () => {
  it('delays every request, login included', async () => {
    const sim = await startSimulator({ scenario: testScenario(), latencyMs: 30 });
    running.push(sim);
    const started = performance.now();
    const token = await tokenFor(sim, IDS.diag);
    await api(sim, token, 'GET', '/api/v2/tokens/me');
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });
});

describe('answerOverrides: an org where the model is wrong', () => {
  it.each([
    {
      name: '403 refuses a client the roles allow',
      holds: true,
      status: 403 as const,
      expected: 403,
      code: 'not.authorized',
    },
    {
      name: '404 answers not.found whatever the roles say',
      holds: true,
      status: 404 as const,
      expected: 404,
      code: 'not.found',
    },
    {
      name: '200 lets through a client the roles refuse',
      holds: false,
      status: 200 as const,
      expected: 200,
      code: undefined,
    },
  ])('$name, for that client only', async ({ holds, status, expected, code }) => {
    const target = newId();
    const sim = await start([{ id: target, roleDivisions: holds ? [{ roleId: ROLES.viewer, divisionId: '*' }] : [] }], {
      answerOverrides: [
        { template: 'GET /api/v2/conversations/{conversationId}/recordings', clientId: target, status },
      ],
    });
    const answer = await api(sim, await tokenFor(sim, target), 'GET', RECORDINGS);
    expect(answer.status).toBe(expected);
    if (code) expect(answer.body.code).toBe(code);
    else expect(Array.isArray(answer.body)).toBe(true);
    // Other clients, and other operations, are answered by their roles as before.
    expect((await api(sim, await tokenFor(sim, IDS.diag), 'GET', RECORDINGS)).status).toBe(200);
  });

  it('200 lets the call through the gate only: an unknown conversation still answers 404', async () => {
    const target = newId();
    const sim = await start([{ id: target }], {
      answerOverrides: [
        { template: 'GET /api/v2/conversations/{conversationId}/recordings', clientId: target, status: 200 },
      ],
    });
    const answer = await api(sim, await tokenFor(sim, target), 'GET', `/api/v2/conversations/${newId()}/recordings`);
    expect(answer.status).toBe(404);
  });
});
