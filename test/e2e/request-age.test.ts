/** Signed requests dated far in the future are refused like stale ones (Bolt checks only the past). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nowSeconds, startSlackHarness, type SlackHarness } from '../support/slack-harness';

describe('request timestamps ahead of the clock', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness({ demoEnabled: true });
  });
  afterAll(async () => {
    await h.close();
  });

  it('rejects a correctly signed request dated more than 5 minutes ahead with 401 and posts nothing', async () => {
    const callsBefore = h.fake.calls.length;
    const ahead = await h.command('org=demo', { timestamp: nowSeconds() + 6 * 60 });
    const farAhead = await h.event(
      { type: 'app_mention', user: 'U1', text: 'hi', ts: '1.1', channel: 'CDEMO' },
      { timestamp: nowSeconds() + 24 * 3600 },
    );
    expect([ahead.status, farAhead.status]).toEqual([401, 401]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.fake.calls.slice(callsBefore).filter((c) => c.kind === 'api' || c.kind === 'response_url')).toEqual([]);
  });

  it('still accepts a request a little ahead (clock skew within 5 minutes)', async () => {
    const answer = await h.command('help', { timestamp: nowSeconds() + 60 });
    expect(answer.status).toBe(200);
  });
});
