import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { undiciFetch } from '../../../src/slack/undici-fetch';

interface Seen {
  method: string;
  url: string;
  contentType: string | undefined;
  body: string;
}

let server: Server;
let base: string;
const seen: Seen[] = [];
/** Lets the slow route finish when its test is done, so the server can close. */
const pending = new Set<ServerResponse>();

function route(req: IncomingMessage, res: ServerResponse, body: string): void {
  seen.push({ method: req.method ?? '', url: req.url ?? '', contentType: req.headers['content-type'], body });
  if (req.url === '/json') {
    res.setHeader('content-type', 'application/json');
    res.setHeader('retry-after', '3');
    res.statusCode = 429;
    res.end('{"ok":false,"error":"ratelimited"}');
  } else if (req.url === '/empty') {
    res.statusCode = 204;
    res.end();
  } else if (req.url === '/moved') {
    res.statusCode = 302;
    res.setHeader('location', '/json');
    res.end();
  } else if (req.url === '/slow') {
    pending.add(res);
  } else {
    res.statusCode = 200;
    res.end(`echo ${body}`);
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => route(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of pending) res.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** What a caller can read of a Response. */
async function readable(response: Response) {
  return {
    status: response.status,
    ok: response.ok,
    statusText: response.statusText,
    contentType: response.headers.get('content-type'),
    retryAfter: response.headers.get('retry-after'),
    text: await response.text(),
  };
}

describe('undiciFetch answers as the global fetch does', () => {
  it('a JSON post: same status, headers and body as fetch, and the body arrives unchanged', async () => {
    const init = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"text":"héllo"}' };
    const ours = await readable(await undiciFetch(`${base}/json`, init));
    const theirs = await readable(await fetch(`${base}/json`, init));
    expect(ours).toEqual(theirs);
    expect(ours.status).toBe(429);
    expect(ours.retryAfter).toBe('3');
    expect(seen.filter((s) => s.url === '/json').map((s) => s.body)).toEqual(['{"text":"héllo"}', '{"text":"héllo"}']);
  });

  it("a body without a Content-Type gets fetch's default for strings and URLSearchParams", async () => {
    const before = seen.length;
    await undiciFetch(`${base}/echo`, { method: 'POST', body: 'plain' });
    await fetch(`${base}/echo`, { method: 'POST', body: 'plain' });
    await undiciFetch(`${base}/echo`, { method: 'POST', body: new URLSearchParams({ a: '1 2' }) });
    await fetch(`${base}/echo`, { method: 'POST', body: new URLSearchParams({ a: '1 2' }) });
    expect(seen.slice(before).map((s) => [s.contentType, s.body])).toEqual([
      ['text/plain;charset=UTF-8', 'plain'],
      ['text/plain;charset=UTF-8', 'plain'],
      ['application/x-www-form-urlencoded;charset=UTF-8', 'a=1+2'],
      ['application/x-www-form-urlencoded;charset=UTF-8', 'a=1+2'],
    ]);
  });

  it('a 204 answers with no body, as fetch does', async () => {
    const ours = await readable(await undiciFetch(`${base}/empty`, { method: 'POST', body: 'x' }));
    expect(ours).toEqual(await readable(await fetch(`${base}/empty`, { method: 'POST', body: 'x' })));
    expect(ours.text).toBe('');
  });

  it("redirect 'error' (the WebClient's) rejects on a redirect; the default follows it", async () => {
    await expect(undiciFetch(`${base}/moved`, { redirect: 'error' })).rejects.toThrow(TypeError);
    await expect(fetch(`${base}/moved`, { redirect: 'error' })).rejects.toThrow(TypeError);
    const followed = await undiciFetch(`${base}/moved`);
    expect(followed.status).toBe(429);
  });

  it('a refused connection rejects with TypeError("fetch failed") whose cause has the code', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const failure = await undiciFetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: 'x' }).catch((e) => e);
    expect(failure).toBeInstanceOf(TypeError);
    expect(failure.message).toBe('fetch failed');
    expect(failure.cause.code).toBe('ECONNREFUSED');
  });

  it("an aborted call rejects with the signal's reason, as fetch does", async () => {
    const controller = new AbortController();
    const call = undiciFetch(`${base}/slow`, { method: 'POST', body: 'x', signal: controller.signal });
    const reason = new Error('gave up');
    setImmediate(() => controller.abort(reason));
    await expect(call).rejects.toBe(reason);
  });

  it('a body it does not send itself (FormData) goes to the global fetch, unchanged', async () => {
    const form = new FormData();
    form.append('file', new Blob(['bytes']), 'a.txt');
    const answer = await undiciFetch(`${base}/echo`, { method: 'POST', body: form });
    expect(answer.status).toBe(200);
    const sent = seen.filter((s) => s.url === '/echo' && s.body.includes('bytes'));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.contentType).toMatch(/^multipart\/form-data; boundary=/);
  });
});
