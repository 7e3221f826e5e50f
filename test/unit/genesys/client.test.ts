import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createGenesysClient, type GenesysClient, type GenesysClientOptions } from '../../../src/genesys/client';
import { Secret } from '../../../src/config/secret';
import { Metrics } from '../../../src/metrics';
import { CLIENT_ID, CLIENT_SECRET, FakeGenesys, type RecordedRequest } from './fake-genesys';

const T0 = 1_700_000_000_000;
const CLIENT_PATH = '/api/v2/oauth/clients/client-9';
const oauthClient = {
  id: 'client-9',
  name: 'Archiver',
  authorizedGrantType: 'CLIENT-CREDENTIALS',
  roleDivisions: [{ roleId: 'r1', divisionId: '*' }],
  state: 'active',
  extraField: { kept: true },
};

let fake: FakeGenesys;
const clients: GenesysClient[] = [];

interface Harness {
  client: GenesysClient;
  clock: { t: number };
  waits: number[];
  logLines: string[];
}

function makeClient(overrides: Partial<GenesysClientOptions> = {}): Harness {
  const clock = { t: T0 };
  const waits: number[] = [];
  const logLines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
  const client = createGenesysClient({
    apiBaseUrl: fake.baseUrl,
    loginBaseUrl: fake.baseUrl,
    credentials: { clientId: CLIENT_ID, clientSecret: new Secret(CLIENT_SECRET) },
    logger,
    label: 'acme',
    timeoutMs: 2_000,
    retry: { retries: 3, budgetMs: 20_000, baseDelayMs: 100 },
    now: () => clock.t,
    sleep: async (ms) => {
      waits.push(ms);
      clock.t += ms;
    },
    random: () => 0.5,
    ...overrides,
  });
  clients.push(client);
  return { client, clock, waits, logLines };
}

/** Replies with each scripted answer in turn, repeating the last. */
function sequence(
  ...replies: { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }[]
) {
  return (_: RecordedRequest, index: number) => replies[Math.min(index, replies.length - 1)]!;
}

beforeEach(async () => {
  fake = await FakeGenesys.start();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await fake.close();
});

