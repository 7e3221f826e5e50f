import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { createGenesysClient, type GenesysClient } from '../../../src/genesys/client';
import { PermissionDefinitionPageSchema } from '../../../src/genesys/models';
import { clearSharedParses, parseShared } from '../../../src/genesys/shared-parse';
import { Secret } from '../../../src/config/secret';
import { CLIENT_ID, CLIENT_SECRET, FakeGenesys } from './fake-genesys';

const definition = (entityType: string, action: string) => ({ domain: 'recording', entityType, action });
const page = (actions: string[]) => ({
  entities: [
    { domain: 'recording', permissionMap: { screenRecording: actions.map((a) => definition('screenRecording', a)) } },
  ],
  pageCount: 1,
});

describe('parseShared', () => {
  beforeEach(() => clearSharedParses());

  it('parses byte-identical bodies once and hands out the same frozen value', () => {
    const schema = z.object({ items: z.array(z.string()) });
    const spy = vi.spyOn(schema, 'safeParse');
    const body = () => Buffer.from(JSON.stringify({ items: ['a', 'b'] }));
    const first = parseShared(schema, body());
    const second = parseShared(schema, body());
    expect(first).toEqual({ ok: true, value: { items: ['a', 'b'] } });
    expect(second.ok && first.ok && second.value === first.value).toBe(true);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(first.ok && Object.isFrozen(first.value.items)).toBe(true);
    expect(() => first.ok && first.value.items.push('c')).toThrow();
  });

  it('parses a body that differs by one byte on its own', () => {
    const schema = z.object({ items: z.array(z.string()) });
    expect(parseShared(schema, Buffer.from('{"items":["a"]}'))).toEqual({ ok: true, value: { items: ['a'] } });
    expect(parseShared(schema, Buffer.from('{"items":["b"]}'))).toEqual({ ok: true, value: { items: ['b'] } });
  });

  it('keeps no failed parse, and the same bytes under another schema are parsed by that schema', () => {
    const strings = z.object({ items: z.array(z.string()) });
    const numbers = z.object({ items: z.array(z.number()) });
    const body = Buffer.from('{"items":[1]}');
    const refused = parseShared(strings, body);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.data).toEqual({ items: [1] });
    expect(parseShared(numbers, body)).toEqual({ ok: true, value: { items: [1] } });
    // Not JSON: the text itself is what the schema sees, as axios would have given it.
    expect(parseShared(strings, Buffer.from('<html>'))).toMatchObject({ ok: false, data: '<html>' });
  });
});

describe('assignable permissions of two orgs', () => {
  const fakes: FakeGenesys[] = [];
  const clients: GenesysClient[] = [];
  beforeEach(() => clearSharedParses());
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(fakes.splice(0).map((f) => f.close()));
  });

  async function orgAnswering(body: unknown, status = 200): Promise<GenesysClient> {
    const fake = await FakeGenesys.start();
    fakes.push(fake);
    fake.on('GET', '/api/v2/authorization/permissions', { status, body });
    const client = createGenesysClient({
      apiBaseUrl: fake.baseUrl,
      loginBaseUrl: fake.baseUrl,
      credentials: { clientId: CLIENT_ID, clientSecret: new Secret(CLIENT_SECRET) },
      retry: { retries: 0 },
    });
    clients.push(client);
    return client;
  }

  it("each org gets its own answer: identical pages share the parse, a different page is that org's", async () => {
    const spy = vi.spyOn(PermissionDefinitionPageSchema, 'safeParse');
    const a = await orgAnswering(page(['view', 'editRetention']));
    const b = await orgAnswering(page(['view', 'editRetention']));
    const c = await orgAnswering(page(['view']));
    const both = ['recording:screenRecording:view', 'recording:screenRecording:editRetention'];
    expect(await a.listAssignablePermissions()).toEqual({ ok: true, status: 200, value: both });
    expect(await b.listAssignablePermissions()).toEqual({ ok: true, status: 200, value: both });
    expect(await c.listAssignablePermissions()).toEqual({
      ok: true,
      status: 200,
      value: ['recording:screenRecording:view'],
    });
    expect(spy).toHaveBeenCalledTimes(2);
    spy.mockRestore();
  });

  it('an error answer is still read from its body', async () => {
    const client = await orgAnswering({ message: 'nope', code: 'missing.permissions', status: 403 }, 403);
    expect(await client.listAssignablePermissions()).toMatchObject({
      ok: false,
      error: { status: 403, code: 'missing.permissions' },
    });
  });
});
