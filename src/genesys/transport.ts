/**
 * What every Genesys call of one org's client goes through: HTTP on node:http (http.ts), the org's client-credentials
 * token, a per-token rate limiter, retries within a time budget, the single 401 refresh, error normalising
 * (never leaking the token or the secret), schema-checked bodies and paged listings. The endpoints themselves
 * are in client.ts. Nothing here rejects for API or network failures: every call resolves to an ApiResult.
 */
import type { CallCounter } from './call-counter';
import type { CheckMetrics } from '../metrics';
import type { Logger } from 'pino';
import type * as z from 'zod';
import { createLogger } from '../log';
import { normaliseError, transportError, unexpectedBody } from './errors';
import { sendHttp } from './http';
import { credentialForms } from './redact';
import { type pagedSchema, TokenResponseSchema } from './models';
import { failed, ok, type ApiResult, type GenesysError } from './result';
import {
  DEFAULT_RETRY_POLICY,
  realClock,
  retryReason,
  withRetries,
  type AttemptOutcome,
  type Clock,
  type RetryPolicy,
} from './retry';
import { perTokenRateLimit, type RateLimit } from './rate-limit';
import { ResponseCache } from './response-cache';
import { decodeJson, parseShared } from './shared-parse';
import { TokenCache, type MintedToken, type TokenEntry } from './token';
import { safeParseAnswer } from './warm-parse';

/**
 * The OAuth client whose token this client mints. The secret only reveals itself here, where it is sent to Genesys
 * (the config's `Secret` is such a value: it prints as `[redacted]` everywhere else).
 */
export interface ClientCredentials {
  clientId: string;
  clientSecret: { reveal(): string };
}

export interface GenesysClientOptions {
  apiBaseUrl: string;
  loginBaseUrl: string;
  credentials: ClientCredentials;
  logger?: Logger;
  /** Per HTTP request, the token request included. Default 10 000. */
  timeoutMs?: number;
  retry?: { retries?: number; budgetMs?: number; baseDelayMs?: number };
  /** Requests per minute this client's token may send; more queue. Default 300. */
  ratePerMinute?: number;
  /** Roles, role, products, home division, app authorizations, assignable permissions. Default 60; 0 disables. */
  cacheTtlSeconds?: number;
  now?: () => number;
  /** Org name for logs. */
  label?: string;
  /** The configured org's name, for the metrics' `org` label. */
  org?: string;
  /** Prometheus metrics: every request by endpoint template and status class, and retries. */
  metrics?: CheckMetrics;
  /** Tests: replaces waiting between retries and polls (default setTimeout) and jitter. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Tests: the limiter's window (default 60 000 ms, the window `ratePerMinute` refers to). */
  rateWindowMs?: number;
}
type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';

type Outcome =
  | { kind: 'response'; status: number; headers: Record<string, unknown>; data: unknown }
  | { kind: 'transport'; error: GenesysError };

interface CallSpec {
  method: HttpMethod;
  /** `/api/v2/...` template, for logs and errors. */
  template: string;
  /** Concrete path (ids encoded, query allowed). */
  path: string;
  body?: unknown;
  /** Drop the token and retry once on 401 (off for revoking our own token). */
  refreshOn401?: boolean;
  /** Retries after the first attempt; the client's policy when absent. */
  retries?: number;
  /** Keep a 2xx body as the bytes received (a Buffer), for parseShared; other answers are decoded as usual. */
  raw?: boolean;
  /** The work this call is for (its requests, login included, are counted there). */
  counter?: CallCounter | undefined;
}

interface Answer {
  status: number;
  data: unknown;
  headers: Record<string, unknown>;
  token: TokenEntry;
}

const LOGIN_OPERATION = 'POST /oauth/token';
const PAGE_SIZE = 100;
/** Guard against a pageCount that would have us fetch forever. */
const MAX_PAGES = 200;

