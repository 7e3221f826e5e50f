/**
 * The simulated Genesys Cloud: two listeners (API host and login host, like api.{env} and login.{env}),
 * answering for the org of a scenario. Every /api/v2 request goes through the same gate as the real
 * service: bearer token → rate limit → catalog operation → scope (user-context tokens) → permissions.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { loadCatalog, type Operation } from '../catalog/catalog';
import { requiredScope } from '../catalog/scopes';
import { authorize, type Decision } from './authorize';
import { ENDPOINTS, READ_ONLY_POSTS } from './endpoints';
import { takeFaults } from './faults';
import { errorBody, json, loginError, notFound, writeResponse, type SimResponse } from './respond';
import {
  scenarioSchemas,
  loadScenario,
  parseScenario,
  USER_CONTEXT_GRANT_TYPES,
  conversationDivisionIds,
  type Fault,
  type RateLimit,
  type Scenario,
  type ScenarioInput,
} from './scenario';
import { buildState, issueToken, type SimState, type SimToken } from './state';
import { delayClientChanges, type DelayedPropagation } from './propagation';

export interface StartSimulatorOptions {
  /** A scenario object, a shipped scenario name (`healthy`), or a scenario file path. */
  scenario: ScenarioInput | Scenario | string;
  host?: string;
  /** API port; 0 or absent = chosen by the OS. */
  port?: number;
  /** Login port; absent = port + 1 when `port` is given, else chosen by the OS. */
  loginPort?: number;
  /** Added to every request, login included. */
  latencyMs?: number;
  now?: () => number;
  /** Per token; default from the scenario, else 300 requests per 60 seconds. */
  rateLimit?: RateLimit;
}

export interface ServedRequest {
  method: string;
  path: string;
  template?: string;
  /** 0 when the request was never answered (timeout fault). */
  status: number;
  clientId?: string;
  userId?: string;
}

export interface RecordedWrite {
  method: string;
  path: string;
  body?: unknown;
}

export interface RunningSimulator {
  apiBaseUrl: string;
  loginBaseUrl: string;
  scenario: Scenario;
  state: SimState;
  requests: ServedRequest[];
  writes: RecordedWrite[];
  /** With `propagationDelaySeconds`: the client changes written but not yet in effect. */
  propagation?: DelayedPropagation;
  addFault(fault: Fault): void;
  clearFaults(): void;
  /** A user-context token (the client's grant type must be CODE, TOKEN or SAML2BEARER). */
  mintUserToken(clientId: string, userId: string): string;
  close(): Promise<void>;
}

