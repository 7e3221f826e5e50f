/**
 * The HTTP exchange under the Genesys client (src/genesys/http.ts, on node:http): what axios gave the client before,
 * answer for answer. Against real loopback servers, so Node's own parsing, pooling and errors are what is tested.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { transportError } from '../../../src/genesys/errors';
import { sendHttp, type HttpRequest } from '../../../src/genesys/http';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  socketPort: number;
}

const servers: Server[] = [];

async function serve(
  answer: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ base: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      socketPort: req.socket.remotePort ?? 0,
    });
    answer(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

/** Answers every request with these bytes and headers. */
function bytes(status: number, body: Buffer | string, headers: Record<string, string | string[]> = {}) {
  return (_: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, headers);
    res.end(body);
  };
}

function get(url: string, more: Partial<HttpRequest> = {}) {
  return sendHttp({ method: 'GET', url, headers: {}, timeoutMs: 5_000, ...more });
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe('answers', () => {
  it('gives every status as a value, and follows no redirect (the bearer token stays with the host it was for)', async () => {
    const elsewhere = await serve(bytes(200, '{}'));
    const genesys = await serve(bytes(302, '', { location: `${elsewhere.base}/stolen` }));
    const answer = await get(`${genesys.base}/api/v2/x`, { headers: { Authorization: 'Bearer simtok_abc' } });
    expect(answer).toMatchObject({ status: 302, headers: { location: `${elsewhere.base}/stolen` }, data: '' });
    expect(elsewhere.seen).toEqual([]);
    const { base } = await serve(bytes(503, '<html>busy</html>'));
    expect(await get(base)).toMatchObject({ status: 503, data: '<html>busy</html>' });
  });

  it('decodes a body as axios did: JSON when it is JSON (a byte-order mark dropped), else its text, empty as ""', async () => {
    const cases: [Buffer | string, unknown][] = [
      ['{"a":[1,"é"]}', { a: [1, 'é'] }],
      [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]), { a: 1 }],
      ['"text"', 'text'],
      ['not json', 'not json'],
      ['', ''],
    ];
    for (const [body, data] of cases) {
      const { base } = await serve(bytes(200, body, { 'content-type': 'application/json' }));
      expect((await get(base)).data).toEqual(data);
    }
  });

  it('keeps the bytes received when raw, an empty body too', async () => {
    const body = Buffer.from('{"entities":[]}');
    const { base } = await serve(bytes(200, body));
    const raw = await get(base, { raw: true });
    expect(Buffer.isBuffer(raw.data) && raw.data.equals(body)).toBe(true);
    const empty = await get((await serve(bytes(200, ''))).base, { raw: true });
    expect(Buffer.isBuffer(empty.data) && empty.data.length).toBe(0);
  });

  it('decompresses gzip, deflate (zlib or raw) and br, and drops content-encoding, as axios did', async () => {
    const json = JSON.stringify({ entities: Array.from({ length: 50 }, (_, i) => ({ id: `p${i}` })) });
    for (const [encoding, packed] of [
      ['gzip', gzipSync(json)],
      ['deflate', deflateSync(json)],
      ['deflate', deflateRawSync(json)],
      ['br', brotliCompressSync(json)],
    ] as const) {
      const { base } = await serve(bytes(200, packed, { 'content-encoding': encoding }));
      const answer = await get(base);
      expect(answer.data).toEqual(JSON.parse(json));
      expect(answer.headers['content-encoding']).toBeUndefined();
      const raw = await get(base, { raw: true });
      expect(Buffer.isBuffer(raw.data) && raw.data.toString()).toBe(json);
    }
  });

  it("gives headers with lower-case names and Node's rules for repeated ones", async () => {
    const { base } = await serve((_, res) => {
      res.setHeader('ININ-Correlation-Id', 'corr-1');
      res.setHeader('Retry-After', ['3', '9']);
      res.setHeader('X-Many', ['a', 'b']);
      res.setHeader('Set-Cookie', 'one=1');
      res.end();
    });
    const { headers } = await get(base);
    expect(headers).toMatchObject({
      'inin-correlation-id': 'corr-1',
      'retry-after': '3',
      'x-many': 'a, b',
      'set-cookie': ['one=1'],
    });
  });
});

describe('requests', () => {
  it('asks for JSON, sends objects as JSON and strings as they are', async () => {
    const { base, seen } = await serve(bytes(200, '{}'));
    await sendHttp({
      method: 'POST',
      url: `${base}/api/v2/x?pageSize=100`,
      headers: { 'Content-Type': 'application/json' },
      body: { name: 'é', list: [1] },
      timeoutMs: 5_000,
    });
    await sendHttp({
      method: 'POST',
      url: `${base}/oauth/token`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
      timeoutMs: 5_000,
    });
    await sendHttp({ method: 'DELETE', url: `${base}/api/v2/tokens/me`, headers: {}, timeoutMs: 5_000 });
    expect(seen.map((s) => [s.method, s.url, s.headers['content-type'], s.body])).toEqual([
      ['POST', '/api/v2/x?pageSize=100', 'application/json', '{"name":"é","list":[1]}'],
      ['POST', '/oauth/token', 'application/x-www-form-urlencoded', 'grant_type=client_credentials'],
      ['DELETE', '/api/v2/tokens/me', undefined, ''],
    ]);
    for (const s of seen) {
      expect(s.headers.accept).toBe('application/json');
      expect(s.headers['accept-encoding']).toBe('gzip, compress, deflate, br');
    }
  });

  it('reuses kept-alive sockets for the next requests to the same host', async () => {
    const { base, seen } = await serve(bytes(200, '{}'));
    for (let i = 0; i < 6; i++) await get(base);
    expect(seen).toHaveLength(6);
    // One socket, or two when the agent has not yet seen the first free again as the next request is sent.
    expect(new Set(seen.map((s) => s.socketPort)).size).toBeLessThanOrEqual(2);
  });
});

describe('failures', () => {
  it('times out the whole exchange, a body that keeps trickling in too', async () => {
    const { base } = await serve((_, res) => {
      // Headers at once, then a byte every 20 ms: no idle gap as long as the timeout, never the whole body.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      const drip = setInterval(() => (res.destroyed ? clearInterval(drip) : res.write(' ')), 20);
    });
    const thrown = await get(base, { timeoutMs: 200 }).catch((error: unknown) => error);
    expect(transportError(thrown, 'GET /x', 200)).toEqual({
      kind: 'timeout',
      code: 'ECONNABORTED',
      message: 'no answer within 200 ms',
      operation: 'GET /x',
    });
  });

  it('rejects a refused connection and a socket closed mid-answer as network errors', async () => {
    const refused = await serve(bytes(200, '{}'));
    const closedUrl = refused.base;
    const server = servers.pop()!;
    await new Promise((resolve) => server.close(resolve));
    expect(transportError(await get(closedUrl).catch((e: unknown) => e), 'GET /x', 50)).toMatchObject({
      kind: 'network',
      code: 'ECONNREFUSED',
    });
    const { base } = await serve((_, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"half":');
      setTimeout(() => res.socket?.destroy(), 10);
    });
    const cut = transportError(await get(base).catch((e: unknown) => e), 'GET /x', 50);
    expect(cut.kind).toBe('network');
    expect(['UND_ERR_SOCKET', 'ECONNRESET']).toContain(cut.code);
  });
});