describe('token', () => {
  it('sends client credentials as Basic auth with a form body', async () => {
    const { client } = makeClient();
    const token = await client.ensureToken();
    expect(token).toEqual({ ok: true, status: 200, value: { issuedAt: T0, expiresAt: T0 + 3600_000 } });
    expect(fake.tokenRequests).toHaveLength(1);
    expect(fake.tokenRequests[0]!.body).toBe('grant_type=client_credentials');
  });

  it('makes one token request for ten concurrent calls', async () => {
    fake.on('GET', CLIENT_PATH, { status: 200, body: oauthClient });
    const { client } = makeClient();
    const results = await Promise.all(Array.from({ length: 10 }, () => client.getOAuthClient('client-9')));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(fake.tokenRequests).toHaveLength(1);
    expect(fake.hits('GET', CLIENT_PATH)).toHaveLength(10);
    expect(new Set(fake.hits('GET', CLIENT_PATH).map((r) => r.authorization))).toEqual(
      new Set([`Bearer ${fake.issuedTokens[0]}`]),
    );
    expect(client.callCount).toBe(11);
  });

  it('reuses the token until min(60 s, 10%) before expiry, then mints a new one', async () => {
    const { client, clock } = makeClient();
    await client.ensureToken();
    clock.t = T0 + 3540_000 - 1; // one ms before the refresh point (3600 s - 60 s)
    await client.ensureToken();
    expect(fake.tokenRequests).toHaveLength(1);
    clock.t = T0 + 3540_000;
    const renewed = await client.ensureToken();
    expect(fake.tokenRequests).toHaveLength(2);
    expect(renewed.ok && renewed.value).toEqual({ issuedAt: T0 + 3540_000, expiresAt: T0 + 3540_000 + 3600_000 });
  });

  it('uses 10% of a short lifetime as the margin', async () => {
    fake.tokenLifetimeSeconds = 300;
    const { client, clock } = makeClient();
    await client.ensureToken();
    clock.t = T0 + 269_999;
    await client.ensureToken();
    expect(fake.tokenRequests).toHaveLength(1);
    clock.t = T0 + 270_000;
    await client.ensureToken();
    expect(fake.tokenRequests).toHaveLength(2);
  });

  it('revokeOwnToken drops the token even when the revoke is refused, so the next call mints a new one', async () => {
    fake.on('DELETE', '/api/v2/tokens/me', { status: 403, body: { code: 'not.authorized', message: 'no' } });
    const { client } = makeClient();
    await client.ensureToken();
    expect(await client.revokeOwnToken()).toMatchObject({ ok: false, error: { status: 403 } });
    await client.ensureToken();
    expect(fake.tokenRequests).toHaveLength(2);
  });

  it('a 401 drops the token and retries once with a new one', async () => {
    fake.on('GET', CLIENT_PATH, { status: 200, body: oauthClient });
    const { client } = makeClient();
    await client.ensureToken();
    fake.revokedTokens.add(fake.issuedTokens[0]!);
    const result = await client.getOAuthClient('client-9');
    expect(result.ok).toBe(true);
    expect(fake.tokenRequests).toHaveLength(2);
    const hits = fake.hits('GET', CLIENT_PATH);
    expect(hits.map((h) => h.authorization)).toEqual([
      `Bearer ${fake.issuedTokens[0]}`,
      `Bearer ${fake.issuedTokens[1]}`,
    ]);
  });

  it('gives up after the one retry when the new token is refused too', async () => {
    fake.on('GET', CLIENT_PATH, {
      status: 401,
      body: { code: 'bad.credentials', message: 'Invalid login credentials.' },
    });
    const { client } = makeClient();
    const result = await client.getOAuthClient('client-9');
    expect(result).toMatchObject({ ok: false, error: { kind: 'http', status: 401, code: 'bad.credentials' } });
    expect(fake.tokenRequests).toHaveLength(2);
    expect(fake.hits('GET', CLIENT_PATH)).toHaveLength(2);
  });

  it('reports a refused login as kind login without retrying', async () => {
    const { client } = makeClient({
      credentials: { clientId: CLIENT_ID, clientSecret: new Secret('wrong-LEAKCANARY') },
    });
    const result = await client.getOAuthClient('client-9');
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'login',
        status: 401,
        code: 'invalid_client',
        message: 'client not found',
        operation: 'POST /oauth/token',
      },
    });
    expect(fake.requests).toHaveLength(1);
  });

  it('reports a token answer without access_token as unexpected-body', async () => {
    fake.loginHandler = () => ({ status: 200, body: { token_type: 'bearer', expires_in: 60 } });
    const { client } = makeClient();
    const result = await client.ensureToken();
    expect(result).toMatchObject({ ok: false, error: { kind: 'unexpected-body', operation: 'POST /oauth/token' } });
  });

  it('retries the token request on 503', async () => {
    let n = 0;
    const original = fake.loginHandler;
    fake.loginHandler = (_request) => {
      n++;
      if (n === 1) return { status: 503, body: { code: 'service.unavailable', message: 'down' } };
      fake.loginHandler = original;
      return { status: 200, body: { access_token: 'simtok_retriedtoken1', token_type: 'bearer', expires_in: 3600 } };
    };
    const { client, waits } = makeClient();
    const result = await client.ensureToken();
    expect(result.ok).toBe(true);
    expect(waits).toEqual([75]);
    expect(client.callCount).toBe(2);
  });

  it('getTokenInfo is cached per token; fresh and a new token bypass it', async () => {
    fake.on('GET', '/api/v2/tokens/me', {
      status: 200,
      body: { organization: { id: 'org-1', name: 'Acme' }, authorizedScope: ['recordings'] },
    });
    const { client } = makeClient();
    const first = await client.getTokenInfo();
    expect(first).toMatchObject({
      ok: true,
      value: { organization: { id: 'org-1' }, authorizedScope: ['recordings'] },
    });
    await client.getTokenInfo();
    expect(fake.hits('GET', '/api/v2/tokens/me')).toHaveLength(1);
    await client.getTokenInfo({ fresh: true });
    expect(fake.hits('GET', '/api/v2/tokens/me')).toHaveLength(2);
    await client.revokeOwnToken();
    await client.getTokenInfo();
    expect(fake.tokenRequests).toHaveLength(2);
    expect(fake.hits('GET', '/api/v2/tokens/me')).toHaveLength(3);
  });

  it('revokeOwnToken deletes tokens/me, then the next call mints a new token', async () => {
    fake.on('GET', '/api/v2/authorization/divisions/home', { status: 200, body: { id: 'd-home', name: 'Home' } });
    const { client } = makeClient();
    await client.ensureToken();
    const revoked = await client.revokeOwnToken();
    expect(revoked).toEqual({ ok: true, value: undefined, status: 204 });
    expect(fake.revokedTokens.has(fake.issuedTokens[0]!)).toBe(true);
    const home = await client.getHomeDivision();
    expect(home.ok).toBe(true);
    expect(fake.tokenRequests).toHaveLength(2);
    // the new token was used directly, no 401 on the way
    expect(fake.hits('GET', '/api/v2/authorization/divisions/home')).toHaveLength(1);
  });
});

