/**
 * A tiny scriptable stand-in for the Genesys login and API hosts, for the client's unit tests only
 * (the full simulator lives in src/sim). Listens on 127.0.0.1, port chosen by the OS. It issues
 * `simtok_...` tokens for the one configured client, answers 401 for unknown or revoked tokens, and
 * serves whatever each test scripts with `on(...)`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

export interface RecordedRequest {
  method: string;
  /** Path without query. */
  path: string;
  /** Path with query. */
  url: string;
  authorization?: string;
  contentType?: string;
  body: string;
}

export interface Reply {
  status: number;
  /** Sent as JSON unless a string (sent as is). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait this long before answering (to trigger client timeouts). */
  delayMs?: number;
}

export type Handler = (request: RecordedRequest, index: number) => Reply | Promise<Reply>;

export const CLIENT_ID = 'client-1';
export const CLIENT_SECRET = 'secret-LEAKCANARY-1';

export class FakeGenesys {
  readonly requests: RecordedRequest[] = [];
  readonly issuedTokens: string[] = [];
  readonly revokedTokens = new Set<string>();
  /** `expires_in` of issued tokens. */
  tokenLifetimeSeconds = 3600;
  /** Replaces the default login behaviour when set. */
  loginHandler: Handler | undefined;
  private readonly routes: { method: string; path: string | RegExp; handler: Handler; hits: number }[] = [];
  private server!: Server;
  baseUrl = '';

  static async start(): Promise<FakeGenesys> {
    const fake = new FakeGenesys();
    fake.server = createServer((req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.baseUrl = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  on(method: string, path: string | RegExp, handler: Handler | Reply): this {
    this.routes.push({ method, path, handler: typeof handler === 'function' ? handler : () => handler, hits: 0 });
    return this;
  }

  /** Requests for `path` (exact, without query) or matching a RegExp. */
  hits(method: string, path: string | RegExp): RecordedRequest[] {
    return this.requests.filter(
      (r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)),
    );
  }

  get tokenRequests(): RecordedRequest[] {
    return this.hits('POST', '/oauth/token');
  }

  get apiRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path.startsWith('/api/'));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = req.url ?? '/';
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.split('?')[0] ?? url,
      url,
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
      body: Buffer.concat(chunks).toString('utf8'),
    };
    this.requests.push(recorded);
    const reply = await this.reply(recorded);
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    if (res.destroyed) return;
    const text =
      reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      ...(typeof reply.body === 'string' || reply.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...reply.headers,
    });
    res.end(text);
  }

  private async reply(request: RecordedRequest): Promise<Reply> {
    if (request.method === 'POST' && request.path === '/oauth/token') {
      if (this.loginHandler) return this.loginHandler(request, this.tokenRequests.length - 1);
      return this.login(request);
    }
    const token = /^Bearer (.+)$/.exec(request.authorization ?? '')?.[1];
    if (!token || !this.issuedTokens.includes(token) || this.revokedTokens.has(token)) {
      return {
        status: 401,
        body: { code: 'authentication.required', status: 401, message: 'Authentication required' },
      };
    }
    if (
      request.method === 'DELETE' &&
      request.path === '/api/v2/tokens/me' &&
      !this.routes.some((r) => r.path === '/api/v2/tokens/me' && r.method === 'DELETE')
    ) {
      this.revokedTokens.add(token);
      return { status: 204 };
    }
    const route = this.routes.find(
      (r) =>
        r.method === request.method &&
        (typeof r.path === 'string' ? r.path === request.path : r.path.test(request.path)),
    );
    if (!route)
      return {
        status: 404,
        body: { code: 'not.found', status: 404, message: 'The requested resource was not found.' },
      };
    return route.handler(request, route.hits++);
  }

  private login(request: RecordedRequest): Reply {
    const expected = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;
    if (request.authorization !== expected) {
      return { status: 401, body: { error: 'invalid_client', description: 'client not found' } };
    }
    if (
      request.contentType !== 'application/x-www-form-urlencoded' ||
      request.body !== 'grant_type=client_credentials'
    ) {
      return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'grant type not supported' } };
    }
    const token = `simtok_${randomBytes(12).toString('hex')}`;
    this.issuedTokens.push(token);
    return { status: 200, body: { access_token: token, token_type: 'bearer', expires_in: this.tokenLifetimeSeconds } };
  }
}
