import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeFinding,
  findPastedSecrets,
  MAX_PASTE_CHARS,
  parsePastedError,
  type PasteParse,
} from '../../../src/paste';
import { genesysPastes, negatives } from '../../support/paste/corpus';

const SOURCES = ['json', 'escaped-json', 'sdk', 'curl', 'http-log', 'terraform', 'cli', 'postman', 'prose'];
const LAYERS = ['role', 'scope', 'division', 'interaction', 'login', 'unknown'];
const SECRET_KINDS = [
  'bearer-token',
  'basic-auth',
  'client-secret',
  'curl -u',
  'access-token',
  'refresh-token',
  'password',
  'url-credentials',
  'slack-token',
];

/** Structural check of a PasteParse (the type says it; this proves it at run time on random input). */
function assertValid(parse: PasteParse): void {
  expect(['none', 'other-genesys-status', 'genesys-403']).toContain(parse.kind);
  if (parse.kind === 'none') {
    expect(Object.keys(parse)).toEqual(['kind']);
    return;
  }
  if (parse.kind === 'other-genesys-status') {
    expect(Number.isInteger(parse.status) && parse.status >= 400 && parse.status <= 599 && parse.status !== 403).toBe(
      true,
    );
    expect(parse.hint.length).toBeGreaterThan(0);
    expect(parse.hint).not.toContain('\n');
    return;
  }
  const f = parse.finding;
  expect(f.status).toBe(403);
  expect(SOURCES).toContain(f.source);
  expect(LAYERS).toContain(f.likelyLayer);
  expect(['high', 'medium']).toContain(f.confidence);
  expect(Array.isArray(f.missingPermissions) && Array.isArray(f.divisions) && Array.isArray(f.secrets)).toBe(true);
  for (const p of f.missingPermissions) expect(p).toMatch(/^[^:\s]+:[^:\s]+:[^:\s]+$/);
  for (const s of f.secrets) expect(SECRET_KINDS).toContain(s.kind);
  if (f.path !== undefined) expect(f.path.startsWith('/api/v2/')).toBe(true);
  if (f.message !== undefined) expect(f.message.length).toBeLessThanOrEqual(500);
  expect(f.layerReason.length).toBeGreaterThan(0);
  for (const line of describeFinding(f)) expect(typeof line).toBe('string');
}

/** Fragments that stress the extractors: brackets, JSON starts, paths, permission-like runs, escapes. */
const FRAGMENTS = [
  '[',
  ']',
  '{"',
  '{',
  '}',
  '"',
  "'",
  '\\"',
  '\\\\',
  '/api/v2/',
  '/api/v2/conversations/',
  'a:b:c:',
  'recording:screenRecording:view',
  ' ',
  '\n',
  '\t',
  '403',
  ' 403 ',
  'Forbidden',
  'HTTP/1.1 403',
  '> GET ',
  '< HTTP/1.1 ',
  '"message":"',
  '"code":"missing.permissions"',
  '"status":403',
  'API Error: 403 - ',
  'You are missing the following permission(s): [',
  'in at least one of the following division(s): [',
  '&lt;',
  '&gt;',
  '&amp;',
  '<https://',
  '|',
  '```',
  '│ ',
  'Bearer ',
  'client_secret=',
  'curl -u ',
  'api.mypurecloud.com',
  'ININ-Correlation-Id: ',
  '8f3c2b1a-1111-4222-8333-944455556666',
  'not.authorized',
  '(403)\nReason: Forbidden',
  'Error calling Get',
];

const adversarial = fc
  .array(fc.tuple(fc.constantFrom(...FRAGMENTS), fc.integer({ min: 1, max: 400 })), { minLength: 1, maxLength: 12 })
  .map((parts) => parts.map(([fragment, times]) => fragment.repeat(times)).join(''));

