/** What gatherFacts asks of the org's assignable-permission list: the domains the calls need, and only then. */
import { describe, expect, it } from 'vitest';
import { loadCatalog, type Operation } from '../../../src/catalog/catalog';
import { gatherFacts } from '../../../src/diagnosis/gather';
import type { GenesysApi } from '../../../src/genesys/api';
import { ok } from '../../../src/genesys/result';

const catalog = loadCatalog();
const op = (method: string, template: string): Operation => catalog.get(method, template)!;

/** Every read answers an empty success; the assignable-permission reads are recorded with their domains. */
function recordingApi(): { api: GenesysApi; asked: Array<readonly string[] | undefined> } {
  const asked: Array<readonly string[] | undefined> = [];
  const api = new Proxy({} as GenesysApi, {
    get(_, name) {
      if (name === 'callCount') return 0;
      if (name === 'ensureToken') return async () => ok({ expiresAt: 1, issuedAt: 0 });
      if (name === 'listAssignablePermissions')
        return async (domains?: readonly string[]) => {
          asked.push(domains);
          return ok(['recording:screenRecording:view']);
        };
      return async () => ok({});
    },
  });
  return { api, asked };
}

const gather = (api: GenesysApi, operations: Operation[]) =>
  gatherFacts(api, {
    orgName: 'acme',
    identity: { kind: 'oauth-client', clientId: 'c-1' },
    operations,
    fresh: false,
    now: () => 0,
  });

describe('gatherFacts: the assignable-permission list', () => {
  it("asks for the domains of the calls' requirements only (the demo's three calls: recording)", async () => {
    const { api, asked } = recordingApi();
    const facts = await gather(api, [
      op('GET', '/api/v2/conversations/{conversationId}/recordings'),
      op('PUT', '/api/v2/conversations/{conversationId}/recordings/{recordingId}'),
      op('GET', '/api/v2/quality/evaluations/query'),
    ]);
    expect(asked).toEqual([['quality', 'recording']]);
    expect(facts.assignablePermissions).toEqual({ ok: true, value: ['recording:screenRecording:view'] });
  });

  it('reads the whole list when the calls name only texts with no domain, and nothing when they need no permission', async () => {
    const named = recordingApi();
    await gather(named.api, [op('GET', '/api/v2/contentmanagement/documents/{documentId}')]);
    expect(named.asked).toEqual([undefined]);
    const none = recordingApi();
    const facts = await gather(none.api, [op('GET', '/api/v2/tokens/me')]);
    expect(none.asked).toEqual([]);
    expect(facts.assignablePermissions).toBeUndefined();
  });
});
