import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Catalog, loadCatalog, stripToPath, type Operation } from '../../../src/catalog/catalog';

/** A hand-made operation for small catalogs. */
function handMade(template: string, operationId: string, fields: Partial<Operation> = {}): Operation {
  return {
    method: 'GET',
    template,
    api: 'X',
    operationId,
    mode: 'none',
    permissions: [],
    deprecated: false,
    ...fields,
  };
}

const catalog = loadCatalog();

describe('loadCatalog', () => {
  it('holds all 3280 operations of the SDK data', () => {
    expect(catalog.size).toBe(3280);
    expect([...catalog.all()]).toHaveLength(3280);
    expect(catalog.sdkVersion).toMatch(/259/);
  });

  it('is parsed once per process', () => {
    expect(loadCatalog()).toBe(catalog);
  });

  it('refuses a data file that does not match the schema', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'catalog-')), 'bad.json');
    writeFileSync(file, JSON.stringify({ sdkVersion: { display: 'x' }, count: 1, endpoints: { 'FETCH /nope': {} } }));
    expect(() => loadCatalog(file)).toThrow();
  });

  it('every operation has a method, a template, and a list consistent with its mode', () => {
    for (const op of catalog.all()) {
      expect(op.template.startsWith('/api/v2/')).toBe(true);
      expect(op.mode === 'none').toBe(op.permissions.length === 0);
    }
  });
});

describe('Catalog.permissions', () => {
  it('lists every distinct domain:entity:action the operations name, sorted, and nothing else', () => {
    const all = catalog.permissions();
    const named = new Set([...catalog.all()].flatMap((op) => op.permissions));
    expect(all).toContain('recording:screenRecording:view');
    expect(named.has('admin')).toBe(true);
    expect(all).not.toContain('admin');
    expect(all).toEqual([...new Set(all)].sort());
    expect(all.filter((p) => !named.has(p))).toEqual([]);
    expect([...named].filter((p) => p.split(':').length === 3 && !all.includes(p))).toEqual([]);
  });

  it('is walked once per catalog and shared frozen; another catalog has its own', () => {
    expect(catalog.permissions()).toBe(catalog.permissions());
    expect(Object.isFrozen(catalog.permissions())).toBe(true);
    const op = (permissions: string[]) =>
      handMade(`/api/v2/x/${permissions.length}`, 'x', { mode: 'any', permissions });
    const small = new Catalog([op(['b:e:view', 'a:e:*', 'a:e:*', 'not one']), op(['a:e:edit:div', 'c:e'])], 'test');
    expect(small.permissions()).toEqual(['a:e:*', 'b:e:view']);
  });
});

describe('Catalog.get', () => {
  it('finds a template exactly, any method case', () => {
    expect(catalog.get('get', '/api/v2/tokens/me')?.operationId).toBe('getTokensMe');
    expect(catalog.get('GET', '/api/v2/conversations/{conversationId}/recordings')).toMatchObject({
      api: 'RecordingApi',
      operationId: 'getConversationRecordings',
      mode: 'any',
      permissions: expect.arrayContaining(['recording:screenRecording:view']),
    });
    expect(catalog.get('GET', '/api/v2/conversations/abc/recordings')).toBeUndefined();
  });
});