/** A held (timeout-fault) request is dropped after this long, or at close(). */
const TIMEOUT_HOLD_MS = 30_000;
const MAX_BODY_BYTES = 1024 * 1024;
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface Outcome {
  answer: SimResponse;
  token?: SimToken;
  /** The operation's handler ran and succeeded (for `writes`). */
  handled?: boolean;
  parsedBody?: unknown;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function bearer(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

/** The client id of a login's Basic credentials (never the secret). */
function basicClientId(req: IncomingMessage): string | undefined {
  const basic = /^Basic\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!basic) return undefined;
  const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(0, colon);
}

function pathParams(template: string, path: string): Record<string, string> {
  const names = template.split('/').filter(Boolean);
  const values = path.split('/').filter(Boolean);
  const params: Record<string, string> = {};
  names.forEach((segment, i) => {
    if (segment.startsWith('{') && segment.endsWith('}')) {
      const value = values[i] ?? '';
      let decoded = value;
      try {
        decoded = decodeURIComponent(value);
      } catch {
        // keep the raw segment; a lookup with it simply finds nothing
      }
      params[segment.slice(1, -1)] = decoded;
    }
  });
  return params;
}

function refusal(decision: Exclude<Decision, { allowed: true }>): SimResponse {
  const list = decision.missing.join(', ');
  if (decision.reason === 'division') {
    return errorBody(
      403,
      'missing.any.permissions',
      `You must have at least one of the following permissions assigned: [] in at least one of the following division(s): [${decision.divisionIds.join(', ')}]`,
      {
        messageWithParams:
          'You must have at least one of the following permissions assigned: [] in at least one of the following division(s): [{divisions}]',
        messageParams: { permissions: decision.missing, divisions: decision.divisionIds },
      },
    );
  }
  if (decision.mode === 'all') {
    return errorBody(403, 'missing.permissions', `You are missing the following permission(s): [${list}]`, {
      messageWithParams: 'You are missing the following permission(s): [{permissions}]',
      messageParams: { permissions: decision.missing },
    });
  }
  return errorBody(
    403,
    'missing.any.permissions',
    `You must have at least one of the following permissions assigned: [${list}]`,
    {
      messageWithParams: 'You must have at least one of the following permissions assigned: [{permissions}]',
      messageParams: { permissions: decision.missing },
    },
  );
}

const FAULT_STATUS_CODES: Record<number, [string, string]> = {
  500: [
    'internal.server.error',
    'The server encountered an unexpected condition which prevented it from fulfilling the request.',
  ],
  502: ['bad.gateway', 'The server received an invalid response from an upstream server.'],
  503: ['service.unavailable', 'Service is currently unavailable.'],
  504: ['request.timeout', 'The request timed out.'],
};

function rateLimited(limit: RateLimit, retryAfterSeconds: number): SimResponse {
  return errorBody(
    429,
    'too.many.requests',
    `Rate limit exceeded the maximum [${limit.requests}] requests within [${limit.windowSeconds}] seconds`,
    {
      messageWithParams: 'Rate limit exceeded the maximum [{limit}] requests within [{window}] seconds',
      messageParams: { limit: String(limit.requests), window: String(limit.windowSeconds) },
      headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
    },
  );
}

export async function startSimulator(opts: StartSimulatorOptions): Promise<RunningSimulator> {
  const clock = opts.now ?? Date.now;
  const scenario =
    typeof opts.scenario === 'string' ? loadScenario(opts.scenario, clock()) : parseScenario(opts.scenario, clock());
  const catalog = loadCatalog();
  const state = buildState(scenario, opts.rateLimit);
  const propagation = scenario.propagationDelaySeconds
    ? delayClientChanges(state, { now: clock, delayMs: scenario.propagationDelaySeconds * 1000 })
    : undefined;
  const requests: ServedRequest[] = [];
  const writes: RecordedWrite[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const heldSockets = new Set<Socket>();
  let closed = false;

  const sleep = (ms: number): Promise<void> =>
    ms <= 0
      ? Promise.resolve()
      : new Promise((resolve) => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            resolve();
          }, ms);
          timers.add(timer);
        });

  /** Validity of the token, then the per-token rate limit. */
  function authenticate(req: IncomingMessage, now: number): { token: SimToken; value: string } | SimResponse {
    const value = bearer(req);
    if (!value)
      return errorBody(
        401,
        'authentication.required',
        'No authentication bearer token specified in authorization header.',
      );
    const token = state.tokens.get(value);
    const client = token && state.clients.get(token.clientId);
    if (!token || token.revoked || !client || client.state !== 'active') {
      return errorBody(
        401,
        'authentication.required',
        'Authentication is required: the bearer token is not valid for this organization.',
      );
    }
    if (now >= token.expiresAt) return errorBody(401, 'credentials.expired', 'The access token has expired.');
    const limit = state.rateLimit;
    const windowMs = limit.windowSeconds * 1000;
    const recent = (state.requestTimes.get(value) ?? []).filter((t) => t > now - windowMs);
    if (recent.length >= limit.requests) {
      state.requestTimes.set(value, recent);
      return rateLimited(limit, (recent[0]! + windowMs - now) / 1000);
    }
    recent.push(now);
    state.requestTimes.set(value, recent);
    return { token, value };
  }

  function serveApi(
    req: IncomingMessage,
    method: string,
    path: string,
    query: URLSearchParams,
    rawBody: string,
    op: Operation | undefined,
  ): Outcome {
    // Outside the Platform API there is nothing to authenticate against (e.g. /oauth/token on the API host).
    if (!path.startsWith('/api/v2/')) return { answer: notFound(`No resource found for ${method} ${path}.`) };
    const now = clock();
    const auth = authenticate(req, now);
    if ('status' in auth) return { answer: auth };
    const { token } = auth;
    if (!op) return { answer: notFound(`No resource found for ${method} ${path}.`), token };

    if (token.userContext && state.scopeEnforcement) {
      const scope = requiredScope(op);
      if (scope && !scope.accepted.some((s) => token.scopes.includes(s))) {
        return {
          answer: errorBody(403, 'not.authorized', 'You are not authorized to perform the requested action.'),
          token,
        };
      }
    }

    // An org where the model is wrong: this call is answered whatever the roles say (scenario answerOverrides).
    const override = state.answerOverrides.find(
      (o) =>
        o.template === `${op.method} ${op.template}` && (o.clientId === undefined || o.clientId === token.clientId),
    );
    if (override?.status === 403)
      return {
        answer: errorBody(403, 'not.authorized', 'You are not authorized to perform the requested action.'),
        token,
      };
    if (override?.status === 404) return { answer: notFound(`No resource found for ${method} ${path}.`), token };

    const params = pathParams(op.template, path);
    const conversation =
      params.conversationId !== undefined ? state.conversations.get(params.conversationId) : undefined;
    // A grant in any one of the conversation's divisions (or in `*`) covers it; the licence gate drops
    // permissions the org cannot use.
    const decision = authorize(
      { mode: op.mode, permissions: op.permissions },
      token.grants,
      (roleId) => state.roles.get(roleId)?.permissionPolicies,
      conversation ? conversationDivisionIds(conversation) : undefined,
      { unavailable: state.unavailablePermissions },
    );
    if (!decision.allowed && override?.status !== 200) return { answer: refusal(decision), token };

    const handler = ENDPOINTS[`${op.method} ${op.template}`];
    if (!handler) {
      return { answer: notFound(`${op.method} ${op.template} is not modelled by the simulator.`), token };
    }
    let body: unknown;
    if (rawBody.trim().length > 0) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        return { answer: errorBody(400, 'bad.request', 'The request body is not valid JSON.'), token };
      }
    }
    const answer = handler({ state, now, tokenValue: auth.value, token, params, query, body });
    return { answer, token, handled: answer.status >= 200 && answer.status < 300, parsedBody: body };
  }

  function serveLogin(req: IncomingMessage, method: string, path: string, rawBody: string): Outcome {
    if (path !== '/oauth/token') return { answer: notFound() };
    if (method !== 'POST') return { answer: loginError(405, 'invalid_request', 'use POST') };
    const basic = /^Basic\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    const decoded = basic ? Buffer.from(basic[1]!, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    if (colon < 0)
      return { answer: loginError(401, 'invalid_client', 'client authentication (HTTP Basic) is required') };
    const clientId = decoded.slice(0, colon);
    const secret = decoded.slice(colon + 1);
    const client = state.clients.get(clientId);
    if (!client || client.secret !== secret) {
      return { answer: loginError(401, 'invalid_client', 'client not found or bad client credentials') };
    }
    if (client.state !== 'active') return { answer: loginError(400, 'invalid_client', 'client is disabled') };
    const grantType = new URLSearchParams(rawBody).get('grant_type');
    if (grantType !== 'client_credentials') {
      return {
        answer: loginError(
          400,
          'unsupported_grant_type',
          `grant_type ${grantType ?? '(missing)'} is not supported here`,
        ),
      };
    }
    if (client.authorizedGrantType !== 'CLIENT-CREDENTIALS') {
      return {
        answer: loginError(400, 'unauthorized_client', 'client is not authorized for the client_credentials grant'),
      };
    }
    const value = issueToken(state, client.id, undefined, clock());
    const token = state.tokens.get(value)!;
    return {
      answer: {
        status: 200,
        body: { access_token: value, token_type: 'bearer', expires_in: client.accessTokenValiditySeconds },
        headers: { 'Cache-Control': 'no-store' },
      },
      token,
    };
  }

  function faultAnswer(
    fault: Exclude<Fault, { kind: 'latency' | 'timeout' }>,
    kind: 'api' | 'login',
    req: IncomingMessage,
  ): SimResponse {
    switch (fault.kind) {
      case 'echo-credentials':
        return echoCredentials(fault.status, kind, req.headers.authorization ?? '');
      case 'status': {
        const [code, message] = FAULT_STATUS_CODES[fault.status]!;
        return errorBody(fault.status, fault.code ?? code, message);
      }
      case 'rate-limit':
        return rateLimited(state.rateLimit, fault.retryAfter);
      case 'malformed':
        return { status: 200, raw: '{"entities": [{"id": "7c1d' };
      case 'unexpected':
        // An array of scalars: wrong for every object and every list-of-objects answer.
        return json(['unexpected-shape', 42]);
    }
  }

  /** The echo-credentials fault: every form in which a careless host could quote what it was sent. */
  function echoCredentials(status: number, kind: 'api' | 'login', header: string): SimResponse {
    const value = header.replace(/^\S+\s+/, '');
    const decoded = /^basic\s/i.test(header) ? Buffer.from(value, 'base64').toString('utf8') : value;
    const secret = decoded.includes(':') ? decoded.slice(decoded.indexOf(':') + 1) : decoded;
    const quoted = `received Authorization: ${header} (credentials ${value}; decoded ${decoded}; form client_secret=${encodeURIComponent(secret)})`;
    if (kind === 'login') return loginError(status, 'invalid_client', quoted);
    return errorBody(status, 'bad.request', `The proxy refused the request: ${quoted}`, {
      messageParams: { authorization: header, token: value },
    });
  }

  /** Whose request this is, for client-scoped faults: the bearer token's client, or the login's client id. */
  function requestClientId(kind: 'api' | 'login', req: IncomingMessage): string | undefined {
    if (kind === 'login') return basicClientId(req);
    const value = bearer(req);
    return value ? state.tokens.get(value)?.clientId : undefined;
  }

  async function serve(kind: 'api' | 'login', req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const op = kind === 'api' && path.startsWith('/api/v2/') ? catalog.resolve(method, path) : undefined;
    const template = kind === 'login' ? (path === '/oauth/token' ? path : undefined) : op?.template;
    const record = (status: number, token?: SimToken): void => {
      const peek = token ?? (kind === 'api' ? state.tokens.get(bearer(req) ?? '') : undefined);
      requests.push({
        method,
        path,
        ...(template !== undefined ? { template } : {}),
        status,
        ...(peek ? { clientId: peek.clientId } : {}),
        ...(peek?.userId !== undefined ? { userId: peek.userId } : {}),
      });
    };

    let rawBody = '';
    try {
      rawBody = await readBody(req);
    } catch {
      const answer = errorBody(413, 'request.entity.too.large', 'The request body is too large.');
      record(answer.status);
      if (!res.headersSent && !res.destroyed) writeResponse(res, answer, method === 'HEAD');
      return;
    }

    await sleep(opts.latencyMs ?? 0);
    const faults = takeFaults(state.faults, method, path, template, requestClientId(kind, req));
    await sleep(faults.latencyMs);
    if (closed) return;

    if (faults.terminal?.kind === 'timeout') {
      // Never answer; drop the connection after a while (or at close()).
      record(0);
      const socket = req.socket;
      heldSockets.add(socket);
      const timer = setTimeout(() => {
        timers.delete(timer);
        heldSockets.delete(socket);
        socket.destroy();
      }, TIMEOUT_HOLD_MS);
      timers.add(timer);
      return;
    }

    let outcome: Outcome;
    if (faults.terminal && faults.terminal.kind !== 'latency')
      outcome = { answer: faultAnswer(faults.terminal, kind, req) };
    else if (kind === 'login') outcome = serveLogin(req, method, path, rawBody);
    else outcome = serveApi(req, method, path, url.searchParams, rawBody, op);

    record(outcome.answer.status, outcome.token);
    if (
      kind === 'api' &&
      outcome.handled &&
      MUTATING.has(method) &&
      op &&
      !READ_ONLY_POSTS.has(`${op.method} ${op.template}`)
    ) {
      writes.push({ method, path, ...(outcome.parsedBody !== undefined ? { body: outcome.parsedBody } : {}) });
    }
    writeResponse(res, outcome.answer, method === 'HEAD');
  }

  const listener = (kind: 'api' | 'login') => (req: IncomingMessage, res: ServerResponse) => {
    serve(kind, req, res).catch(() => {
      // A bug in the simulator: answer like Genesys would rather than hang the client.
      if (!res.headersSent && !res.destroyed) {
        writeResponse(
          res,
          errorBody(500, 'internal.server.error', 'The simulator failed to handle the request.'),
          false,
        );
      }
    });
  };

  const host = opts.host ?? '127.0.0.1';
  const listen = (server: Server, port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const apiServer = createServer(listener('api'));
  const loginServer = createServer(listener('login'));
  const apiPort = await listen(apiServer, opts.port ?? 0);
  let loginPort: number;
  try {
    loginPort = await listen(loginServer, opts.loginPort ?? (opts.port ? opts.port + 1 : 0));
  } catch (err) {
    await new Promise<void>((resolve) => apiServer.close(() => resolve()));
    throw err;
  }
  const urlHost = host.includes(':') ? `[${host}]` : host;

  const closeServer = (server: Server) =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });

  return {
    apiBaseUrl: `http://${urlHost}:${apiPort}`,
    loginBaseUrl: `http://${urlHost}:${loginPort}`,
    scenario,
    state,
    requests,
    writes,
    ...(propagation ? { propagation } : {}),
    addFault(fault: Fault) {
      const parsed = scenarioSchemas().fault.parse(fault);
      state.faults.push({ fault: parsed, remaining: parsed.times });
    },
    clearFaults() {
      state.faults.length = 0;
    },
    mintUserToken(clientId: string, userId: string): string {
      const client = state.clients.get(clientId);
      if (!client) throw new Error(`no OAuth client ${clientId} in this simulator`);
      if (!USER_CONTEXT_GRANT_TYPES.has(client.authorizedGrantType)) {
        throw new Error(
          `client ${clientId} has grant type ${client.authorizedGrantType}; user tokens need CODE, TOKEN or SAML2BEARER`,
        );
      }
      if (!state.users.has(userId)) throw new Error(`no user ${userId} in this simulator`);
      return issueToken(state, clientId, userId, clock());
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of heldSockets) socket.destroy();
      heldSockets.clear();
      await Promise.all([closeServer(apiServer), closeServer(loginServer)]);
    },
  };
}
