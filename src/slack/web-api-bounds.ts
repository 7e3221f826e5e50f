/**
 * The bounds on every Slack Web API call, in one place: Bolt's client and createSlackWebClient (app.ts) take
 * SLACK_CLIENT_BOUNDS. At most 3 retries within 20 s, each request given 10 s:
 * - 5xx answers and transport failures: the WebClient's own retries (retryConfig), except a chat.postMessage Slack
 *   may have accepted (noBlindReposts);
 * - 429: rateLimitedFetch waits the Retry-After and sends the request again only while the wait fits what is
 *   left of the 20 s; otherwise the 429 goes back to the WebClient, which (rejectRateLimitedCalls) fails the call
 *   at once with its WebAPIRateLimitedError (code slack_webapi_rate_limited_error, `retryAfter` in seconds), and
 *   the caller falls back (response_url, an ephemeral answer). The WebClient's own 429 handling is never used: it
 *   sleeps the whole Retry-After, however long, and pauses every other call of the client meanwhile.
 * The 429 budget runs from the first request of one WebClient attempt (fetch cannot see the call): a 429 that
 * follows a 5xx or a timeout the WebClient retried gets its own 20 s, so such a mixed call may take longer.
 * Requests go out through undiciFetch (undici-fetch.ts) unless a test hands in its own fetch.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { AppOptions } from '@slack/bolt';
import { POST_OUTCOME_UNKNOWN } from './post';
import { undiciFetch } from './undici-fetch';

export interface SlackCallBounds {
  /** Requests sent again after the first (429s counted here; the WebClient counts the other failures). */
  retries: number;
  /** A Retry-After is waited out only while the wait ends within this many ms of the first request. */
  budgetMs: number;
  /** Each request's timeout (the WebClient's `timeout`; a request sent again after a wait gets its own). */
  requestTimeoutMs: number;
}

export const SLACK_CALL_BOUNDS: SlackCallBounds = { retries: 3, budgetMs: 20_000, requestTimeoutMs: 10_000 };

/**
 * fetch for the WebClient that keeps it from re-sending a chat.postMessage Slack may have accepted. The WebClient
 * retries every failed request; for a post that answered 5xx or timed out the message may already be in the
 * channel, so a retry would post it twice. Such an answer becomes `{ ok: false, error: POST_OUTCOME_UNKNOWN }`
 * (a Slack error, which the WebClient never retries) and the postMessage wrapper (verdict-publisher.ts) looks for
 * the post before anything else is sent. Failures where Slack certainly did not post (429, see rateLimitedFetch;
 * a connection refused before sending) and every other method keep the WebClient's retries.
 */
export function noBlindReposts(fetchFn?: typeof fetch): typeof fetch {
  const unknown = () =>
    new Response(JSON.stringify({ ok: false, error: POST_OUTCOME_UNKNOWN }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  return async (input, init) => {
    const send = fetchFn ?? undiciFetch;
    if (!requestUrl(input).endsWith('/chat.postMessage')) return send(input, init);
    try {
      const response = await send(input, init);
      return response.status >= 500 ? unknown() : response;
    } catch (error) {
      // The request never left (nothing listening): safe to retry. A timeout or a reset after sending: unknown.
      if ((error as { cause?: { code?: unknown } }).cause?.code === 'ECONNREFUSED') throw error;
      return unknown();
    }
  };
}

/**
 * fetch that answers Slack's 429s: waits the Retry-After (seconds) and sends the request again, at most
 * `bounds.retries` times and only while the wait ends within `bounds.budgetMs` of the first request; otherwise
 * (or without a readable Retry-After) it returns the 429, which the WebClient (rejectRateLimitedCalls) turns into
 * a WebAPIRateLimitedError at once. A 429 means Slack did nothing, so sending again is safe for every method. The
 * wait holds only this request, never the client's other calls. Used for response_url too (Bolt's respond).
 */
export function rateLimitedFetch(bounds: SlackCallBounds = SLACK_CALL_BOUNDS, fetchFn?: typeof fetch): typeof fetch {
  return async (input, init) => {
    const send = fetchFn ?? undiciFetch;
    const startedAt = performance.now();
    let response = await send(input, init);
    for (let retry = 1; response.status === 429 && retry <= bounds.retries && resendable(input, init); retry++) {
      const waitMs = retryAfterMs(response);
      if (waitMs === undefined || performance.now() - startedAt + waitMs > bounds.budgetMs) break;
      await response.body?.cancel();
      await sleep(waitMs);
      // The first request's timeout ran during the wait: this one gets its own.
      response = await send(input, {
        ...init,
        ...(init?.signal ? { signal: AbortSignal.timeout(bounds.requestTimeoutMs) } : {}),
      });
    }
    return response;
  };
}

/** The fetch of SLACK_CLIENT_BOUNDS: no blind re-post of chat.postMessage, 429s answered within the bounds. */
export function boundedSlackFetch(bounds: SlackCallBounds = SLACK_CALL_BOUNDS, fetchFn?: typeof fetch): typeof fetch {
  return noBlindReposts(rateLimitedFetch(bounds, fetchFn));
}

/**
 * The Web API client's bounds (its own defaults retry 10 times over about 30 minutes, with no timeout, and wait
 * out any Retry-After): see the top of this file. A call that still fails rejects, and the caller falls back.
 */
export const SLACK_CLIENT_BOUNDS = {
  retryConfig: {
    retries: SLACK_CALL_BOUNDS.retries,
    factor: 2,
    minTimeout: 500,
    maxTimeout: 5_000,
    maxRetryTime: SLACK_CALL_BOUNDS.budgetMs,
  },
  timeout: SLACK_CALL_BOUNDS.requestTimeoutMs,
  rejectRateLimitedCalls: true,
  fetch: boundedSlackFetch(),
} as const satisfies Pick<
  NonNullable<AppOptions['clientOptions']>,
  'retryConfig' | 'timeout' | 'rejectRateLimitedCalls' | 'fetch'
>;

/** Retry-After as the WebClient reads it (whole seconds), in ms; undefined when absent or unreadable. */
function retryAfterMs(response: Response): number | undefined {
  const seconds = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** A request that can be sent twice (the WebClient sends a string or FormData to a URL; Bolt's respond a string). */
function resendable(input: Parameters<typeof fetch>[0], init: RequestInit | undefined): boolean {
  const body = init?.body;
  const reusable =
    body == null || typeof body === 'string' || body instanceof FormData || body instanceof URLSearchParams;
  return (typeof input === 'string' || input instanceof URL) && reusable;
}

function requestUrl(input: Parameters<typeof fetch>[0]): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}