describe('errors', () => {
  it('normalises a 403 with contextId from the header and does not retry it', async () => {
    fake.on('GET', '/api/v2/conversations/c-1/recordings', {
      status: 403,
      body: {
        code: 'missing.permissions',
        status: 403,
        message: 'You are missing the following permission(s): [recording:screenRecording:view]',
      },
      headers: { 'ININ-Correlation-Id': 'corr-42' },
    });
    const { client, waits } = makeClient();
    const result = await client.getConversationRecordings('c-1');
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'http',
        status: 403,
        code: 'missing.permissions',
        message: 'You are missing the following permission(s): [recording:screenRecording:view]',
        contextId: 'corr-42',
        missingPermissions: ['recording:screenRecording:view'],
        operation: 'GET /api/v2/conversations/{conversationId}/recordings',
      },
    });
    expect(fake.apiRequests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it.each([400, 403, 404, 409])('never retries %i', async (status) => {
    fake.on('GET', CLIENT_PATH, { status, body: { code: 'x', message: 'no' } });
    const { client } = makeClient();
    const result = await client.getOAuthClient('client-9');
    expect(result).toMatchObject({ ok: false, error: { status } });
    expect(fake.apiRequests).toHaveLength(1);
  });

  it('turns a 2xx body that fails its schema into unexpected-body', async () => {
    fake.on('GET', CLIENT_PATH, { status: 200, body: { id: 9, name: 'x' } });
    fake.on('GET', '/api/v2/authorization/products', { status: 200, body: 'not json at all' });
    const { client } = makeClient();
    const result = await client.getOAuthClient('client-9');
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'unexpected-body', status: 200, operation: 'GET /api/v2/oauth/clients/{clientId}' },
    });
    expect(result.ok === false && result.error.message).toContain('id');
    expect(await client.getProducts()).toMatchObject({
      ok: false,
      error: { kind: 'unexpected-body', operation: 'GET /api/v2/authorization/products' },
    });
  });

  it('reports a refused connection as a network error', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const port = (server.address() as AddressInfo).port;
        server.close(() => resolve(port));
      });
    });
    const { client } = makeClient({ loginBaseUrl: `http://127.0.0.1:${closedPort}`, retry: { retries: 1 } });
    const result = await client.ensureToken();
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'network', code: 'ECONNREFUSED', operation: 'POST /oauth/token' },
    });
    expect(client.callCount).toBe(2);
  });
});

describe('sockets', () => {
  it('one client closing leaves the others calling (every client shares one keep-alive pool)', async () => {
    fake.on('GET', CLIENT_PATH, { status: 200, body: oauthClient });
    const first = makeClient();
    const second = makeClient();
    expect((await first.client.getOAuthClient('client-9')).ok).toBe(true);
    expect((await second.client.getOAuthClient('client-9')).ok).toBe(true);
    await first.client.close();
    clients.splice(clients.indexOf(first.client), 1);
    expect((await second.client.getOAuthClient('client-9')).ok).toBe(true);
  });
});

