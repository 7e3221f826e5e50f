/** The many-orgs grammar: `org=a,b,c`, `org=*` and `compare=`, with the same clear errors as the one-org grammar. */
import { describe, expect, it } from 'vitest';
import {
  formatManyRequest,
  parseCommandText,
  parseCommandWords,
  type ParsedCommand,
} from '../../../src/request/grammar';

const A = '3f2a1b4c-0000-4000-8000-000000000000';
const B = '3f2a1b4c-0000-4000-8000-00000000000b';
const USER = 'a1b2c3d4-1111-4222-8333-444455556666';
const USER2 = 'a1b2c3d4-1111-4222-8333-444455556667';

describe('org=a,b,c and org=*', () => {
  it.each<[string, ParsedCommand]>([
    ['org=acme,globex', { kind: 'many', orgs: ['acme', 'globex'], request: { fresh: false } }],
    ['org=Acme,GLOBEX,acme fresh', { kind: 'many', orgs: ['acme', 'globex'], request: { fresh: true } }],
    ['org=*', { kind: 'many', orgs: '*', request: { fresh: false } }],
    ["org='*' op=recordings-read", { kind: 'many', orgs: '*', request: { fresh: false, op: 'recordings-read' } }],
    [`org=acme,globex client=${A}`, { kind: 'many', orgs: ['acme', 'globex'], request: { fresh: false, client: A } }],
    // One name with a stray comma is an ordinary check.
    ['org=acme,', { kind: 'check', request: { org: 'acme', fresh: false } }],
  ])('%s', (text, expected) => {
    expect(parseCommandText(text)).toEqual(expected);
  });

  it.each<[string, RegExp]>([
    ['org=acme,bad_name', /not an org name: "bad_name"/],
    ['org=,', /org= names no org/],
    ['org=acme,globex watch', /watch works with one org/],
    [`org=acme,globex compare=${A}`, /compare= works with one org/],
    ['org=acme,globex scenario=healthy', /scenario= is for the built-in demo org/],
    ['org=acme,globex client=nope', /client must be a Genesys id/],
    ['org=a,b colour=x', /unknown key "colour"/],
  ])('%s is refused: %s', (text, message) => {
    const parsed = parseCommandText(text);
    expect(parsed.kind).toBe('error');
    if (parsed.kind === 'error') expect(parsed.message).toMatch(message);
  });

  it('refuses more than 500 orgs, naming the limit', () => {
    const names = Array.from({ length: 501 }, (_, i) => `o${i}`).join(',');
    expect(parseCommandWords([`org=${names}`])).toMatchObject({
      kind: 'error',
      message: expect.stringMatching(/at most 500 orgs at once/),
    });
  });

  it('formats a many-orgs request back into words that parse to the same command', () => {
    const parsed = parseCommandText(`org=acme,globex client=${A} op="GET /api/v2/tokens/me" fresh`);
    expect(parsed.kind).toBe('many');
    if (parsed.kind !== 'many') return;
    const text = formatManyRequest(parsed.orgs, parsed.request);
    expect(parseCommandText(text)).toEqual(parsed);
    const star = formatManyRequest('*', { fresh: false });
    expect(star).toBe("org='*'");
    expect(parseCommandText(star)).toEqual({ kind: 'many', orgs: '*', request: { fresh: false } });
  });
});

describe('compare=', () => {
  it('names another client, or another user when user= is given', () => {
    expect(parseCommandText(`org=acme client=${A} compare=${B.toUpperCase()}`)).toEqual({
      kind: 'compare',
      request: { org: 'acme', client: A, fresh: false },
      other: { client: B },
    });
    expect(parseCommandText(`org=acme client=${A} user=${USER} compare=${USER2}`)).toEqual({
      kind: 'compare',
      request: { org: 'acme', client: A, user: USER, fresh: false },
      other: { user: USER2 },
    });
  });

  it.each<[string, RegExp]>([
    [`org=acme client=${A} compare=nope`, /compare must be a Genesys id .*the other OAuth client/],
    [`org=acme client=${A} user=${USER} compare=nope`, /the other user/],
    [`org=acme client=${A} compare=${A}`, /names the same identity/],
    [`org=acme client=${A} compare=${B} watch`, /watch does not work with compare=/],
    [`org=acme compare=${B} compare=${A}`, /compare is given twice/],
    [`compare=${B}`, /org=<name> is required/],
  ])('%s is refused: %s', (text, message) => {
    const parsed = parseCommandText(text);
    expect(parsed.kind).toBe('error');
    if (parsed.kind === 'error') expect(parsed.message).toMatch(message);
  });
});
