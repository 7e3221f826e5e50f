/**
 * Issue 14 item 1: a login host or proxy that quotes the Authorization header (or the credentials in any
 * other form) in its error body must not get them into a GenesysError. Each form the credentials can take is
 * echoed on its own, at login and on an API call, and the error must carry none of them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { createGenesysClient, type GenesysClient } from '../../../src/genesys/client';
import { maskCredentials, credentialForms, safeCorrelationId } from '../../../src/genesys/redact';
import { Secret } from '../../../src/config/secret';
import { CLIENT_ID, CLIENT_SECRET, FakeGenesys, type RecordedRequest } from './fake-genesys';

let fake: FakeGenesys;
const clients: GenesysClient[] = [];

function makeClient(secret = CLIENT_SECRET): { client: GenesysClient; logLines: string[] } {
  const logLines: string[] = [];
  const client = createGenesysClient({
    apiBaseUrl: fake.baseUrl,
    loginBaseUrl: fake.baseUrl,
    credentials: { clientId: CLIENT_ID, clientSecret: new Secret(secret) },
    logger: pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) }),
    retry: { retries: 0 },
  });
  clients.push(client);
  return { client, logLines };
}

beforeEach(async () => {
  fake = await FakeGenesys.start();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await fake.close();
});

const basic = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64');

/** Every way the client's own credentials could come back: none of these may survive. */
function forbidden(token?: string): string[] {
  return [
    CLIENT_SECRET,
    basic,
    basic.replace(/=+$/, ''),
    Buffer.from(CLIENT_SECRET).toString('base64'),
    encodeURIComponent(`${CLIENT_ID}:${CLIENT_SECRET}`),
    'LEAKCANARY',
    ...(token ? [token] : []),
  ];
}

/** The ways a login host or proxy quotes what it was sent. */
const loginEchoes: Array<[string, (request: RecordedRequest) => unknown]> = [
  [
    'the whole header in an OAuth error',
    (r) => ({ error: 'invalid_request', error_description: `Authorization: ${r.authorization} rejected` }),
  ],
  [
    'the header value in a platform error',
    (r) => ({
      code: 'bad.request',
      status: 400,
      message: `bad header ${r.authorization}`,
      messageParams: { header: r.authorization },
    }),
  ],
  [
    'the base64 without its prefix',
    (r) => ({ error: 'invalid_client', description: `credentials ${r.authorization?.slice(6)} unknown` }),
  ],
  [
    'the decoded id:secret',
    () => ({ error: 'invalid_client', description: `client ${CLIENT_ID}:${CLIENT_SECRET} unknown` }),
  ],
  [
    'the URL-encoded secret in a form echo',
    () => ({
      error: 'invalid_request',
      description: `body client_id=${CLIENT_ID}&client_secret=${encodeURIComponent(CLIENT_SECRET)}`,
    }),
  ],
  [
    'a lower-case basic header in the correlation id',
    (r) => ({ code: 'x', message: 'refused', contextId: `ctx ${r.authorization?.replace('Basic', 'basic')}` }),
  ],
];

describe('credentials echoed by the login host', () => {
  for (const [name, body] of loginEchoes) {
    it(`never reach the error: ${name}`, async () => {
      fake.loginHandler = (request) => ({ status: 400, body: body(request) });
      const { client, logLines } = makeClient();
      const result = await client.ensureToken();
      expect(result.ok).toBe(false);
      const text = JSON.stringify(result) + logLines.join('\n');
      for (const form of forbidden()) expect(text).not.toContain(form);
      expect(text).toContain('[redacted]');
    });
  }
});

describe('credentials echoed by an API call', () => {
  it('neither the bearer token (with or without its prefix) nor the secret reach the error', async () => {
    fake.on('GET', '/api/v2/authorization/divisions/home', (request) => {
      const token = request.authorization!.replace(/^Bearer /, '');
      return {
        status: 502,
        body: {
          code: 'bad.gateway',
          message: `upstream refused: authorization=${request.authorization}; token ${token}; access_token: "${token}"`,
          messageParams: { raw: token, nested: [{ header: request.authorization }] },
        },
      };
    });
    const { client } = makeClient();
    const result = await client.getHomeDivision();
    expect(result.ok).toBe(false);
    const text = JSON.stringify(result);
    for (const form of forbidden(fake.issuedTokens[0])) expect(text).not.toContain(form);
    expect(text).not.toMatch(/simtok_/);
  });
});

