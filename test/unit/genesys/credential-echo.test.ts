/**
 * Issue 14 item 1: a login host or proxy that quotes the Authorization header (or the credentials in any
 * other form) in its error body must not get them into a GenesysError. Each form the credentials can take is
 * echoed on its own, at login and on an API call, and the error must carry none of them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { createGenesysClient, type GenesysClient } from '../../../src/genesys/client';
import { maskCredentials, credentialForms } from '../../../src/genesys/redact';
import { Secret } from '../../../src/config/secret';
import { CLIENT_ID, CLIENT_SECRET, FakeGenesys, type RecordedRequest } from './fake-genesys';

let fake: FakeGenesys;
const clients: GenesysClient[] = [];

function makeClient(): { client: GenesysClient; logLines: string[] } {
  const logLines: string[] = [];
  const client = createGenesysClient({
    apiBaseUrl: fake.baseUrl,
    loginBaseUrl: fake.baseUrl,
    credentials: { clientId: CLIENT_ID, clientSecret: new Secret(CLIENT_SECRET) },
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
