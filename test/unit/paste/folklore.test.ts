/**
 * Folklore and near misses: the seed question, made-up scopes, role names, admin-console places, claims,
 * and the nearest real operations to a call that is not one. Every answer must name the real thing and
 * follow from the facts pack (quoted in data/folklore.yaml).
 */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/catalog';
import { loadFolklore } from '../../../src/catalog/folklore';
import { nearestOperations } from '../../../src/catalog/nearest';
import { knownScopeNames } from '../../../src/catalog/scopes';
import { describeFinding, findPremises, parsePastedError } from '../../../src/paste';
import { answerRoleInOrg } from '../../../src/paste/premises';
import { SEED_QUESTION } from '../../support/folklore';

const catalog = loadCatalog();
const key = (n: { operation: { method: string; template: string } }) => `${n.operation.method} ${n.operation.template}`;

describe('the seed question through explain', () => {
  const parse = parsePastedError(SEED_QUESTION);
  const text = parse.kind === 'genesys-403' ? describeFinding(parse.finding).join('\n') : '';

  it('is read as a Genesys 403 whose path is not an operation', () => {
    expect(parse.kind).toBe('genesys-403');
    if (parse.kind !== 'genesys-403') return;
    expect(parse.finding.notAnOperation?.path).toBe('/api/v2/interaction/screenrecordings');
  });

  it.each([
    ['the endpoint', /POST \/api\/v2\/interaction\/screenrecordings is not a Genesys Cloud API operation/],
    [
      'the nearest list call',
      /GET \/api\/v2\/conversations\/\{conversationId\}\/recordings \(getConversationRecordings\)/,
    ],
    [
      'the nearest retention update',
      /PUT \/api\/v2\/conversations\/\{conversationId\}\/recordings\/\{recordingId\} \(putConversationRecording\)/,
    ],
    ['the nearest screen session details', /GET \/api\/v2\/recordings\/screensessions\/details/],
    [
      'screen_recording:write',
      /Scope screen_recording:write: No such Genesys scope: .* The real scope is recordings\./,
    ],
    ['screen_recording:read', /Scope screen_recording:read: No such Genesys scope: .*recordings:readonly/],
    [
      'scopes in a client-credentials token request',
      /client-credentials token's access comes from the OAuth client's roles, not from scopes in the token request/,
    ],
    [
      '"Screen Recording Admin"',
      /Role Screen Recording Admin: "Screen Recording Admin" is not a default Genesys Cloud role name/,
    ],
    ['"Agent Desktop Administrator"', /Role Agent Desktop Administrator: .*not a default Genesys Cloud role name/],
    [
      '"Admin > Users" for a client-credentials app',
      /Place roles "under Admin › Users": .*Admin › Integrations › OAuth › the client › Roles/,
    ],
    ['"API Keys"', /Place the "API Keys" page: .*Admin › Integrations › OAuth/],
    [
      'old tokens "not inheriting"',
      /Claim the old token will not inherit the new role: Genesys does not document .*\(unconfirmed\)/,
    ],
    ['propagation', /Claim a delay in permission propagation: Genesys documents up to five minutes/],
  ])('answers %s with the real name and place', (_what, pattern) => {
    expect(text).toMatch(pattern);
  });

  it('never repeats the folklore as if it were true', () => {
    expect(text).not.toMatch(/needs .*screen_recording:write/);
    expect(text).not.toMatch(/what it needs is unknown/);
  });
});

