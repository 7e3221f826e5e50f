/** How the simulator writes answers: JSON bodies, Genesys ErrorBodies, OAuth-style login errors. */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/** What a handler decides; the server writes it (so status and identity can be recorded first). */
export interface SimResponse {
  status: number;
  /** JSON-serialised unless `raw` is set; absent → empty body. */
  body?: unknown;
  /** Sent as-is (used for the malformed-body fault). */
  raw?: string;
  headers?: Record<string, string>;
}

export interface ErrorExtras {
  messageWithParams?: string;
  messageParams?: Record<string, unknown>;
  headers?: Record<string, string>;
  entityId?: string;
  entityName?: string;
}

/** A Genesys ErrorBody with a fresh contextId, echoed in `ININ-Correlation-Id`. */
export function errorBody(status: number, code: string, message: string, extras: ErrorExtras = {}): SimResponse {
  const contextId = randomUUID();
  const body: Record<string, unknown> = { message, code, status, contextId, details: [], errors: [] };
  if (extras.messageWithParams) body.messageWithParams = extras.messageWithParams;
  if (extras.messageParams) body.messageParams = extras.messageParams;
  if (extras.entityId) body.entityId = extras.entityId;
  if (extras.entityName) body.entityName = extras.entityName;
  return { status, body, headers: { 'ININ-Correlation-Id': contextId, ...extras.headers } };
}

export function notFound(message = 'The requested resource was not found.'): SimResponse {
  return errorBody(404, 'not.found', message);
}

export function badRequest(message: string, code = 'bad.request'): SimResponse {
  return errorBody(400, code, message);
}

export function json(body: unknown, status = 200): SimResponse {
  return { status, body };
}

export function noContent(): SimResponse {
  return { status: 204 };
}

/** The login host's OAuth-style error (not an ErrorBody). */
export function loginError(status: number, error: string, description: string): SimResponse {
  return { status, body: { error, description, error_description: description } };
}

export function writeResponse(res: ServerResponse, answer: SimResponse, headOnly: boolean): void {
  // The client may have gone away while the answer was delayed (latency, faults).
  if (res.destroyed || res.headersSent) return;
  const headers: Record<string, string> = { ...answer.headers };
  // Genesys tags every answer with a correlation id; errors already carry theirs.
  headers['ININ-Correlation-Id'] ??= randomUUID();
  let payload: string | undefined;
  if (answer.raw !== undefined) payload = answer.raw;
  else if (answer.body !== undefined) payload = JSON.stringify(answer.body);
  if (payload !== undefined) {
    headers['Content-Type'] = 'application/json; charset=utf-8';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  } else {
    headers['Content-Length'] = '0';
  }
  res.writeHead(answer.status, headers);
  res.end(headOnly ? undefined : payload);
}