describe('retries', () => {
  it('honours Retry-After on 429', async () => {
    fake.on(
      'GET',
      CLIENT_PATH,
      sequence(
        {
          status: 429,
          body: { code: 'too.many.requests', message: 'Rate limit exceeded' },
          headers: { 'Retry-After': '2' },
        },
        {
          status: 429,
          body: { code: 'too.many.requests', message: 'Rate limit exceeded' },
          headers: { 'Retry-After': '1' },
        },
        { status: 200, body: oauthClient },
      ),
    );
    const { client, waits } = makeClient();
    const result = await client.getOAuthClient('client-9');
    expect(result.ok).toBe(true);
    expect(waits).toEqual([2000, 1000]);
    expect(client.callCount).toBe(4);
  });

  it('backs off exponentially on 5xx', async () => {
    fake.on(
      'GET',
      CLIENT_PATH,
      sequence(
        { status: 503 },
        { status: 502, body: '<html>bad gateway</html>' },
        { status: 500, body: {} },
        { status: 200, body: oauthClient },
      ),
    );
    const { client, waits } = makeClient();
    const result = await client.getOAuthClient('client-9');
    expect(result.ok).toBe(true);
    expect(waits).toEqual([75, 150, 300]);
    expect(fake.hits('GET', CLIENT_PATH)).toHaveLength(4);
    expect(client.callCount).toBe(5);
  });

  it('returns the last 5xx when retries run out', async () => {
    fake.on('GET', CLIENT_PATH, {
      status: 504,
      body: { code: 'request.timeout', message: 'timed out', contextId: 'c-1' },
    });
    const { client } = makeClient({ retry: { retries: 2, baseDelayMs: 10 } });
    const result = await client.getOAuthClient('client-9');
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'http', status: 504, code: 'request.timeout', contextId: 'c-1' },
    });
    expect(fake.hits('GET', CLIENT_PATH)).toHaveLength(3);
  });

  it('gives up as rate-limited when Retry-After would overrun the budget', async () => {
    fake.on('GET', CLIENT_PATH, {
      status: 429,
      body: { code: 'too.many.requests', message: 'slow down' },
      headers: { 'Retry-After': '3' },
    });
    const { client, waits } = makeClient({ retry: { retries: 10, budgetMs: 7_000 } });
    const result = await client.getOAuthClient('client-9');
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'rate-limited', status: 429, code: 'too.many.requests' },
    });
    expect(waits).toEqual([3000, 3000]);
    expect(fake.hits('GET', CLIENT_PATH)).toHaveLength(3);
  });

  it('times out a slow answer and retries it', async () => {
    fake.on(
      'GET',
      CLIENT_PATH,
      sequence({ status: 200, body: oauthClient, delayMs: 1_000 }, { status: 200, body: oauthClient }),
    );
    const { client, waits } = makeClient({ timeoutMs: 100 });
    const result = await client.getOAuthClient('client-9');
    expect(result.ok).toBe(true);
    expect(waits).toHaveLength(1);
    expect(fake.hits('GET', CLIENT_PATH)).toHaveLength(2);
  });

  it('reports a timeout when every attempt is too slow', async () => {
    fake.on('GET', CLIENT_PATH, { status: 200, body: oauthClient, delayMs: 1_000 });
    const { client } = makeClient({ timeoutMs: 50, retry: { retries: 1 } });
    const result = await client.getOAuthClient('client-9');
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'timeout', operation: 'GET /api/v2/oauth/clients/{clientId}' },
    });
    expect(fake.hits('GET', CLIENT_PATH)).toHaveLength(2);
  });

  it('times out the token request too', async () => {
    fake.loginHandler = () => ({ status: 200, body: {}, delayMs: 1_000 });
    const { client } = makeClient({ timeoutMs: 50, retry: { retries: 0 } });
    const result = await client.ensureToken();
    expect(result).toMatchObject({ ok: false, error: { kind: 'timeout', operation: 'POST /oauth/token' } });
  });
});

describe('rate limiter', () => {
  it('queues requests beyond the rate instead of failing them', async () => {
    fake.on('GET', CLIENT_PATH, { status: 200, body: oauthClient });
    // 10 per 2 s: a burst of 2 goes at once, then one more every 250 ms.
    const { client } = makeClient({ ratePerMinute: 10, rateWindowMs: 2_000 });
    await client.ensureToken();
    const calls = Array.from({ length: 4 }, () => client.getOAuthClient('client-9'));
    const firstTwo = await Promise.all(calls.slice(0, 2));
    expect(firstTwo.every((r) => r.ok)).toBe(true);
    // Well before the first refill: the other two are still queued, not sent and not failed.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.hits('GET', CLIENT_PATH)).toHaveLength(2);
    const all = await Promise.all(calls);
    expect(all.every((r) => r.ok)).toBe(true);
    expect(fake.hits('GET', CLIENT_PATH)).toHaveLength(4);
  });
});