/** The transport every endpoint of HttpGenesysClient (client.ts) calls through. */
export class GenesysTransport {
  readonly label: string;
  protected readonly rateLimit: RateLimit;
  protected readonly tokens: TokenCache;
  protected readonly cache: ResponseCache;
  protected readonly logger: Logger;
  protected readonly clock: Clock;
  protected readonly policy: RetryPolicy;
  protected readonly timeoutMs: number;
  protected readonly apiBaseUrl: string;
  protected readonly loginBaseUrl: string;
  protected calls = 0;

  constructor(private readonly options: GenesysClientOptions) {
    this.apiBaseUrl = options.apiBaseUrl.replace(/\/+$/, '');
    this.loginBaseUrl = options.loginBaseUrl.replace(/\/+$/, '');
    this.label = options.label ?? hostOf(this.apiBaseUrl);
    this.logger = options.logger ?? createLogger({ name: 'genesys' });
    this.clock = {
      now: options.now ?? realClock.now,
      sleep: options.sleep ?? realClock.sleep,
      random: options.random ?? realClock.random,
    };
    this.policy = { ...DEFAULT_RETRY_POLICY, ...definedOnly(options.retry ?? {}) };
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.rateLimit = perTokenRateLimit(options.ratePerMinute ?? 300, options.rateWindowMs ?? 60_000);
    this.tokens = new TokenCache((counter) => this.mintToken(counter), this.clock.now);
    this.cache = new ResponseCache(options.cacheTtlSeconds ?? 60, this.clock.now);
  }

  get callCount(): number {
    return this.calls;
  }

  async close(): Promise<void> {
    this.tokens.close();
    this.cache.close();
  }

  // ---- tokens ----

  async ensureToken(opts?: { counter?: CallCounter }): Promise<ApiResult<{ expiresAt: number; issuedAt: number }>> {
    const token = await this.tokens.get(opts?.counter);
    if (!token.ok) return token;
    return ok({ expiresAt: token.value.expiresAt, issuedAt: token.value.issuedAt }, token.status);
  }

