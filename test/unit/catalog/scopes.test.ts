import { describe, expect, it } from 'vitest';
import { loadCatalog, type Operation } from '../../../src/catalog/catalog';
import { isReadMethod, knownScopeNames, requiredScope } from '../../../src/catalog/scopes';

const catalog = loadCatalog();
function op(method: string, template: string): Operation {
  const found = catalog.get(method, template);
  if (!found) throw new Error(`${method} ${template} not in catalog`);
  return found;
}

describe('requiredScope', () => {
  it.each([
    ['GET', '/api/v2/conversations/{conversationId}/recordings', 'recordings', ['recordings', 'recordings:readonly']],
    ['HEAD', '/api/v2/tokens/me', undefined, undefined],
    ['PUT', '/api/v2/conversations/{conversationId}/recordings/{recordingId}', 'recordings', ['recordings']],
    ['GET', '/api/v2/recordings/screensessions/details', 'recordings', ['recordings', 'recordings:readonly']],
    ['GET', '/api/v2/authorization/roles/{roleId}', 'authorization', ['authorization', 'authorization:readonly']],
    ['POST', '/api/v2/authorization/divisions', 'authorization', ['authorization']],
    ['GET', '/api/v2/oauth/clients/{clientId}', 'oauth', ['oauth', 'oauth:readonly']],
    ['PUT', '/api/v2/oauth/clients/{clientId}', 'oauth', ['oauth']],
  ])('%s %s → %s', (method, template, scope, accepted) => {
    const need = requiredScope(op(method, template));
    if (scope === undefined) {
      expect(need).toBeUndefined();
      return;
    }
    expect(need).toMatchObject({ scope, accepted, acceptsReadonly: accepted!.length === 2 });
    expect(need!.inferredFrom.length).toBeGreaterThan(0);
  });

  it('a read accepts the readonly twin, a write does not', () => {
    const read = requiredScope(op('GET', '/api/v2/conversations/{conversationId}/recordings'))!;
    const write = requiredScope(op('PUT', '/api/v2/conversations/{conversationId}/recordings/{recordingId}'))!;
    expect(read.accepted).toContain('recordings:readonly');
    expect(write.accepted).not.toContain('recordings:readonly');
  });

  it('operations without a permission check need no scope', () => {
    expect(requiredScope(op('GET', '/api/v2/tokens/me'))).toBeUndefined();
  });

  it('an unknown API group and path give no scope rather than a made-up one', () => {
    const made: Operation = {
      method: 'GET',
      template: '/api/v2/zzz/x',
      api: 'ZzzApi',
      operationId: 'z',
      mode: 'any',
      permissions: ['z:z:z'],
      deprecated: false,
    };
    expect(requiredScope(made)).toBeUndefined();
  });

  it('never names the folklore scope screen_recording:write', () => {
    expect(knownScopeNames().has('screen_recording:write')).toBe(false);
  });

  it('every inferred scope is a known scope name', () => {
    const known = knownScopeNames();
    let inferred = 0;
    for (const operation of catalog.all()) {
      const need = requiredScope(operation);
      if (!need) continue;
      inferred++;
      expect(known.has(need.scope) || known.has(`${need.scope}:readonly`)).toBe(true);
    }
    expect(inferred).toBeGreaterThan(2000);
  });

  it('isReadMethod', () => {
    expect(['GET', 'HEAD'].map(isReadMethod)).toEqual([true, true]);
    expect(['POST', 'PUT', 'PATCH', 'DELETE'].map(isReadMethod)).toEqual([false, false, false, false]);
  });
});