describe('endpoints', () => {
  it('lists every role: page 1 first, then the other pages in parallel', async () => {
    const roles = Array.from({ length: 250 }, (_, i) => ({
      id: `role-${i}`,
      name: `Role ${i}`,
      permissionPolicies: [],
    }));
    let resolvePage3Seen: () => void = () => undefined;
    const page3Seen = new Promise<void>((resolve) => (resolvePage3Seen = resolve));
    fake.on('GET', '/api/v2/authorization/roles', async (request) => {
      const query = new URLSearchParams(request.url.split('?')[1]);
      const pageNumber = Number(query.get('pageNumber'));
      if (pageNumber === 3) resolvePage3Seen();
      // Page 2 answers only once page 3 has been requested: proves they are in flight together.
      if (pageNumber === 2) await Promise.race([page3Seen, new Promise((resolve) => setTimeout(resolve, 3_000))]);
      const entities = roles.slice((pageNumber - 1) * 100, pageNumber * 100);
      return { status: 200, body: { entities, pageNumber, pageSize: 100, pageCount: 3, total: 250 } };
    });
    const { client } = makeClient({ timeoutMs: 2_000 });
    const result = await client.listRoles();
    expect(result.ok && result.value.map((r) => r.id)).toEqual(roles.map((r) => r.id));
    const pages = fake
      .hits('GET', '/api/v2/authorization/roles')
      .map((r) => new URLSearchParams(r.url.split('?')[1]).get('pageNumber'));
    expect(pages[0]).toBe('1');
    expect(
      fake.hits('GET', '/api/v2/authorization/roles').every((r) => r.url.includes('pageSize=100&pageNumber=')),
    ).toBe(true);
    expect(pages.slice(1).sort()).toEqual(['2', '3']);
    // the page-2 wait ended because page 3 arrived, not by its 3 s fallback (which would be 2 s over the timeout)
    expect(result.ok).toBe(true);
  });

  it('fails listRoles when any page fails', async () => {
    fake.on('GET', '/api/v2/authorization/roles', (request) => {
      const pageNumber = Number(new URLSearchParams(request.url.split('?')[1]).get('pageNumber'));
      if (pageNumber === 2)
        return {
          status: 403,
          body: {
            code: 'missing.permissions',
            message: 'You are missing the following permission(s): [authorization:role:view]',
          },
        };
      return { status: 200, body: { entities: [{ id: 'r1', name: 'R1' }], pageCount: 2 } };
    });
    const { client } = makeClient();
    expect(await client.listRoles()).toMatchObject({
      ok: false,
      error: { status: 403, missingPermissions: ['authorization:role:view'] },
    });
  });

  it('caches roles, products, app authorizations and home division; fresh bypasses; ttl expires', async () => {
    fake.on('GET', '/api/v2/authorization/roles/r1', {
      status: 200,
      body: { id: 'r1', name: 'R1', permissionPolicies: [] },
    });
    fake.on('GET', '/api/v2/authorization/products', { status: 200, body: { entities: [{ id: 'screenRecording' }] } });
    fake.on('GET', '/api/v2/oauth/authorizations/client-9', {
      status: 200,
      body: { client: { id: 'client-9', name: 'Archiver' }, state: 'Authorized' },
    });
    fake.on('GET', '/api/v2/authorization/divisions/home', {
      status: 200,
      body: { id: 'd-home', name: 'Home', homeDivision: true },
    });
    fake.on('GET', '/api/v2/authorization/roles', {
      status: 200,
      body: { entities: [{ id: 'r1', name: 'R1' }], pageCount: 1 },
    });
    const { client, clock } = makeClient({ cacheTtlSeconds: 60 });
    const all = () =>
      Promise.all([
        client.getRole('r1'),
        client.getProducts(),
        client.getOAuthAuthorization('client-9'),
        client.getHomeDivision(),
        client.listRoles(),
      ]);
    const first = await all();
    expect(first.every((r) => r.ok)).toBe(true);
    expect(fake.apiRequests).toHaveLength(5);
    await all();
    expect(fake.apiRequests).toHaveLength(5);
    await Promise.all([
      client.getRole('r1', { fresh: true }),
      client.getProducts({ fresh: true }),
      client.getOAuthAuthorization('client-9', { fresh: true }),
      client.getHomeDivision({ fresh: true }),
      client.listRoles({ fresh: true }),
    ]);
    expect(fake.apiRequests).toHaveLength(10);
    clock.t += 61_000;
    await all();
    expect(fake.apiRequests).toHaveLength(15);
  });

  it('cached values cannot be changed by a caller (they are frozen, not copied on every read)', async () => {
    fake.on('GET', '/api/v2/authorization/divisions/home', { status: 200, body: { id: 'd-home', name: 'Home' } });
    const { client } = makeClient();
    const first = await client.getHomeDivision();
    expect(first.ok).toBe(true);
    expect(() => {
      if (first.ok) first.value.name = 'changed';
    }).toThrow(TypeError);
    const second = await client.getHomeDivision();
    expect(fake.hits('GET', '/api/v2/authorization/divisions/home')).toHaveLength(1);
    expect(second.ok && second.value.name).toBe('Home');
  });

  it('does not cache failures', async () => {
    fake.on(
      'GET',
      '/api/v2/authorization/products',
      sequence(
        { status: 403, body: { code: 'not.authorized', message: 'no' } },
        { status: 200, body: { entities: [] } },
      ),
    );
    const { client } = makeClient();
    expect((await client.getProducts()).ok).toBe(false);
    expect((await client.getProducts()).ok).toBe(true);
  });

  it('answers 202 recordings as still processing, 200 as the list', async () => {
    fake.on('GET', '/api/v2/conversations/c-1/recordings', { status: 202, body: '' });
    fake.on('GET', '/api/v2/conversations/c-2/recordings', {
      status: 200,
      body: [
        {
          id: 'rec-1',
          conversationId: 'c-2',
          media: 'screen',
          fileState: 'ARCHIVED',
          archiveDate: '2024-01-01T00:00:00Z',
        },
      ],
    });
    fake.on('GET', '/api/v2/conversations/c-3/recordings', { status: 200, body: [{ id: 'rec-1', fileState: 'LOST' }] });
    fake.on('GET', '/api/v2/conversations/c-4/recordings', { status: 200, body: [{ id: 'rec-1', fileState: 42 }] });
    const { client } = makeClient();
    expect(await client.getConversationRecordings('c-1')).toEqual({
      ok: true,
      value: { processing: true },
      status: 202,
    });
    expect(await client.getConversationRecordings('c-2')).toMatchObject({
      ok: true,
      status: 200,
      value: { processing: false, recordings: [{ id: 'rec-1', media: 'screen', fileState: 'ARCHIVED' }] },
    });
    // An unfamiliar fileState is kept by name (Genesys adds values over time), not a reason to refuse the list.
    expect(await client.getConversationRecordings('c-3')).toMatchObject({
      ok: true,
      value: { processing: false, recordings: [{ id: 'rec-1', fileState: 'LOST' }] },
    });
    // A field of the wrong type still makes the body unreadable.
    expect(await client.getConversationRecordings('c-4')).toMatchObject({
      ok: false,
      error: { kind: 'unexpected-body' },
    });
    expect(await client.getConversationRecordings('missing')).toMatchObject({
      ok: false,
      error: { status: 404, code: 'not.found' },
    });
  });

  it('gets a conversation, recording settings, a subject, the assignable permissions', async () => {
    fake.on('GET', '/api/v2/conversations/c-1', {
      status: 200,
      body: { id: 'c-1', divisions: [{ division: { id: 'd-1' }, entities: [{ id: 'q' }] }] },
    });
    fake.on('GET', '/api/v2/recording/settings', {
      status: 200,
      body: { maxConfigurableScreenRecordingStreams: 0, extra: 1 },
    });
    fake.on('GET', '/api/v2/authorization/subjects/u-1', {
      status: 200,
      body: {
        id: 'u-1',
        grants: [
          {
            division: { id: '*' },
            role: { id: 'r1', policies: [{ domain: 'recording', entityName: '*', actions: ['view'] }] },
          },
        ],
      },
    });
    fake.on('GET', '/api/v2/authorization/permissions', {
      status: 200,
      body: {
        entities: [
          {
            domain: 'recording',
            permissionMap: {
              screenRecording: [
                { domain: 'recording', entityType: 'screenRecording', action: 'view' },
                { domain: 'recording', entityType: 'screenRecording', action: 'editRetention' },
              ],
              recording: [{ domain: 'recording', entityType: 'recording', action: 'view' }],
            },
          },
        ],
        pageCount: 1,
      },
    });
    const { client } = makeClient();
    expect(await client.getConversation('c-1')).toMatchObject({
      ok: true,
      value: { divisions: [{ division: { id: 'd-1' } }] },
    });
    expect(await client.getRecordingSettings()).toMatchObject({
      ok: true,
      value: { maxConfigurableScreenRecordingStreams: 0, extra: 1 },
    });
    expect(await client.getSubject('u-1')).toMatchObject({ ok: true, value: { grants: [{ role: { id: 'r1' } }] } });
    expect(await client.listAssignablePermissions()).toEqual({
      ok: true,
      status: 200,
      value: ['recording:screenRecording:view', 'recording:screenRecording:editRetention', 'recording:recording:view'],
    });
  });

  it('PUTs the whole OAuth client back, extra fields included', async () => {
    fake.on('PUT', CLIENT_PATH, (request) => ({ status: 200, body: JSON.parse(request.body) as unknown }));
    const { client } = makeClient();
    const updated = {
      ...oauthClient,
      roleDivisions: [...oauthClient.roleDivisions, { roleId: 'r2', divisionId: 'd-1' }],
    } as const;
    const result = await client.putOAuthClient(updated as unknown as Parameters<GenesysClient['putOAuthClient']>[0]);
    expect(result.ok).toBe(true);
    const sent = fake.hits('PUT', CLIENT_PATH)[0]!;
    expect(JSON.parse(sent.body)).toEqual(updated);
    expect(sent.contentType).toContain('application/json');
  });

  it('grants and revokes a subject role', async () => {
    const path = '/api/v2/authorization/subjects/u-1/divisions/d-1/roles/r-1';
    fake.on('POST', path, { status: 204 });
    fake.on('DELETE', path, { status: 204 });
    const { client } = makeClient();
    expect(await client.grantSubjectRole('u-1', 'd-1', 'r-1')).toEqual({ ok: true, value: undefined, status: 204 });
    expect(await client.revokeSubjectRole('u-1', 'd-1', 'r-1')).toEqual({ ok: true, value: undefined, status: 204 });
    expect(fake.hits('POST', path)).toHaveLength(1);
    expect(fake.hits('DELETE', path)).toHaveLength(1);
  });

  it("revokes a user's tokens", async () => {
    fake.on('DELETE', '/api/v2/tokens/u-1', { status: 204 });
    const { client } = makeClient();
    expect(await client.revokeUserTokens('u-1')).toEqual({ ok: true, value: undefined, status: 204 });
  });

  it('encodes ids into paths', async () => {
    const { client } = makeClient();
    await client.getConversation('a/b?c');
    expect(fake.apiRequests[0]!.url).toBe('/api/v2/conversations/a%2Fb%3Fc');
  });

  it.each([
    {
      name: 'a 503',
      reply: { status: 503, body: { code: 'service.unavailable', message: 'down', status: 503 } },
      code: 'service.unavailable',
    },
    {
      name: 'a 429',
      reply: {
        status: 429,
        body: { code: 'too.many.requests', message: 'slow', status: 429 },
        headers: { 'Retry-After': '1' },
      },
      code: 'too.many.requests',
    },
    {
      name: 'a 401 (no second token)',
      reply: { status: 401, body: { code: 'authentication.required', message: 'no', status: 401 } },
      code: 'authentication.required',
    },
  ])('request(…, { once: true }) sends exactly one request on $name', async ({ reply, code }) => {
    fake.on('GET', '/api/v2/conversations/c-1/recordings', reply);
    const { client } = makeClient({ retry: { retries: 3, budgetMs: 20_000, baseDelayMs: 1 } });
    const result = await client.request('GET', '/api/v2/conversations/c-1/recordings', { once: true });
    expect(result).toMatchObject({ ok: false, error: { status: reply.status, code } });
    expect(fake.hits('GET', '/api/v2/conversations/c-1/recordings')).toHaveLength(1);
    expect(fake.tokenRequests).toHaveLength(1);
  });

  it('request() gives the correlation id of a 2xx answer, and scrubs the client secret from an error that echoes it', async () => {
    fake.on('GET', '/api/v2/users/me', {
      status: 200,
      body: { id: 'u-1' },
      headers: { 'ININ-Correlation-Id': 'corr-7' },
    });
    fake.on('GET', '/api/v2/users/x', {
      status: 403,
      body: { code: 'not.authorized', message: `no for ${CLIENT_SECRET}`, status: 403 },
    });
    const { client } = makeClient();
    expect(await client.request('GET', '/api/v2/users/me', { once: true })).toEqual({
      ok: true,
      value: { id: 'u-1' },
      status: 200,
      contextId: 'corr-7',
    });
    const refused = await client.request('GET', '/api/v2/users/x', { once: true });
    expect(refused).toMatchObject({ ok: false, error: { status: 403, message: 'no for [redacted]' } });
    expect(JSON.stringify(refused)).not.toContain(CLIENT_SECRET);
  });

  it('request() labels metrics with the template it is given, never the concrete path', async () => {
    fake.on('GET', '/api/v2/users/u-42', { status: 200, body: { id: 'u-42' } });
    const metrics = new Metrics({ defaultMetrics: false });
    const { client } = makeClient({ metrics });
    expect(
      (await client.request('GET', '/api/v2/users/u-42', { once: true, template: '/api/v2/users/{userId}' })).ok,
    ).toBe(true);
    const text = await metrics.scrape();
    expect(text).toMatch(/sr_check_genesys_requests_total\{[^}]*endpoint="GET \/api\/v2\/users\/\{userId\}"[^}]*\} 1/);
    expect(text).not.toContain('u-42');
  });

  it('request() sends any GET or HEAD on the API host, and refuses other paths', async () => {
    fake.on('GET', '/api/v2/users/me', { status: 200, body: { id: 'u-1' } });
    fake.on('HEAD', '/api/v2/tokens/me', { status: 200 });
    const { client, logLines } = makeClient();
    expect(await client.request('GET', '/api/v2/users/me?expand=x')).toEqual({
      ok: true,
      value: { id: 'u-1' },
      status: 200,
    });
    expect((await client.request('HEAD', '/api/v2/tokens/me')).ok).toBe(true);
    const before = fake.requests.length;
    for (const bad of [
      '@evil.example/api/v2/x',
      'http://evil.example/api/v2/x',
      '//evil.example/api/v2/x',
      '/api/v2/../../x',
      '/other',
    ]) {
      expect(await client.request('GET', bad)).toMatchObject({ ok: false, error: { code: 'invalid.path' } });
    }
    expect(fake.requests.length).toBe(before);
    expect(logLines.join('')).not.toContain('expand=x');
  });
});

