import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatRequest,
  normaliseCommandText,
  parseCommandText,
  parseCommandWords,
  splitCommandText,
  USAGE,
  type CheckRequest,
  type ParsedCommand,
} from '../../../src/request/grammar';

const CLIENT = '3f2a1b4c-0000-4000-8000-000000000000';
const USER = 'a1b2c3d4-1111-4222-8333-444455556666';
const CONV = 'c0ffee00-dead-4bee-8eef-000000000001';

function request(fields: Partial<CheckRequest>): CheckRequest {
  return { org: 'acme', fresh: false, ...fields };
}

describe('parseCommandText: good input', () => {
  it.each<[string, ParsedCommand]>([
    ['org=acme', { kind: 'check', request: request({}) }],
    ['  org=acme  ', { kind: 'check', request: request({}) }],
    [`org=acme client=${CLIENT}`, { kind: 'check', request: request({ client: CLIENT }) }],
    [
      `org=acme user=${USER} client=${CLIENT} interaction=${CONV}`,
      { kind: 'check', request: request({ user: USER, client: CLIENT, interaction: CONV }) },
    ],
    [`org=acme client=${CLIENT.toUpperCase()}`, { kind: 'check', request: request({ client: CLIENT }) }],
    ['ORG=Acme', { kind: 'check', request: request({}) }],
    [
      'Org=acme Op=screen-recording FRESH',
      { kind: 'check', request: request({ op: 'screen-recording', fresh: true }) },
    ],
    ['org=acme fresh', { kind: 'check', request: request({ fresh: true }) }],
    ['org=acme watch', { kind: 'check', request: request({ watch: true }) }],
    ['WATCH org=acme fresh', { kind: 'check', request: request({ watch: true, fresh: true }) }],
    ['org=acme watch watch', { kind: 'check', request: request({ watch: true }) }],
    ['fresh org=acme', { kind: 'check', request: request({ fresh: true }) }],
    ['org=acme op=recordings-read', { kind: 'check', request: request({ op: 'recordings-read' }) }],
    [
      'org=acme op="PUT /api/v2/conversations/x/recordings/y"',
      { kind: 'check', request: request({ op: 'PUT /api/v2/conversations/x/recordings/y' }) },
    ],
    ["org=acme op='GET /api/v2/tokens/me'", { kind: 'check', request: request({ op: 'GET /api/v2/tokens/me' }) }],
    ['org=acme "op=GET /api/v2/tokens/me"', { kind: 'check', request: request({ op: 'GET /api/v2/tokens/me' }) }],
    ['org=acme op=\u201cPUT /api/v2/x\u201d', { kind: 'check', request: request({ op: 'PUT /api/v2/x' }) }],
    ['org=acme op=\u2018GET /api/v2/x\u2019', { kind: 'check', request: request({ op: 'GET /api/v2/x' }) }],
    ['org=acme op="GET /api/v2/x?a=1&amp;b=2"', { kind: 'check', request: request({ op: 'GET /api/v2/x?a=1&b=2' }) }],
    ['org=acme op=$HOME', { kind: 'check', request: request({ op: '$HOME' }) }],
    ['org=acme op="GET /api/v2/$HOME"', { kind: 'check', request: request({ op: 'GET /api/v2/$HOME' }) }],
    ['org=acme op=*', { kind: 'check', request: request({ op: '*' }) }],
    [
      'org=demo scenario=wrong-division',
      { kind: 'check', request: { org: 'demo', scenario: 'wrong-division', fresh: false } },
    ],
    ['', { kind: 'help' }],
    ['   ', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['HELP', { kind: 'help' }],
    ['--help', { kind: 'help' }],
    ['-h', { kind: 'help' }],
    ['orgs', { kind: 'orgs' }],
    ['Orgs', { kind: 'orgs' }],
  ])('%j', (text, expected) => {
    expect(parseCommandText(text)).toEqual(expected);
  });
});

describe('parseCommandText: bad input', () => {
  it.each<[string, RegExp]>([
    [`client=${CLIENT}`, /org=<name> is required/],
    ['fresh', /org=<name> is required/],
    ['org=acme colour=blue', /unknown key "colour" \(keys: org, client, user, interaction, op, scenario, compare\)/],
    ['org=acme org=globex', /org is given twice/],
    ['org=acme ORG=globex', /org is given twice/],
    [`org=acme client=${CLIENT} client=${CLIENT}`, /client is given twice/],
    ['org=acme client=abc', /client must be a Genesys id/],
    [`org=acme user=${USER}x`, /user must be a Genesys id/],
    ['org=acme interaction=00000000-0000-0000-0000-00000000000g', /interaction must be a Genesys id/],
    ['org=acme client=', /client has no value/],
    ['org=', /org has no value/],
    ['org=acme hello', /"hello" is not key=value/],
    ['org=acme watching', /"watching" is not key=value \(keys: .*; flags: fresh, watch\)/],
    ['watch', /org=<name> is required/],
    ['org=acme help', /"help" is not key=value/],
    ['org=Acme_Corp', /org must be a configured org name/],
    ['org=-acme', /org must be a configured org name/],
    ['org=acme scenario=Bad_Name', /scenario must be a scenario name/],
    ['org=acme; rm -rf /', /unexpected ";"/],
    ['org=acme | cat', /unexpected "\|"/],
    ['org=acme && echo', /unexpected "&&"/],
    ['org=acme > out', /unexpected ">"/],
    ['org=acme &gt; out', /unexpected ">"/],
    ['org=acme op=$(whoami)', /unexpected "\("/],
    ['orgs please', /"orgs" is not key=value/],
    [`org=acme op=${'x'.repeat(301)}`, /.+/],
  ])('%j', (text, message) => {
    const parsed = parseCommandText(text);
    expect(parsed.kind).toBe('error');
    if (parsed.kind === 'error') expect(parsed.message).toMatch(message);
  });

  it('reports every problem at once', () => {
    const parsed = parseCommandText('org=acme colour=blue org=x nonsense');
    expect(parsed).toMatchObject({
      kind: 'error',
      message: expect.stringMatching(/colour.*org is given twice.*nonsense/),
    });
  });

  it('clips long junk in messages', () => {
    const parsed = parseCommandText(`org=acme ${'y'.repeat(100)}`);
    expect(parsed.kind === 'error' && parsed.message).toContain(`${'y'.repeat(40)}…`);
  });

  it('the usage line names every key', () => {
    for (const key of ['org=', 'client=', 'user=', 'interaction=', 'op=', 'fresh', 'watch', 'help', 'orgs'])
      expect(USAGE).toContain(key);
  });
});

describe('splitCommandText and normaliseCommandText', () => {
  it('undoes Slack curly quotes and HTML escapes', () => {
    expect(normaliseCommandText(' \u201ca\u201d \u2018b\u2019 &lt;x&gt; &amp; ')).toBe('"a" \'b\' <x> &');
  });
  it('keeps $NAME literal (nothing is expanded)', () => {
    expect(splitCommandText('a=$HOME b="$PATH"')).toEqual({ ok: true, words: ['a=$HOME', 'b=$PATH'] });
  });
  it('keeps globs as text', () => {
    expect(splitCommandText('op=/api/v2/*')).toEqual({ ok: true, words: ['op=/api/v2/*'] });
  });
  it('argv words (CLI) skip the splitting', () => {
    expect(parseCommandWords(['org=acme', 'op=GET /api/v2/tokens/me'])).toEqual({
      kind: 'check',
      request: request({ op: 'GET /api/v2/tokens/me' }),
    });
    expect(parseCommandWords([])).toEqual({ kind: 'help' });
  });
});

describe('formatRequest', () => {
  it.each<[CheckRequest, string]>([
    [request({}), 'org=acme'],
    [request({ fresh: true, client: CLIENT }), `org=acme client=${CLIENT} fresh`],
    [request({ watch: true }), 'org=acme watch'],
    [request({ fresh: true, watch: true, op: 'screen-recording' }), 'org=acme op=screen-recording fresh watch'],
    [request({ op: 'screen-recording' }), 'org=acme op=screen-recording'],
    [
      request({ op: 'GET /api/v2/conversations/{conversationId}/recordings' }),
      'org=acme op="GET /api/v2/conversations/{conversationId}/recordings"',
    ],
    [request({ op: 'GET /api/v2/x?a=1&b=2' }), 'org=acme op="GET /api/v2/x?a=1&b=2"'],
    [request({ op: 'GET /api/v2/`x`' }), "org=acme op='GET /api/v2/`x`'"],
    [request({ op: `it's "quoted"` }), `org=acme op='it'\\''s "quoted"'`],
  ])('%j → %s', (input, text) => {
    expect(formatRequest(input)).toBe(text);
    expect(parseCommandText(text)).toEqual({ kind: 'check', request: input });
  });
});

// ---------- properties ----------

const hex = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: n, maxLength: n });
const uuidArb = fc.tuple(hex(8), hex(4), hex(4), hex(4), hex(12)).map((parts) => parts.join('-'));
const orgArb = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,39}$/);
const scenarioArb = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,63}$/);
/** Characters people (and attackers) put in op values: shell metacharacters, quotes, spaces, unicode. */
const opChar = fc.oneof(
  fc.constantFrom(...'abcXYZ019/{}-_.:?=&;|<>()$`\\"\'#*!~ \t%+@,[]^'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
);
/**
 * Every op value the parser can itself produce: trimmed, non-empty, at most 300 characters, and without
 * what normalisation rewrites (curly quotes, &amp;/&lt;/&gt;) or newlines (one command is one line).
 */
const opArb = fc.oneof(
  fc.constantFrom(
    'screen-recording',
    'recordings-read',
    'GET /api/v2/conversations/{conversationId}/recordings',
    'PUT /api/v2/x?y=1&z=2',
  ),
  fc
    .array(opChar, { minLength: 1, maxLength: 60 })
    .map((chars) => chars.join('').trim())
    .filter((op) => op.length > 0 && op.length <= 300 && !/[\u2018-\u201f\r\n]|&(amp|lt|gt);/.test(op)),
);
const requestArb: fc.Arbitrary<CheckRequest> = fc.record(
  {
    org: orgArb,
    client: uuidArb,
    user: uuidArb,
    interaction: uuidArb,
    op: opArb,
    scenario: scenarioArb,
    fresh: fc.boolean(),
    // Absent or true: `watch: false` is written as no flag, and parses back as absent.
    watch: fc.constant(true),
  },
  { requiredKeys: ['org', 'fresh'] },
);

describe('properties', () => {
  it('formatRequest → parseCommandText gives the same request back', () => {
    fc.assert(
      fc.property(requestArb, (req) => {
        expect(parseCommandText(formatRequest(req))).toEqual({ kind: 'check', request: req });
      }),
      { numRuns: 2000 },
    );
  });

  it('any text never throws and always gives one of the command kinds', () => {
    const shellish = fc
      .array(
        fc.oneof(
          fc.constantFrom(...'org= op="\'\u201c\u201d;|&<>$()`\\#* \n\t'),
          fc.string({ unit: 'grapheme', maxLength: 3 }),
        ),
        { maxLength: 40 },
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'grapheme', maxLength: 200 }),
          fc.string({ unit: 'binary', maxLength: 200 }),
          shellish,
        ),
        (text) => {
          const parsed = parseCommandText(text);
          expect(['check', 'many', 'compare', 'help', 'orgs', 'error']).toContain(parsed.kind);
          if (parsed.kind === 'error') expect(parsed.message.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('a shell operator outside quotes is always refused', () => {
    fc.assert(
      fc.property(orgArb, fc.constantFrom(';', '|', '||', '&&', '&', '>', '<', '(', ')'), (org, operator) => {
        expect(parseCommandText(`org=${org} ${operator} x`).kind).toBe('error');
      }),
    );
  });
});

describe('parseCommandWords problems as data', () => {
  it('names the key each problem is about, so a form can show it by its field', () => {
    const parsed = parseCommandWords(['org=acme', 'client=not-a-uuid', 'interaction=', 'bogus']);
    expect(parsed.kind).toBe('error');
    if (parsed.kind !== 'error') return;
    expect(parsed.problems.map((p) => p.key)).toEqual(['interaction', undefined]);
    expect(parsed.message).toBe(parsed.problems.map((p) => p.message).join('; '));
    const client = parseCommandWords(['org=acme', 'client=not-a-uuid']);
    expect(client.kind === 'error' && client.problems.map((p) => p.key)).toEqual(['client']);
    const compare = parseCommandWords(['org=acme', 'client=09f08c5e-1262-478b-9a02-ada5263d5d40', 'compare=x']);
    expect(compare.kind === 'error' && compare.problems.map((p) => p.key)).toEqual(['compare']);
    const noOrg = parseCommandWords(['client=09f08c5e-1262-478b-9a02-ada5263d5d40']);
    expect(noOrg.kind === 'error' && noOrg.problems).toEqual([{ key: 'org', message: 'org=<name> is required' }]);
  });
});
