/**
 * fetch for the Slack Web API client and Bolt's respond, sent with undici's request(). Node 20's global fetch
 * runs every call through WHATWG streams: on this machine it cost the acking thread ~0.55 ms of CPU per
 * loopback POST against ~0.16 ms for this (issue 26; Slack calls share the event loop with the acks).
 *
 * It answers the calls those two make: a string or URLSearchParams body (or none) to a URL, headers as a plain
 * object. Anything else (a Request, FormData for file uploads, redirect handling other than 'error') goes to the
 * global fetch unchanged, as does a redirect the caller wants followed. Failures keep fetch's shape: an aborted
 * call rejects with the signal's reason, a network failure with TypeError('fetch failed') whose `cause` holds
 * undici's error (its `code`, such as ECONNREFUSED, is what noBlindReposts reads).
 */
import { STATUS_CODES } from 'node:http';
import { request } from 'undici';

/** Statuses whose Response must not have a body (the Response constructor throws otherwise). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export const undiciFetch: typeof fetch = async (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : undefined;
  const body = requestBody(init?.body);
  const given = plainHeaders(init?.headers);
  if (url === undefined || body === UNSUPPORTED || given === undefined) return fetch(input, init);
  const headers = withDefaultContentType(given, init?.body);
  let answer: Awaited<ReturnType<typeof request>>;
  try {
    answer = await request(url, {
      method: (init?.method ?? 'GET') as 'GET',
      headers,
      body,
      signal: init?.signal ?? undefined,
    });
  } catch (error) {
    if (init?.signal?.aborted) throw init.signal.reason;
    throw new TypeError('fetch failed', { cause: error });
  }
  const status = answer.statusCode;
  if (REDIRECT_STATUSES.has(status) && answer.headers.location !== undefined) {
    await answer.body.dump();
    if (init?.redirect === 'manual') return new Response(null, { status, headers: responseHeaders(answer.headers) });
    if (init?.redirect === 'error') throw new TypeError('fetch failed', { cause: new Error('unexpected redirect') });
    return fetch(input, init);
  }
  if (NULL_BODY_STATUSES.has(status)) {
    await answer.body.dump();
    return new Response(null, {
      status,
      statusText: STATUS_CODES[status] ?? '',
      headers: responseHeaders(answer.headers),
    });
  }
  let bytes: ArrayBuffer;
  try {
    bytes = await answer.body.arrayBuffer();
  } catch (error) {
    if (init?.signal?.aborted) throw init.signal.reason;
    throw new TypeError('fetch failed', { cause: error });
  }
  return new Response(bytes, {
    status,
    statusText: STATUS_CODES[status] ?? '',
    headers: responseHeaders(answer.headers),
  });
};

const UNSUPPORTED = Symbol('body fetch must send');

function requestBody(body: RequestInit['body']): string | undefined | typeof UNSUPPORTED {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  return UNSUPPORTED;
}

/** The headers as a plain object, or undefined for a form this adapter leaves to fetch. */
function plainHeaders(headers: RequestInit['headers']): Record<string, string> | undefined {
  if (headers === undefined) return {};
  if (headers instanceof Headers || Array.isArray(headers)) return undefined;
  return headers as Record<string, string>;
}

/** fetch's default Content-Type for a string or URLSearchParams body sent without one. */
function withDefaultContentType(headers: Record<string, string>, body: RequestInit['body']): Record<string, string> {
  if (body === undefined || body === null) return headers;
  if (Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) return headers;
  const type =
    body instanceof URLSearchParams ? 'application/x-www-form-urlencoded;charset=UTF-8' : 'text/plain;charset=UTF-8';
  return { ...headers, 'content-type': type };
}

function responseHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const one of value) headers.append(name, one);
    else headers.append(name, value);
  }
  return headers;
}