describe('logging and secrets', () => {
  it('logs one debug line per request with org, op, status, ms, attempt', async () => {
    fake.on('GET', CLIENT_PATH, sequence({ status: 503 }, { status: 200, body: oauthClient }));
    const { client, logLines } = makeClient();
    await client.getOAuthClient('client-9');
    const entries = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries).toHaveLength(3);
    expect(entries.map((e) => [e.org, e.op, e.status, e.attempt])).toEqual([
      ['acme', 'POST /oauth/token', 200, 1],
      ['acme', 'GET /api/v2/oauth/clients/{clientId}', 503, 1],
      ['acme', 'GET /api/v2/oauth/clients/{clientId}', 200, 2],
    ]);
    for (const e of entries) {
      expect(e.level).toBe(20);
      expect(typeof e.ms).toBe('number');
    }
  });

  it('never puts a secret or token into errors or log lines', async () => {
    fake.on('GET', CLIENT_PATH, (request) => ({
      status: 403,
      // a server that echoes the credentials it was sent
      body: {
        code: 'not.authorized',
        message: `refused ${request.authorization}`,
        messageParams: { token: request.authorization },
      },
    }));
    fake.on('GET', '/api/v2/authorization/divisions/home', { status: 200, body: { id: 'd' }, delayMs: 500 });
    fake.on('GET', '/api/v2/authorization/products', {
      status: 401,
      body: { code: 'authentication.required', message: 'no' },
    });
    const { client, logLines } = makeClient({ timeoutMs: 50, retry: { retries: 1 } });
    const bad = makeClient({ credentials: { clientId: CLIENT_ID, clientSecret: new Secret('other-LEAKCANARY') } });
    const results = [
      await client.getOAuthClient('client-9'),
      await client.getHomeDivision(),
      await client.getProducts(),
      await client.revokeOwnToken(),
      await bad.client.getOAuthClient('client-9'),
    ];
    expect(results.every((r) => !r.ok || r.status === 204)).toBe(true);
    const errorsText = JSON.stringify(results) + results.map((r) => (r.ok ? '' : r.error.message)).join('');
    expect(errorsText).toContain('refused Bearer [redacted]');
    const logText = logLines.join('\n') + bad.logLines.join('\n');
    expect(logLines.length).toBeGreaterThan(5);
    for (const text of [errorsText, logText]) {
      expect(text).not.toContain('LEAKCANARY');
      expect(text).not.toMatch(/simtok_/);
      expect(text).not.toMatch(/Basic |Bearer simtok/);
    }
    expect(fake.issuedTokens.length).toBeGreaterThan(0);
  });

  it('writes through the shared logger when none is given', async () => {
    fake.on('GET', '/api/v2/authorization/divisions/home', { status: 200, body: { id: 'd-home', name: 'Home' } });
    const { client } = makeClient({ logger: undefined });
    expect((await client.getHomeDivision()).ok).toBe(true);
  });
});

