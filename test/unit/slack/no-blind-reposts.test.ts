/**
 * noBlindReposts (src/slack/web-api-bounds.ts): which chat.postMessage failures the WebClient may retry (Slack certainly did
 * not post) and which become "outcome unknown" (Slack may have posted: the wrapper looks before sending again).
 */
import { describe, expect, it } from 'vitest';
import { noBlindReposts } from '../../../src/slack/web-api-bounds';
import { POST_OUTCOME_UNKNOWN } from '../../../src/slack/post';

const POST = 'http://127.0.0.1:1/api/chat.postMessage';

describe('noBlindReposts', () => {
  it('turns a 5xx answer to chat.postMessage into the outcome-unknown Slack error (not retried)', async () => {
    const guarded = noBlindReposts(async () => new Response('', { status: 503 }));
    const response = await guarded(POST, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: false, error: POST_OUTCOME_UNKNOWN });
  });

  it('turns a timeout of chat.postMessage into the outcome-unknown Slack error', async () => {
    const guarded = noBlindReposts(async () => {
      throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    });
    expect(await (await guarded(POST, {})).json()).toEqual({ ok: false, error: POST_OUTCOME_UNKNOWN });
  });

  it('lets a refused connection through (nothing was sent: the WebClient retries it)', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const guarded = noBlindReposts(async () => {
      throw refused;
    });
    await expect(guarded(POST, {})).rejects.toBe(refused);
  });

  it('leaves 429 and every other method alone', async () => {
    const guarded = noBlindReposts(async () => new Response('', { status: 429, headers: { 'retry-after': '1' } }));
    expect((await guarded(POST, {})).status).toBe(429);
    const update = noBlindReposts(async () => new Response('', { status: 503 }));
    expect((await update('http://127.0.0.1:1/api/chat.update', {})).status).toBe(503);
  });
});
