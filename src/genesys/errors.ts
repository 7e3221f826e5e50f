/**
 * Turns whatever a failed Genesys call produced (a status with an ErrorBody, an OAuth-style login body,
 * an HTML page from a proxy, a refused connection, a timeout) into one `GenesysError`.
 * Exported for reuse: the paste parser can feed it a body someone pasted.
 */
import { ErrorBodySchema, LoginErrorSchema } from './models';
import { maskCredentials, maskDeep, safeCorrelationId } from './redact';
import type { GenesysError } from './result';
import { safeParseAnswer } from './warm-parse';

/** What is known about a non-2xx answer. `headers` as the client gives them (http.ts: lower-case names). */
export interface HttpFailure {
  operation: string;
  status: number;
  body?: unknown;
  headers?: Record<string, unknown>;
}

const CORRELATION_HEADER = 'inin-correlation-id';

/**
 * The permission list in a Genesys 403 message: the first `[...]` after the word "permission", so
 * "You are missing the following permission(s): [a, b]" gives [a, b] and the division form
 * "...permissions assigned: [] in at least one of the following division(s): [d1]" gives [] (the division
 * list is not a permission list). Undefined when the text names no such list.
 */
export function parsePermissionList(text: string | undefined): string[] | undefined {
  if (!text) return undefined;
  const match = /permission(?:s|\(s\))?\b[^[\]]*\[([^\]]*)\]/i.exec(text);
  if (!match) return undefined;
  return splitList(match[1] ?? '');
}

function splitList(inner: string): string[] {
  return inner
    .split(',')
    .map((item) =>
      item
        .trim()
        .replace(/^["']|["']$/g, '')
        .trim(),
    )
    .filter((item) => item.length > 0);
}

/**
 * Permissions named by `messageParams`: any key mentioning "permission" whose value is a string list,
 * a bracketed list, or a comma-separated string. Undefined when no such key exists.
 */
export function permissionsFromParams(params: Record<string, unknown> | undefined): string[] | undefined {
  if (!params) return undefined;
  let found: string[] | undefined;
  for (const [key, value] of Object.entries(params)) {
    if (!/perm/i.test(key)) continue;
    const items = Array.isArray(value)
      ? value
          .filter((v): v is string => typeof v === 'string')
          .map((v) => v.trim())
          .filter(Boolean)
      : typeof value === 'string'
        ? splitList(value.replace(/^\s*\[|\]\s*$/g, ''))
        : [];
    found = [...(found ?? []), ...items];
  }
  return found;
}

function headerValue(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    if (typeof value === 'string' && value.length > 0) return value;
    if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  }
  return undefined;
}

/** The `ININ-Correlation-Id` of an answer (what Genesys support asks for), when it carries one. */
export function correlationId(headers: Record<string, unknown> | undefined): string | undefined {
  return headerValue(headers, CORRELATION_HEADER);
}

/** A JSON text body is parsed here, so callers may pass a body's text (the client's fallback) or an object. */
function asObject(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  const text = body.trim();
  if (!text.startsWith('{')) return body;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return body;
  }
}

/**
 * Normalises a non-2xx answer from the API or the login host. Everything in it came from upstream, so it is
 * masked first (redact.ts): `Basic`/`Bearer` values and credential-named values always, and `credentialForms`,
 * the caller's own secret and tokens in every encoding, wherever they appear. Nothing downstream masks again.
 */
export function normaliseError(failure: HttpFailure, credentialForms: readonly string[] = []): GenesysError {
  const { operation, status } = failure;
  const body = maskDeep(asObject(failure.body), credentialForms);
  const headerContextId = safeCorrelationId(headerValue(failure.headers, CORRELATION_HEADER), credentialForms);
  const kind = status === 429 ? 'rate-limited' : 'http';

  const platform = safeParseAnswer(ErrorBodySchema, body);
  const looksLikePlatform =
    platform.success && (platform.data.code !== undefined || platform.data.message !== undefined);
  if (!looksLikePlatform) {
    const login = safeParseAnswer(LoginErrorSchema, body);
    if (login.success) {
      return withoutUndefined({
        kind: status === 429 ? 'rate-limited' : status >= 500 ? 'http' : 'login',
        status,
        code: login.data.error,
        message: login.data.description ?? login.data.error_description ?? login.data.error,
        contextId: headerContextId,
        operation,
      });
    }
    return withoutUndefined({
      kind,
      status,
      message:
        body === undefined || body === ''
          ? `HTTP ${status} with an empty body`
          : `HTTP ${status} with a body that is not a Genesys error`,
      contextId: headerContextId,
      operation,
    });
  }

  const data = platform.data;
  const message = data.message ?? data.messageWithParams ?? `HTTP ${status}`;
  const missingPermissions =
    permissionsFromParams(data.messageParams) ??
    parsePermissionList(data.message) ??
    parsePermissionList(data.messageWithParams);
  return withoutUndefined({
    kind,
    status,
    code: data.code,
    message,
    messageParams: data.messageParams,
    contextId: data.contextId ?? headerContextId,
    missingPermissions,
    operation,
  });
}

/** Error codes for "no answer in time": Node's, and the client's own timer's (http.ts, the code axios gave). */
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

/**
 * A request that got no HTTP answer. Reads only `code` from the thrown value: an HTTP client's error can carry
 * the request (with the Authorization header), so nothing else of it may travel on.
 */
export function transportError(thrown: unknown, operation: string, timeoutMs: number): GenesysError {
  const code =
    typeof thrown === 'object' && thrown !== null && 'code' in thrown
      ? String((thrown as { code: unknown }).code)
      : undefined;
  if (code && TIMEOUT_CODES.has(code)) {
    return { kind: 'timeout', code, message: `no answer within ${timeoutMs} ms`, operation };
  }
  return withoutUndefined({
    kind: 'network',
    code,
    message: code ? `network error (${code})` : 'network error',
    operation,
  });
}

/**
 * A 2xx whose body did not match the model. Names the first few paths that failed, never the body; a path
 * may hold a key the server chose, so it is masked like any upstream text.
 */
export function unexpectedBody(
  operation: string,
  status: number,
  issues: { path: PropertyKey[]; message: string }[],
  credentialForms: readonly string[] = [],
): GenesysError {
  const where = issues
    .slice(0, 3)
    .map(
      (issue) => `${maskCredentials(issue.path.map(String).join('.'), credentialForms) || '(root)'}: ${issue.message}`,
    )
    .join('; ');
  return { kind: 'unexpected-body', status, message: `unexpected response body (${where || 'no detail'})`, operation };
}

function withoutUndefined(error: GenesysError): GenesysError {
  for (const key of Object.keys(error) as (keyof GenesysError)[]) if (error[key] === undefined) delete error[key];
  return error;
}
