/**
 * GET /api/v2/authorization/permissions read for the domains a check needs only (the SDK's queryType=domain,
 * query=…), and the whole list when an answer cannot be trusted to be filtered.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGenesysClient, type GenesysClient } from '../../../src/genesys/client';
import { clearSharedParses } from '../../../src/genesys/shared-parse';
import { Secret } from '../../../src/config/secret';
import { CLIENT_ID, CLIENT_SECRET, FakeGenesys, type RecordedRequest } from './fake-genesys';

const PATH = '/api/v2/authorization/permissions';

/** One listed domain with one entity and its actions. */
const domainEntry = (domain: string, entity: string, actions: string[]) => ({
  id: domain,
  domain,
  permissionMap: { [entity]: actions.map((action) => ({ domain, entityType: entity, action })) },
});
const WHOLE = [
  domainEntry('analytics', 'conversationDetail', ['view']),
  domainEntry('quality', 'evaluation', ['view', 'edit']),
  domainEntry('recording', 'screenRecording', ['view']),
];
const listing = (entities: unknown[]) => ({ entities, pageNumber: 1, pageCount: 1, total: entities.length });

/** Answers as the SDK documents the filter: queryType=domain keeps the named domains. */
function honouringFilter(request: RecordedRequest) {
  const query = new URL(request.url, 'http://x').searchParams;
  if (query.get('queryType') !== 'domain') return { status: 200, body: listing(WHOLE) };
  const asked = new Set((query.get('query') ?? '').split(','));
  return { status: 200, body: listing(WHOLE.filter((d) => asked.has(d.domain))) };
}

let fake: FakeGenesys;
let client: GenesysClient;

beforeEach(async () => {
  clearSharedParses();
  fake = await FakeGenesys.start();
  client = createGenesysClient({
    apiBaseUrl: fake.baseUrl,
    loginBaseUrl: fake.baseUrl,
    credentials: { clientId: CLIENT_ID, clientSecret: new Secret(CLIENT_SECRET) },
    retry: { retries: 0 },
  });
});

afterEach(async () => {
  await client.close();
  await fake.close();
});

const queries = () => fake.hits('GET', PATH).map((r) => new URL(r.url, 'http://x').searchParams);

describe('listAssignablePermissions(domains)', () => {
  it('asks for the named domains only (sorted, once each) and lists what the answer holds', async () => {
    fake.on('GET', PATH, honouringFilter);
    expect(await client.listAssignablePermissions(['recording', 'quality', 'recording'])).toEqual({
      ok: true,
      status: 200,
      value: ['quality:evaluation:view', 'quality:evaluation:edit', 'recording:screenRecording:view'],
    });
    expect(queries()).toHaveLength(1);
    expect(queries()[0]!.get('queryType')).toBe('domain');
    expect(queries()[0]!.get('query')).toBe('quality,recording');
  });

  it('without domains reads the whole list, unfiltered', async () => {
    fake.on('GET', PATH, honouringFilter);
    expect((await client.listAssignablePermissions()).ok).toBe(true);
    expect(queries().map((q) => q.has('queryType') || q.has('query'))).toEqual([false]);
  });

  it('an answer naming none of the asked domains (filter ignored) is not trusted: the whole list is read', async () => {
    // An API that ignores the filter answers one page of its own choosing; here, none of the asked domain.
    fake.on('GET', PATH, (request) =>
      new URL(request.url, 'http://x').searchParams.has('queryType')
        ? { status: 200, body: listing([WHOLE[0]]) }
        : { status: 200, body: listing(WHOLE) },
    );
    const answer = await client.listAssignablePermissions(['recording']);
    expect(answer).toMatchObject({ ok: true });
    expect(answer.ok && answer.value).toContain('recording:screenRecording:view');
    expect(queries().map((q) => q.get('queryType'))).toEqual(['domain', null]);
  });

  it('a domain missing from the whole list too stays missing (the licence lacks it), after the fallback', async () => {
    fake.on('GET', PATH, { status: 200, body: listing([WHOLE[0]]) });
    expect(await client.listAssignablePermissions(['recording'])).toEqual({
      ok: true,
      status: 200,
      value: ['analytics:conversationDetail:view'],
    });
    expect(queries()).toHaveLength(2);
  });

  it('a filter refused with 400 falls back to the whole list; another failure is the answer', async () => {
    fake.on('GET', PATH, (request) =>
      new URL(request.url, 'http://x').searchParams.has('queryType')
        ? { status: 400, body: { code: 'invalid.value', message: 'queryType', status: 400 } }
        : { status: 200, body: listing(WHOLE) },
    );
    expect((await client.listAssignablePermissions(['recording'])).ok).toBe(true);
    expect(queries()).toHaveLength(2);
  });

  it('a filtered read that fails otherwise is the answer, with no second read', async () => {
    fake.on('GET', PATH, { status: 403, body: { code: 'missing.permissions', message: 'no', status: 403 } });
    expect(await client.listAssignablePermissions(['recording'])).toMatchObject({
      ok: false,
      error: { status: 403 },
    });
    expect(queries()).toHaveLength(1);
  });

  it('caches per set of domains: the same set is read once, another set on its own', async () => {
    fake.on('GET', PATH, honouringFilter);
    await client.listAssignablePermissions(['recording']);
    await client.listAssignablePermissions(['recording']);
    expect(await client.listAssignablePermissions(['quality'])).toMatchObject({
      value: ['quality:evaluation:view', 'quality:evaluation:edit'],
    });
    expect(queries().map((q) => q.get('query'))).toEqual(['recording', 'quality']);
  });
});
