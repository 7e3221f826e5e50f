/**
 * Slack answering 429 (issue 14 item 5): the app's Web API client (SLACK_CLIENT_BOUNDS) waits a Retry-After only
 * while the wait fits what is left of the call's 20 s budget; otherwise the call fails at once with the
 * WebClient's rate-limited error, so the caller falls back (response_url, an ephemeral answer). A long
 * Retry-After never holds the client's other calls (the WebClient's own handling pauses its whole queue).
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { slackErrorCode } from '../../../src/log';
import { rateLimitedFetch, SLACK_CLIENT_BOUNDS } from '../../../src/slack/web-api-bounds';

/** How one method answers: 429 with this Retry-After (seconds), or `ok`. */
type Answer = { retryAfter: string } | 'ok';

interface LoopbackSlack {
  apiUrl: string;
  /** Method and arrival time (performance.now()) of every request. */
  requests: Array<{ method: string; at: number }>;
  /** Resolves when `method` has been answered `count` times. */
  answered(method: string, count?: number): Promise<void>;
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A loopback Slack whose methods answer what `answer` says for their n-th request (1-based). */
async function loopbackSlack(answer: (method: string, n: number) => Answer): Promise<LoopbackSlack> {
  const requests: LoopbackSlack['requests'] = [];
  const waiting: Array<{ method: string; count: number; resolve: () => void }> = [];
  const count = (method: string) => requests.filter((r) => r.method === method).length;
  const server = createServer((req, res) => {
    const method = (req.url ?? '').replace(/^\/api\//, '');
    requests.push({ method, at: performance.now() });
    const reply = answer(method, count(method));
    req.resume();
    req.on('end', () => {
      if (reply === 'ok') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, channel: 'C1', ts: '1.000100' }));
      } else {
        res.writeHead(429, { 'retry-after': reply.retryAfter, 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      }
      for (const w of waiting.filter((w) => w.method === method && count(method) >= w.count)) w.resolve();
    });
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
    requests,
    answered: (method, n = 1) => new Promise((resolve) => waiting.push({ method, count: n, resolve })),
  };
}

/** The promise's outcome, or 'still waiting' after `ms` (far below the Retry-After the test's Slack asks for). */
function settledWithin<T>(promise: Promise<T>, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  const outcome = promise.then(
    (value) => ({ resolved: value }),
    (error: unknown) => ({ rejected: error }),
  );
  const late = new Promise<'still waiting'>((resolve) => {
    timer = setTimeout(() => resolve('still waiting'), ms);
  });
  return Promise.race([outcome, late]).finally(() => clearTimeout(timer));
}

describe('Slack rate limits (429 with Retry-After)', () => {
  it('fails a call at once when Retry-After overruns the budget, and holds no other call behind it', async () => {
    const slack = await loopbackSlack((method) => (method === 'chat.postMessage' ? { retryAfter: '30' } : 'ok'));
    const client = new webApi.WebClient('xoxb-test', { ...SLACK_CLIENT_BOUNDS, slackApiUrl: slack.apiUrl });

    const post = settledWithin(client.chat.postMessage({ channel: 'C1', text: 'x' }), 10_000);
    await slack.answered('chat.postMessage');
    const other = settledWithin(client.auth.test(), 10_000);

    const posted = await post;
    expect(posted).toHaveProperty('rejected');
    const error = (posted as { rejected: unknown }).rejected;
    expect(error).toMatchObject({ code: webApi.ErrorCode.RateLimitedError, retryAfter: 30 });
    // The fallback path (verdict-publisher.ts) names it as Slack does.
    expect(slackErrorCode(error)).toBe('ratelimited');
    expect(await other).toMatchObject({ resolved: { ok: true } });
    expect(slack.requests.filter((r) => r.method === 'chat.postMessage')).toHaveLength(1);
  }, 15_000);

  it('waits out a Retry-After that fits the budget, then sends the call again', async () => {
    const slack = await loopbackSlack((method, n) =>
      method === 'chat.postMessage' && n === 1 ? { retryAfter: '1' } : 'ok',
    );
    const client = new webApi.WebClient('xoxb-test', { ...SLACK_CLIENT_BOUNDS, slackApiUrl: slack.apiUrl });

    const posted = await client.chat.postMessage({ channel: 'C1', text: 'x' });

    expect(posted).toMatchObject({ ok: true, ts: '1.000100' });
    const [first, second] = slack.requests.filter((r) => r.method === 'chat.postMessage');
    expect(second).toBeDefined();
    // At least the second Slack asked for (a little slack for timer granularity).
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
  }, 15_000);

  it('stops waiting once the next Retry-After would overrun what is left of the budget', async () => {
    const slack = await loopbackSlack(() => ({ retryAfter: '1' }));
    const fetch = rateLimitedFetch({ retries: 3, budgetMs: 1_500, requestTimeoutMs: 5_000 });
    const client = new webApi.WebClient('xoxb-test', { ...SLACK_CLIENT_BOUNDS, fetch, slackApiUrl: slack.apiUrl });

    await expect(client.conversations.history({ channel: 'C1' })).rejects.toMatchObject({
      code: webApi.ErrorCode.RateLimitedError,
      retryAfter: 1,
    });
    // 0 s + 1 s fits 1.5 s; 1 s + 1 s does not.
    expect(slack.requests).toHaveLength(2);
  }, 15_000);

  it('sends a rate-limited call at most `retries` more times', async () => {
    const slack = await loopbackSlack(() => ({ retryAfter: '0' }));
    const fetch = rateLimitedFetch({ retries: 2, budgetMs: 20_000, requestTimeoutMs: 5_000 });
    const client = new webApi.WebClient('xoxb-test', { ...SLACK_CLIENT_BOUNDS, fetch, slackApiUrl: slack.apiUrl });

    await expect(client.auth.test()).rejects.toMatchObject({ code: webApi.ErrorCode.RateLimitedError });
    expect(slack.requests).toHaveLength(3);
  }, 15_000);
});