describe('Catalog.resolve', () => {
  it.each<[string, string, string | undefined]>([
    ['GET', '/api/v2/tokens/me', 'getTokensMe'],
    ['DELETE', '/api/v2/tokens/me', 'deleteTokensMe'],
    ['DELETE', '/api/v2/tokens/3f2a1b4c-0000-4000-8000-000000000000', 'deleteToken'],
    ['HEAD', '/api/v2/tokens/me', 'headTokensMe'],
    ['get', '/api/v2/conversations/3f2a1b4c-0000-4000-8000-000000000000/recordings', 'getConversationRecordings'],
    ['PUT', '/api/v2/conversations/c1/recordings/r1', 'putConversationRecording'],
    ['GET', '/api/v2/conversations/c1/recordings/', 'getConversationRecordings'],
    ['GET', '/api/v2/conversations/c1/recordings?maxWaitMs=5000&formatId=WEBM', 'getConversationRecordings'],
    ['GET', 'https://api.mypurecloud.ie/api/v2/conversations/c1/recordings?x=1#frag', 'getConversationRecordings'],
    [
      'GET',
      'https://api.usw2.pure.cloud/api/v2/recordings/screensessions/details',
      'getRecordingsScreensessionsDetails',
    ],
    ['GET', '/api/v2/authorization/roles/settings', 'getAuthorizationRolesSettings'],
    ['GET', '/api/v2/authorization/roles/r-1', 'getAuthorizationRole'],
    ['GET', '/api/v2/authorization/divisions/home', 'getAuthorizationDivisionsHome'],
    ['GET', '/api/v2/users/me', 'getUsersMe'],
    ['GET', '/api/v2/users/u-1', 'getUser'],
    // A literal branch that leads nowhere falls back to the parameter (backtracking).
    ['GET', '/api/v2/analytics/conversations/details/details', 'getAnalyticsConversationDetails'],
    ['GET', '/api/v2/conversations/{conversationId}/recordings', 'getConversationRecordings'],
    ['GET', '/api/v2/nosuchthing', undefined],
    ['GET', '/api/v2/conversations/c1/recordings/r1/extra/deep', undefined],
    ['PATCH', '/api/v2/tokens/me', undefined],
    ['FETCH', '/api/v2/tokens/me', undefined],
    ['GET', '/api/v2', undefined],
    ['GET', '', undefined],
  ])('%s %s → %s', (method, path, operationId) => {
    expect(catalog.resolve(method, path)?.operationId).toBe(operationId);
  });

  it('literal beats parameter in a hand-made catalog too, whatever the insertion order', () => {
    for (const ops of [
      [handMade('/api/v2/a/{id}', 'byId'), handMade('/api/v2/a/me', 'me')],
      [handMade('/api/v2/a/me', 'me'), handMade('/api/v2/a/{id}', 'byId')],
    ]) {
      const small = new Catalog(ops, 'test');
      expect(small.resolve('GET', '/api/v2/a/me')?.operationId).toBe('me');
      expect(small.resolve('GET', '/api/v2/a/42')?.operationId).toBe('byId');
    }
  });

  it('every template resolves to itself', () => {
    for (const op of catalog.all()) expect(catalog.resolve(op.method, op.template)).toBe(op);
  });

  it('resolveAnyMethod lists each method that has the path', () => {
    const methods = catalog
      .resolveAnyMethod('/api/v2/tokens/me')
      .map((op) => op.method)
      .sort();
    expect(methods).toEqual(['DELETE', 'GET', 'HEAD']);
    expect(catalog.resolveAnyMethod('/api/v2/nosuchthing')).toEqual([]);
  });
});