describe('maskCredentials', () => {
  const forms = credentialForms({ clientId: 'id-1', secret: 's3cr3t+/ value', tokens: ['tok-ABCDEFGH1234'] });

  it('masks Basic and Bearer values whatever they carry', () => {
    expect(maskCredentials('Authorization: Basic Zm9vOmJhcg==', [])).toBe('Authorization: Basic [redacted]');
    expect(maskCredentials('got bearer abc.def-ghi_jkl and more', [])).toBe('got bearer [redacted] and more');
  });

  it('masks the known secret in its raw, base64 and URL-encoded forms', () => {
    const b64 = Buffer.from('id-1:s3cr3t+/ value').toString('base64');
    for (const raw of [
      's3cr3t+/ value',
      b64,
      encodeURIComponent('s3cr3t+/ value'),
      new URLSearchParams({ a: 's3cr3t+/ value' }).toString().slice(2),
      'tok-ABCDEFGH1234',
    ]) {
      expect(maskCredentials(`x ${raw} y`, forms)).toBe('x [redacted] y');
    }
  });

  it('masks values of credential-named keys and JWT-shaped tokens without a prefix', () => {
    expect(maskCredentials('client_secret=abc123&grant_type=client_credentials', [])).toBe(
      'client_secret=[redacted]&grant_type=client_credentials',
    );
    expect(maskCredentials('{"access_token":"opaque-value-1"}', [])).toBe('{"access_token":"[redacted]"}');
    expect(maskCredentials('token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl end', [])).toBe(
      'token [redacted] end',
    );
  });

  it('leaves what support needs alone: permissions, ids, correlation ids, ordinary words', () => {
    const text =
      'You are missing the following permission(s): [recording:screenRecording:view, authorization:role:view, oauth:token:delete, authorization:grant:add] for 3f1c0a52-8d2e-4c1b-9a57-0e5d3b7c9f21 (contextId 7c1d2e3f-0000-4000-8000-000000000001); tokens are refused';
    expect(maskCredentials(text, forms)).toBe(text);
  });
});

/**
 * Every character the encoders disagree on: RFC 3986 sub-delims (`*!'()`), `~`, the form encoding's `+` and
 * space, `/`, `=`, a non-ASCII letter (two UTF-8 bytes); `?>` so that the base64 of `id:secret` holds `+`, `/`
 * or padding whichever the client id (which percent-encoding then changes).
 */
const ODD_SECRET = "LEAKCANARY*x!y'(z)~a+b/c d=é?>";

/** Percent-encodes every byte outside `keep` (Python's quote, PHP's rawurlencode), hex in the case asked. */
function percent(text: string, hex: 'upper' | 'lower', keep = /[A-Za-z0-9_.~-]/): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) => {
      const char = String.fromCharCode(byte);
      if (byte < 0x80 && keep.test(char)) return char;
      const code = `%${byte.toString(16).padStart(2, '0')}`;
      return hex === 'upper' ? code.toUpperCase() : code;
    })
    .join('');
}