describe('parsePastedError properties', () => {
  it('never throws and returns a valid PasteParse for arbitrary text', () => {
    let runs = 0;
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), (text) => {
        assertValid(parsePastedError(text));
        runs++;
      }),
      { numRuns: 500 },
    );
    expect(runs).toBe(500);
  });

  it('never throws on adversarial fragment soups, and finishes every run', () => {
    let runs = 0;
    fc.assert(
      fc.property(adversarial, (text) => {
        assertValid(parsePastedError(text));
        runs++;
      }),
      { numRuns: 300 },
    );
    expect(runs).toBe(300);
  });

  it('random mutations of real pastes stay valid (truncated, spliced, noisy)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...genesysPastes, ...Object.values(negatives)),
        fc.integer({ min: 0, max: 4000 }),
        fc.string({ maxLength: 50 }),
        (paste, cut, noise) => {
          assertValid(parsePastedError(paste.slice(0, cut)));
          assertValid(parsePastedError(paste.slice(0, cut) + noise + paste.slice(cut)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('huge inputs are capped and still parse (count-based, no timing)', () => {
    const big = `${genesysPastes[0]}\n${'[{"a:b:c:/api/v2/ '.repeat(20_000)}`;
    expect(big.length).toBeGreaterThan(MAX_PASTE_CHARS);
    const parse = parsePastedError(big);
    assertValid(parse);
    expect(parse.kind).toBe('genesys-403');
  });
});

/** Ways a credential sits in a paste; each must be spotted and never echoed. */
const secretValue = fc.stringMatching(/^[A-Za-z0-9]{8,30}$/).map((tail) => `LEAKCANARY${tail}`);
const secretPlacements: Array<(secret: string) => string> = [
  (s) => `> Authorization: Bearer ${s}`,
  (s) => `-H "Authorization: bearer ${s}"`,
  (s) => `Authorization: Basic ${s}==`,
  (s) => `client_secret=${s}&grant_type=client_credentials`,
  (s) => `"client_secret": "${s}"`,
  (s) => `clientSecret: '${s}'`,
  (s) => `curl -u 3b5f7a9c-1d2e-4f60-8a1b-2c3d4e5f6a7b:${s} https://login.mypurecloud.com/oauth/token`,
  (s) => `https://api.mypurecloud.com/api/v2/users/me?access_token=${s}`,
  (s) => `{"access_token":"${s}","token_type":"bearer","expires_in":86400}`,
  (s) => `https://svc:${s}@proxy.internal/`,
];

/** Ways the whole message reaches us: as is, Slack-encoded, inside a code block, escaped in a log line. */
const wrappers: Array<(text: string) => string> = [
  (t) => t,
  (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
  (t) => `\`\`\`${t}\`\`\``,
  (t) => JSON.stringify({ level: 'error', msg: t }),
  (t) =>
    t
      .split('\n')
      .map((l) => `> ${l}`)
      .join('\n'),
];

describe('pasted secrets never leak', () => {
  it('into JSON.stringify(parse) or describeFinding, whatever the paste and wrapping', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...genesysPastes, ...Object.values(negatives)),
        fc.integer({ min: 0, max: secretPlacements.length - 1 }),
        fc.integer({ min: 0, max: wrappers.length - 1 }),
        fc.boolean(),
        secretValue,
        (paste, placement, wrapper, before, secret) => {
          const line = secretPlacements[placement]!(secret);
          const text = wrappers[wrapper]!(before ? `${line}\n${paste}` : `${paste}\n${line}`);
          const parse = parsePastedError(text);
          assertValid(parse);
          expect(JSON.stringify(parse)).not.toContain('LEAKCANARY');
          if (parse.kind === 'genesys-403') {
            expect(parse.finding.secrets.length).toBeGreaterThan(0);
            const lines = describeFinding(parse.finding).join('\n');
            expect(lines).not.toContain('LEAKCANARY');
            expect(lines).toMatch(/should be rotated/);
          }
          const sightings = findPastedSecrets(text);
          expect(sightings.length).toBeGreaterThan(0);
          expect(JSON.stringify(sightings)).not.toContain('LEAKCANARY');
        },
      ),
      { numRuns: 400 },
    );
  });
});