describe('Catalog trie, built lazily from the templates read in place', () => {
  const op = (method: Operation['method'], template: string, operationId: string) =>
    handMade(template, operationId, { method });
  const small = () =>
    new Catalog(
      [
        op('GET', '/api/v2/a/{id}', 'byId'),
        op('GET', '/api/v2/a/me', 'me'),
        op('GET', '/api/v2//b/', 'b'),
        op('GET', '/api/v2/a/{x}/c', 'c'),
        op('GET', '/api/v2/ab', 'ab'),
        op('GET', '/api/v2/a', 'a'),
        op('GET', '/api/v2/a/{', 'brace'),
        op('GET', '/api/v2/a/me', 'me2'),
      ],
      'test',
    );

  it.each([
    ['/api/v2/a/123', 'byId'],
    ['/api/v2/a/me', 'me2'],
    ['/api/v2/a/{', 'brace'],
    ['/api/v2/b', 'b'],
    ['/api/v2//b//', 'b'],
    ['/api/v2/a/9/c', 'c'],
    ['/api/v2/a/me/c', 'c'],
    ['/api/v2/ab', 'ab'],
    ['/api/v2/a', 'a'],
    ['/api/v2/a/1/d', undefined],
    ['/api/v2', undefined],
  ])('%s resolves to %s (empty segments skipped, literals before parameters, a later duplicate wins)', (path, id) => {
    expect(small().resolve('GET', path)?.operationId).toBe(id);
  });

  it('fromRows builds the same catalog as its operations', () => {
    const rows = [...catalog.all()].map(
      (o) => [o.method, o.template, o.api, o.operationId, o.mode, o.permissions, o.deprecated] as const,
    );
    const built = Catalog.fromRows(
      rows.map((r) => [...r]),
      catalog.sdkVersion,
    );
    expect([...built.all()]).toEqual([...catalog.all()]);
    expect(built.resolve('GET', '/api/v2/conversations/c1/recordings')?.operationId).toBe('getConversationRecordings');
  });
});

describe('stripToPath', () => {
  it.each([
    ['https://api.mypurecloud.com/api/v2/x?y=1', '/api/v2/x'],
    ['/api/v2/x/', '/api/v2/x'],
    ['/api/v2/x#a', '/api/v2/x'],
    ['curl https://api.mypurecloud.de/api/v2/users/me', '/api/v2/users/me'],
    ['/not/api', '/not/api'],
  ])('%s → %s', (input, expected) => {
    expect(stripToPath(input)).toBe(expected);
  });
});

/**
 * The checker and the simulator both read data/endpoint-permissions.json (the simulator for its permission
 * gate). So that a wrong data file cannot make both agree on a falsehood, the entries sr-check relies on are
 * checked against the "Requires ANY/ALL permissions" lines of the SDK's generated docs (RecordingApi.md,
 * OAuthApi.md, AuthorizationApi.md), quoted here.
 */
describe('catalog data agrees with the SDK docs for the operations sr-check names', () => {
  const catalog = loadCatalog();
  it.each([
    {
      key: 'GET /api/v2/conversations/{conversationId}/recordings',
      mode: 'any',
      sdk: ['recording:recording:view', 'recording:recordingSegment:view'],
    },
    {
      key: 'PUT /api/v2/conversations/{conversationId}/recordings/{recordingId}',
      mode: 'any',
      sdk: ['recording:recording:view', 'recording:recording:editRetention', 'recording:screenRecording:editRetention'],
    },
    {
      key: 'GET /api/v2/recordings/screensessions/details',
      mode: 'any',
      sdk: ['recording:screenRecording:view'],
      exact: true,
    },
    { key: 'POST /api/v2/recording/jobs', mode: 'all', sdk: ['recording:job:add'], exact: true },
    {
      key: 'POST /api/v2/recording/batchrequests',
      mode: 'any',
      sdk: ['recording:recording:view', 'recording:recordingSegment:view'],
    },
    { key: 'GET /api/v2/oauth/authorizations/{clientId}', mode: 'any', sdk: ['oauth:client:authorize'], exact: true },
    { key: 'GET /api/v2/oauth/clients/{clientId}', mode: 'any', sdk: ['oauth:client:view'], exact: true },
    { key: 'GET /api/v2/recording/settings', mode: 'none', sdk: [], exact: true },
    { key: 'GET /api/v2/authorization/permissions', mode: 'none', sdk: [], exact: true },
  ])('$key: "Requires $mode" $sdk', ({ key, mode, sdk, exact }) => {
    const [method, template] = key.split(' ') as [string, string];
    const op = catalog.get(method, template);
    expect(op?.mode).toBe(mode);
    // Later SDK versions trimmed some lists; every permission the docs name must be in the data.
    if (exact) expect(op?.permissions).toEqual(sdk);
    else expect(op?.permissions).toEqual(expect.arrayContaining(sdk));
  });
});
