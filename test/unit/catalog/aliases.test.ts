import { describe, expect, it } from 'vitest';
import { DEFAULT_ALIAS, OPERATION_ALIASES, lookupOperations } from '../../../src/catalog/aliases';
import { Catalog, loadCatalog } from '../../../src/catalog/catalog';

const catalog = loadCatalog();

describe('OPERATION_ALIASES', () => {
  it.each(Object.entries(OPERATION_ALIASES))('%s resolves to catalog operations', (name, alias) => {
    const found = lookupOperations(catalog, name);
    expect(found.ok).toBe(true);
    if (!found.ok) return;
    expect(found.operations.map((op) => `${op.method} ${op.template}`)).toEqual(alias.operations);
    expect(alias.description.length).toBeGreaterThan(0);
  });

  it('the default alias exists', () => {
    expect(OPERATION_ALIASES[DEFAULT_ALIAS]).toBeDefined();
  });

  it('aliases are case-insensitive and trimmed', () => {
    const found = lookupOperations(catalog, '  Screen-Sessions ');
    expect(found.ok && found.operations.map((op) => op.operationId)).toEqual(['getRecordingsScreensessionsDetails']);
  });

  it('an alias naming an operation missing from the catalog is a bug: it throws', () => {
    expect(() => lookupOperations(new Catalog([], 'empty'), 'screen-sessions')).toThrow(/not in the catalog/);
  });
});

describe('lookupOperations with "METHOD path"', () => {
  it.each([
    ['GET /api/v2/conversations/c1/recordings', 'getConversationRecordings'],
    ['get /api/v2/conversations/c1/recordings', 'getConversationRecordings'],
    ['PUT   https://api.mypurecloud.com/api/v2/conversations/c1/recordings/r1?x=1', 'putConversationRecording'],
    ['GET /api/v2/tokens/me', 'getTokensMe'],
  ])('%s → %s', (spec, operationId) => {
    const found = lookupOperations(catalog, spec);
    expect(found.ok && found.operations.map((op) => op.operationId)).toEqual([operationId]);
  });

  it.each([
    [
      'no-such-alias',
      /op must be an alias \(screen-recording, recordings-read, recording-retention, screen-sessions\) or "METHOD \/api\/v2\/..."/,
    ],
    ['/api/v2/tokens/me', /op must be an alias/],
    ['GET /api/v2/a b', /op must be an alias/],
    ['', /op must be an alias/],
    ['GET /api/v2/nosuchthing', /GET \/api\/v2\/nosuchthing is not a Genesys Cloud API operation we know \(SDK 259/],
    ['fetch /api/v2/tokens/me', /FETCH \/api\/v2\/tokens\/me is not a Genesys Cloud API operation/],
    ['POST /api/v2/interaction/screenrecordings', /not a Genesys Cloud API operation/],
  ])('%j → error', (spec, message) => {
    const found = lookupOperations(catalog, spec);
    expect(found.ok).toBe(false);
    if (!found.ok) expect(found.message).toMatch(message);
  });
});