describe('metrics', () => {
  it('counts every request by endpoint template and status class, and each retry with its reason', async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    let answered = 0;
    fake.on('GET', CLIENT_PATH, () =>
      answered++ === 0
        ? { status: 503, body: { code: 'service.unavailable', message: 'x', status: 503 } }
        : { status: 200, body: oauthClient },
    );
    const { client } = makeClient({ metrics, retry: { retries: 2, baseDelayMs: 1, budgetMs: 5_000 } });
    const result = await client.getOAuthClient('client-9');
    expect(result.ok).toBe(true);
    const text = await metrics.scrape();
    expect(text).toMatch(
      /sr_check_genesys_requests_total\{[^}]*endpoint="GET \/api\/v2\/oauth\/clients\/\{clientId\}"[^}]*status_class="5xx"[^}]*\} 1/,
    );
    expect(text).toMatch(
      /sr_check_genesys_requests_total\{[^}]*endpoint="GET \/api\/v2\/oauth\/clients\/\{clientId\}"[^}]*status_class="2xx"[^}]*\} 1/,
    );
    expect(text).toMatch(/sr_check_genesys_retries_total\{reason="server-error"\} 1/);
    expect(text).not.toContain('client-9');
  });
});

describe('login errors', () => {
  it('never carry the client secret, even when the login host echoes it', async () => {
    fake.loginHandler = () => ({
      status: 401,
      body: { error: 'invalid_client', description: `bad secret ${CLIENT_SECRET}` },
    });
    const { client } = makeClient({ retry: { retries: 0 } });
    const result = await client.ensureToken();
    expect(result).toMatchObject({ ok: false, error: { kind: 'login', code: 'invalid_client' } });
    expect(JSON.stringify(result)).not.toContain(CLIENT_SECRET);
  });
});