describe('nearestOperations', () => {
  it('for the folklore screen recordings call: the list, the retention update and screen session details, among the first four', () => {
    const near = nearestOperations(catalog, 'POST', '/api/v2/interaction/screenrecordings', SEED_QUESTION)
      .slice(0, 4)
      .map(key);
    expect(near).toEqual(
      expect.arrayContaining([
        'GET /api/v2/conversations/{conversationId}/recordings',
        'PUT /api/v2/conversations/{conversationId}/recordings/{recordingId}',
        'GET /api/v2/recordings/screensessions/details',
      ]),
    );
  });

  it.each([
    {
      path: '/api/v2/recording/screenrecordings/export',
      top: 'GET /api/v2/recordings/screensessions/details',
      about: 'a run-together word and an export',
    },
    { path: '/api/v2/users/me/roless', anyOf: /roles|users/, about: 'a one-letter typo' },
  ])('$about ($path)', ({ path, top, anyOf }) => {
    const near = nearestOperations(catalog, 'GET', path).map(key);
    expect(near.length).toBeGreaterThan(0);
    if (top) expect(near).toContain(top);
    if (anyOf) expect(near[0]).toMatch(anyOf);
  });

  it('nothing near: an empty list (so the CLI can say so and exit 2)', () => {
    expect(nearestOperations(catalog, 'GET', '/api/v2/foo/bar')).toEqual([]);
  });

  it('a real operation is never suggested as deprecated, and at most five', () => {
    const near = nearestOperations(catalog, 'GET', '/api/v2/recordings/whatever/recordings');
    expect(near.length).toBeLessThanOrEqual(5);
    expect(near.every((n) => !n.operation.deprecated)).toBe(true);
  });
});

describe('findPremises', () => {
  it.each([
    {
      text: 'we added recordings:write to the app',
      kind: 'scope',
      said: 'recordings:write',
      answer: /real scope is recordings/,
    },
    { text: 'it has recording:read', kind: 'scope', said: 'recording:read', answer: /recordings:readonly/ },
    {
      text: 'requested analytics_data:read',
      kind: 'scope',
      said: 'analytics_data:read',
      answer: /No such Genesys scope.*nearest real ones: analytics:readonly/,
    },
    {
      text: "gave it the 'Compliance Archivist' role",
      kind: 'role',
      said: 'Compliance Archivist',
      answer: /orgs create custom roles/,
    },
    {
      text: 'the default user of the OAuth client has the role',
      kind: 'place',
      said: 'the "default user" of the OAuth client',
      answer: /Roles tab/,
    },
    {
      text: 'regenerate the token after the change',
      kind: 'claim',
      said: 'the old token will not inherit the new role',
      answer: /five minutes/,
    },
  ])('$said', ({ text, kind, said, answer }) => {
    const premise = findPremises(text).find((p) => p.said === said);
    expect(premise?.kind).toBe(kind);
    expect(premise?.answer).toMatch(answer);
  });

  it.each([
    'the client has recordings:readonly and recordings',
    'GET /api/v2/conversations/x/recordings needs recording:screenRecording:view',
    'https://api.mypurecloud.com/api/v2/recording/settings',
    'we use the code grant and the user has the Supervisor role assigned',
  ])('says nothing of real names: %s', (text) => {
    expect(findPremises(text).filter((p) => p.kind === 'scope')).toEqual([]);
  });

  it('a named role is answered from the org when the org is known', () => {
    const [premise] = findPremises("give it the 'Screen Recording Admin' role");
    expect(
      answerRoleInOrg(premise!, 'acme', ['Employee', 'Screen Recording Viewer'], ['Screen Recording Viewer']),
    ).toBe(
      'No role named "Screen Recording Admin" exists in acme. These roles of acme carry the needed permissions: Screen Recording Viewer.',
    );
    expect(answerRoleInOrg(premise!, 'acme', ['screen recording admin'], [])).toMatch(
      /^A role named "Screen Recording Admin" exists in acme/,
    );
  });
});

describe('the folklore data', () => {
  const folklore = loadFolklore();
  it('names no real scope as made up, and suggests only real ones', () => {
    const known = knownScopeNames();
    for (const entry of folklore.scopes) {
      expect(known.has(entry.name), entry.name).toBe(false);
      for (const real of entry.real) expect(known.has(real), real).toBe(true);
    }
  });

  it('names no real operation as made up, and its topics only real operations', () => {
    for (const entry of folklore.operations) {
      const [method, path] = entry.call.split(' ') as [string, string];
      expect(catalog.resolve(method, path), entry.call).toBeUndefined();
    }
    for (const topic of folklore.topics) {
      for (const call of topic.operations) {
        const [method, template] = call.split(' ') as [string, string];
        expect(catalog.get(method, template), call).toBeDefined();
      }
    }
  });
});