/** Form encoding as some servers write it: `+` for a space, lower-case hex for the rest. */
const formLower = (text: string) => percent(text, 'lower', /[A-Za-z0-9_.~ -]/).replace(/ /g, '+');
/** HTML character references, decimal, hexadecimal and named, as an HTML error page quotes text. */
const htmlEscaped = (text: string) =>
  text.replace(/'/g, '&#39;').replace(/\(/g, '&#x28;').replace(/\)/g, '&rpar;').replace(/\+/g, '&plus;');
/** JSON/JavaScript `\u` escapes (a body that quotes JSON inside a string). */
const unicodeEscaped = (text: string) =>
  text.replace(/['()/é]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const base64Variants = (text: string) => {
  const standard = base64(text);
  const url = standard.replace(/\+/g, '-').replace(/\//g, '_');
  return [standard, standard.replace(/=+$/, ''), url, url.replace(/=+$/, '')];
};
/** Base64 wrapped in lines, as MIME (76 columns) and some loggers (here 16, so the value spans lines) do. */
const wrapped = (text: string, eol: string) => (text.match(/.{1,16}/g) ?? []).join(eol);

describe('maskCredentials: every encoding of a known credential', () => {
  const clientId = 'id-1';
  /** Its base64 has `+`, `/` and padding, so the standard and URL-safe, padded and unpadded forms all differ. */
  const token = 'tok~>>?ABCDEFGH1234';
  const forms = credentialForms({ clientId, secret: ODD_SECRET, tokens: [token] });
  const pair = `${clientId}:${ODD_SECRET}`;

  const cases: Array<[string, string]> = [
    ['the secret, strict RFC 3986 percent-encoding (%2A %21 %27 %28 %29)', percent(ODD_SECRET, 'upper')],
    ['the secret, percent-encoded with lower-case hex (%2a %2b %2f)', percent(ODD_SECRET, 'lower')],
    ['the secret, every byte percent-encoded', percent(ODD_SECRET, 'upper', /$^/)],
    ['the secret, form-encoded with + for a space and lower-case hex', formLower(ODD_SECRET)],
    ['the secret, as HTML character references', htmlEscaped(ODD_SECRET)],
    ['the secret, with JSON \\u escapes', unicodeEscaped(ODD_SECRET)],
    ['id:secret, strict percent-encoding', percent(pair, 'upper')],
    ['id:secret, form-encoded', formLower(pair)],
    ['the Basic value wrapped over CRLF lines', wrapped(base64(pair), '\r\n')],
    ['the Basic value wrapped over indented lines', wrapped(base64(pair), '\n  ')],
    ['the Basic value, percent-encoded (%2B %2F %3D)', encodeURIComponent(base64(pair))],
    ['the Basic value, percent-encoded in lower case', percent(base64(pair), 'lower')],
    ['the token, percent-encoded in lower case', percent(token, 'lower')],
    ...base64Variants(token).map((form): [string, string] => [`the token in base64 (${form})`, form]),
    ...base64Variants(ODD_SECRET).map((form): [string, string] => [`the secret in base64 (${form})`, form]),
  ];

  it.each(cases)('masks %s', (_, form) => {
    expect(maskCredentials(`x ${form} y`, forms)).toBe('x [redacted] y');
  });

  it('leaves encoded text that is not a credential alone', () => {
    const text = 'GET /api/v2/users/a%20b?q=x+y&amp;z=%2A (&#39;quoted&#39;) dG9rLUFCQ0RFRkdIMTIzNA== \\u0041';
    expect(maskCredentials(text, forms)).toBe(text);
  });

  it('takes time linear in the text, even for a secret and text built to make a matcher backtrack', () => {
    const nasty = '%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25%25x';
    const nastyForms = credentialForms({ secret: nasty, tokens: ['&amp;&amp;&amp;&amp;&amp;&amp;&amp;&amp;y'] });
    const textOf = (n: number) => `${'%2525'.repeat(n)}${'&amp;amp;'.repeat(n)}${'%'.repeat(n)}`;
    // Growth, not absolute time: four times the text takes about four times as long when linear, sixteen when
    // quadratic. The fastest of three runs each keeps a busy machine's noise out of the ratio.
    const fastest = (text: string) => {
      let best = Infinity;
      for (let run = 0; run < 3; run++) {
        const started = performance.now();
        expect(maskCredentials(text, nastyForms)).toBe(text);
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    const small = fastest(textOf(10_000));
    const large = fastest(textOf(40_000));
    expect(large / Math.max(small, 0.5)).toBeLessThan(10);
  });
});

describe('credentials echoed in other encodings, through the client', () => {
  const pair = `${CLIENT_ID}:${ODD_SECRET}`;
  const loginEchoes: Array<[string, (request: RecordedRequest) => string]> = [
    ['strict RFC 3986 percent-encoding', () => percent(ODD_SECRET, 'upper')],
    ['lower-case percent-encoding', () => percent(ODD_SECRET, 'lower')],
    ['form encoding with lower-case hex', () => formLower(pair)],
    ['HTML character references', () => htmlEscaped(ODD_SECRET)],
    ['the Basic value wrapped over lines', (r) => wrapped(r.authorization?.slice(6) ?? '', '\r\n')],
    ['the Basic value percent-encoded', (r) => percent(r.authorization?.slice(6) ?? '', 'lower')],
  ];

  for (const [name, echo] of loginEchoes) {
    it(`never reach the error: a login host quoting ${name}`, async () => {
      let echoed = '';
      fake.loginHandler = (request) => {
        echoed = echo(request);
        return { status: 401, body: { error: 'invalid_client', error_description: `bad client ${echoed}` } };
      };
      const { client, logLines } = makeClient(ODD_SECRET);
      const result = await client.ensureToken();
      expect(result.ok).toBe(false);
      const text = JSON.stringify(result) + logLines.join('\n');
      expect(echoed.length).toBeGreaterThan(20);
      // Not the echo, nor any line of it (a wrapped value must not survive in pieces).
      for (const piece of [echoed, ...echoed.split(/\s+/).filter((line) => line.length >= 8)])
        expect(text).not.toContain(piece);
      expect(text).not.toContain('LEAKCANARY');
      expect(text).toContain('[redacted]');
    });
  }

  it('an API error quoting the bearer token in base64 (standard, URL-safe, padded or not) never reaches the error', async () => {
    fake.on('GET', '/api/v2/authorization/divisions/home', (request) => {
      const token = request.authorization!.replace(/^Bearer /, '');
      return {
        status: 403,
        body: { code: 'not.authorized', message: `token ${base64Variants(token).join(' | ')} refused` },
      };
    });
    const { client } = makeClient();
    const result = await client.getHomeDivision();
    expect(result.ok).toBe(false);
    const text = JSON.stringify(result);
    for (const form of base64Variants(fake.issuedTokens[0]!)) expect(text).not.toContain(form);
    expect(text).toContain('token [redacted] | [redacted] | [redacted] | [redacted] refused');
  });
});

describe('the correlation id of a 2xx answer', () => {
  const answerWith = async (correlation: (token: string) => string) => {
    fake.on('GET', '/api/v2/users/me', (request) => ({
      status: 200,
      body: { id: 'u-1' },
      headers: { 'ININ-Correlation-Id': correlation(request.authorization!.replace(/^Bearer /, '')) },
    }));
    const { client } = makeClient();
    const answer = await client.request('GET', '/api/v2/users/me', { once: true });
    expect(answer).toMatchObject({ ok: true, status: 200 });
    return { answer, token: fake.issuedTokens[0]! };
  };

  it.each<[string, (token: string) => string]>([
    ['the bearer token', (token) => token],
    ['the whole Authorization header', (token) => `Bearer ${token}`],
    ['the bearer token in base64', (token) => base64(token)],
    ['the secret', () => CLIENT_SECRET],
  ])('is dropped when it quotes %s', async (_, correlation) => {
    const { answer, token } = await answerWith(correlation);
    expect(answer).not.toHaveProperty('contextId');
    const text = JSON.stringify(answer);
    for (const form of [token, base64(token), CLIENT_SECRET]) expect(text).not.toContain(form);
  });

  it.each([
    ['markup', '<b>7c1d2e3f</b>'],
    ['too long to be a correlation id', 'a'.repeat(200)],
    ['spaces', 'not a correlation id'],
  ])('is dropped when it holds %s', async (_, value) => {
    const { answer } = await answerWith(() => value);
    expect(answer).not.toHaveProperty('contextId');
  });

  it('is kept when it is a correlation id', async () => {
    const { answer } = await answerWith(() => '7c1d2e3f-0000-4000-8000-000000000001');
    expect(answer).toMatchObject({ contextId: '7c1d2e3f-0000-4000-8000-000000000001' });
  });
});

describe('safeCorrelationId', () => {
  const forms = credentialForms({ clientId: 'id-1', secret: ODD_SECRET, tokens: ['tok-ABCDEFGH1234'] });

  it('keeps ids of letters, digits and dashes, and nothing else', () => {
    expect(safeCorrelationId('7c1d2e3f-0000-4000-8000-000000000001', forms)).toBe(
      '7c1d2e3f-0000-4000-8000-000000000001',
    );
    expect(safeCorrelationId('corr-42', forms)).toBe('corr-42');
    for (const value of [undefined, '', 'tok-ABCDEFGH1234', 'Bearer tok-ABCDEFGH1234', 'x'.repeat(65), 'a_b', 'a b'])
      expect(safeCorrelationId(value, forms)).toBeUndefined();
  });
});