  protected async mintToken(counter?: CallCounter): Promise<ApiResult<MintedToken>> {
    let issuedAt = this.clock.now();
    const { outcome } = await withRetries<Outcome & AttemptOutcome>(
      async (context) => {
        context.markDispatched();
        issuedAt = this.clock.now();
        const { clientId, clientSecret } = this.options.credentials;
        return this.send({
          method: 'POST',
          url: `${this.loginBaseUrl}/oauth/token`,
          operation: LOGIN_OPERATION,
          headers: {
            Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret.reveal()}`).toString('base64')}`,
            'Content-Type': 'application/x-www-form-urlencoded',
          },
          data: 'grant_type=client_credentials',
          timeoutMs: this.attemptTimeout(context.remainingMs),
          attempt: context.attempt,
          counter,
        });
      },
      this.policy,
      this.clock,
      this.countRetry,
    );
    if (outcome.kind === 'transport') return failed(outcome.error);
    if (outcome.status < 200 || outcome.status >= 300) {
      // A login host or proxy may quote the Basic header it was sent: normaliseError masks it in every form.
      return failed(
        normaliseError(
          { operation: LOGIN_OPERATION, status: outcome.status, body: outcome.data, headers: outcome.headers },
          this.credentialForms(),
        ),
      );
    }
    const parsed = safeParseAnswer(TokenResponseSchema, outcome.data);
    if (!parsed.success)
      return failed(unexpectedBody(LOGIN_OPERATION, outcome.status, parsed.error.issues, this.credentialForms()));
    return ok({ accessToken: parsed.data.access_token, expiresIn: parsed.data.expires_in, issuedAt }, outcome.status);
  }

  /** This client's secret (and `token`) in every form an upstream answer could quote them in. */
  protected credentialForms(token?: string): string[] {
    const { clientId, clientSecret } = this.options.credentials;
    return credentialForms({ clientId, secret: clientSecret.reveal(), ...(token ? { tokens: [token] } : {}) });
  }

  // ---- transport ----

  protected readonly countRetry = (outcome: Outcome): void => {
    this.options.metrics?.recordGenesysRetry(
      retryReason(outcome.kind === 'transport' ? { kind: 'transport', error: outcome.error } : outcome),
    );
  };

  protected attemptTimeout(remainingMs: number): number {
    return Math.max(1, Math.min(this.timeoutMs, remainingMs));
  }

  /**
   * Sends one HTTP request (http.ts: any status is an answer, no redirect followed). Never throws; never lets
   * a thrown error escape (an HTTP client's may hold the request, and so the Authorization header): only its code.
   */
  protected async send(request: {
    method: HttpMethod;
    url: string;
    operation: string;
    headers: Record<string, string>;
    data?: unknown;
    timeoutMs: number;
    attempt: number;
    raw?: boolean;
    counter?: CallCounter | undefined;
  }): Promise<Outcome> {
    this.calls++;
    if (request.counter) request.counter.calls++;
    const started = Date.now();
    let outcome: Outcome;
    try {
      const answer = await sendHttp({
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: request.data,
        timeoutMs: request.timeoutMs,
        raw: request.raw,
      });
      outcome = { kind: 'response', status: answer.status, headers: answer.headers, data: answer.data };
    } catch (thrown) {
      outcome = { kind: 'transport', error: transportError(thrown, request.operation, request.timeoutMs) };
    }
    const [method, template] = splitOperation(request.operation);
    this.options.metrics?.recordGenesysCall(
      method,
      template,
      outcome.kind === 'response' ? outcome.status : 'error',
      this.options.org,
    );
    this.logger.debug(
      {
        org: this.label,
        op: request.operation,
        status: outcome.kind === 'response' ? outcome.status : outcome.error.kind,
        ms: Date.now() - started,
        attempt: request.attempt,
      },
      'genesys request',
    );
    return outcome;
  }

  /** One API call: token, limiter, retries, the single 401 refresh, error normalising. */
  protected async call(spec: CallSpec): Promise<ApiResult<Answer>> {
    const operation = `${spec.method} ${spec.template}`;
    const refreshOn401 = spec.refreshOn401 ?? true;
    for (let round = 1; ; round++) {
      const token = await this.tokens.get(spec.counter);
      if (!token.ok) return token;
      const entry = token.value;
      const { outcome } = await withRetries<Outcome & AttemptOutcome>(
        (context) =>
          this.rateLimit.take().then(() => {
            context.markDispatched();
            return this.send({
              method: spec.method,
              url: `${this.apiBaseUrl}${spec.path}`,
              operation,
              headers: {
                Authorization: `Bearer ${entry.accessToken}`,
                ...(spec.body === undefined ? {} : { 'Content-Type': 'application/json' }),
              },
              data: spec.body,
              timeoutMs: this.attemptTimeout(context.remainingMs),
              attempt: context.attempt,
              raw: spec.raw,
              counter: spec.counter,
            });
          }),
        spec.retries === undefined ? this.policy : { ...this.policy, retries: spec.retries },
        this.clock,
        this.countRetry,
      );
      if (outcome.kind === 'transport') return failed(outcome.error);
      // Only a success stays raw: errors are read (and redacted) from their decoded body, as always.
      if (spec.raw && !(outcome.status >= 200 && outcome.status < 300) && Buffer.isBuffer(outcome.data))
        outcome.data = decodeJson(outcome.data);
      if (outcome.status === 401 && refreshOn401 && round === 1) {
        // The token was revoked or is from the wrong region: mint a new one and try once more.
        this.tokens.drop(entry);
        continue;
      }
      if (outcome.status >= 200 && outcome.status < 300) {
        return ok(
          { status: outcome.status, data: outcome.data, headers: outcome.headers, token: entry },
          outcome.status,
        );
      }
      // Neither the token nor this client's secret may travel on in an answer that echoed one.
      return failed(
        normaliseError(
          { operation, status: outcome.status, body: outcome.data, headers: outcome.headers },
          this.credentialForms(entry.accessToken),
        ),
      );
    }
  }

  protected async typed<S extends z.ZodType>(schema: S, spec: CallSpec): Promise<ApiResult<z.output<S>>> {
    const answer = await this.call(spec);
    if (!answer.ok) return answer;
    return this.parse(schema, answer.value, `${spec.method} ${spec.template}`);
  }

  protected parse<S extends z.ZodType>(schema: S, answer: Answer, operation: string): ApiResult<z.output<S>> {
    const parsed = safeParseAnswer(schema, answer.data);
    if (!parsed.success)
      return failed(
        unexpectedBody(operation, answer.status, parsed.error.issues, this.credentialForms(answer.token.accessToken)),
      );
    return ok(parsed.data, answer.status);
  }

  /**
   * Like typed(), for a large answer orgs often share byte for byte: the parse of an identical body seen before
   * is reused (shared-parse.ts). The answer is still this org's own, fetched with its own token.
   */
  protected async typedShared<S extends z.ZodType>(schema: S, spec: CallSpec): Promise<ApiResult<z.output<S>>> {
    const answer = await this.call({ ...spec, raw: true });
    if (!answer.ok) return answer;
    const { data } = answer.value;
    if (!Buffer.isBuffer(data)) return this.parse(schema, answer.value, `${spec.method} ${spec.template}`);
    const outcome = parseShared(schema, data);
    if (outcome.ok) return ok(outcome.value, answer.value.status);
    return failed(
      unexpectedBody(
        `${spec.method} ${spec.template}`,
        answer.value.status,
        outcome.issues,
        this.credentialForms(answer.value.token.accessToken),
      ),
    );
  }

  protected async noContent(spec: CallSpec): Promise<ApiResult<void>> {
    const answer = await this.call(spec);
    if (!answer.ok) return answer;
    return ok(undefined, answer.value.status);
  }

  /**
   * Every entity of a paged listing: page 1, then the pages it announces (pageCount, else total / pageSize) in
   * parallel, at most MAX_PAGES; the first page that fails is the answer. `query`: more query parameters
   * (already encoded) for every page.
   */
  protected async allPages<E extends z.ZodTypeAny>(
    schema: ReturnType<typeof pagedSchema<E>>,
    template: string,
    options: { shareParsing?: boolean; query?: string; counter?: CallCounter | undefined } = {},
  ): Promise<ApiResult<Array<z.output<E>>>> {
    const parse = options.shareParsing ? this.typedShared.bind(this) : this.typed.bind(this);
    const filter = options.query ? `&${options.query}` : '';
    const page = (pageNumber: number) =>
      parse(schema, {
        method: 'GET',
        template,
        path: `${template}?pageSize=${PAGE_SIZE}&pageNumber=${pageNumber}${filter}`,
        counter: options.counter,
      });
    const first = await page(1);
    if (!first.ok) return first;
    const { pageCount, total, pageSize } = first.value;
    const pages = Math.min(
      MAX_PAGES,
      pageCount ?? (total !== undefined ? Math.ceil(total / (pageSize ?? PAGE_SIZE)) : 1),
    );
    const rest = await Promise.all(Array.from({ length: Math.max(0, pages - 1) }, (_, i) => page(i + 2)));
    const entities: Array<z.output<E>> = [...first.value.entities];
    for (const result of rest) {
      if (!result.ok) return result;
      entities.push(...result.value.entities);
    }
    return ok(entities, first.status);
  }
}

function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** `GET /api/v2/x/{id}` → ['GET', '/api/v2/x/{id}']. */
function splitOperation(operation: string): [string, string] {
  const space = operation.indexOf(' ');
  return [operation.slice(0, space), operation.slice(space + 1)];
}
