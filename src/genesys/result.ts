/**
 * Expected failures of a Genesys call are values, not exceptions: a 403 while gathering a fact is itself a fact.
 */
export type GenesysErrorKind =
  | 'http' // the API answered with a non-2xx status and (usually) an ErrorBody
  | 'login' // the login host refused the credentials (OAuth-style body)
  | 'timeout' // no answer within the call's timeout or retry budget
  | 'network' // connection refused, reset, DNS
  | 'unexpected-body' // 2xx whose body did not match the expected model
  | 'rate-limited'; // 429s outlasted the retry budget

export interface GenesysError {
  kind: GenesysErrorKind;
  /** HTTP status, when there was an answer. */
  status?: number;
  /** Genesys `code` (e.g. `missing.permissions`) or the OAuth `error` (e.g. `invalid_client`). */
  code?: string;
  message: string;
  messageParams?: Record<string, unknown>;
  /** Correlation id from the body's `contextId` or the `ININ-Correlation-Id` header. */
  contextId?: string;
  /** Permissions named in a 403 body (parsed from messageParams or the message). */
  missingPermissions?: string[];
  /** Which call failed, as `METHOD /template` (never with query strings or tokens). */
  operation: string;
}

export type ApiResult<T> = { ok: true; value: T; status: number } | { ok: false; error: GenesysError };

export function ok<T>(value: T, status = 200): ApiResult<T> {
  return { ok: true, value, status };
}

export function failed<T>(error: GenesysError): ApiResult<T> {
  return { ok: false, error };
}

/** One line a person can read: "403 missing.permissions: You are missing ... (contextId abc)". */
export function describeError(error: GenesysError): string {
  const status = error.status ? `${error.status} ` : '';
  const code = error.code ? `${error.code}: ` : '';
  const context = error.contextId ? ` (contextId ${error.contextId})` : '';
  return `${error.operation} → ${status}${code}${error.message}${context}`;
}
