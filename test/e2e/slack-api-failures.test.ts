/**
 * Slack's Web API failing: retries are bounded (SLACK_CLIENT_BOUNDS) and the verdict still reaches the
 * requester through response_url, so nobody is left with only "Checking acme…"; a post Slack may have
 * accepted (5xx, timeout) is looked up by its metadata id, never re-sent blindly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/sim';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { startSlackHarness, TEST_BOT_TOKEN, type SlackHarness } from '../support/slack-harness';
import { simulatedOrg } from './helpers';

describe('chat.postMessage failing (HTTP 503 every time)', () => {
  let sim: RunningSimulator;
  let fake: FakeSlack;
  let h: SlackHarness;
  beforeAll(async () => {
    const acme = await simulatedOrg('cc-no-role', 'acme', ['CACME']);
    sim = acme.sim;
    fake = await startFakeSlack({
      botToken: TEST_BOT_TOKEN,
      botUserId: 'UBOTSRCHK',
      botId: 'BBOTSRCHK',
      httpFailures: { 'chat.postMessage': 503, 'chat.postEphemeral': 503 },
    });
    // {}: the production client bounds, not the harness's "no retries".
    h = await startSlackHarness({ orgs: [acme.org], fake, slackClientOptions: {} });
  });
  afterAll(async () => {
    await h.close();
    await fake.close();
    await sim.close();
  });

  it('does not re-send a post whose outcome is unknown: looks for it, then sends the verdict through response_url', async () => {
    const ack = await h.command('org=acme', { channel: 'CACME' });
    expect(ack.json).toMatchObject({ text: 'Checking acme…' });
    const fallback = await fake.waitForCall(
      (c) => c.kind === 'response_url' && c.args.path === new URL(ack.responseUrl).pathname,
      { timeoutMs: 25_000, description: 'the verdict through response_url' },
    );
    expect(String(fallback.args.text)).toContain('acme');
    expect(Array.isArray(fallback.args.blocks)).toBe(true);
    // A 503 may come after Slack posted: no blind retry, a lookup of the post's metadata id instead (not found here).
    expect(fake.callsOf('chat.postMessage')).toHaveLength(1);
    expect(fake.callsOf('conversations.history')[0]?.args).toMatchObject({
      channel: 'CACME',
      include_all_metadata: 'true',
    });
  }, 30_000);
});

describe('chat.postMessage posted but its answer was lost (issue 14 item 5: no blind re-post)', () => {
  async function runWith(fakeOptions: Partial<Parameters<typeof startFakeSlack>[0]>, timeout?: number) {
    const acme = await simulatedOrg('cc-no-role', 'acme', ['CACME']);
    const sim = acme.sim;
    const fake = await startFakeSlack({ botToken: TEST_BOT_TOKEN, ...fakeOptions });
    // The production client bounds (a shorter timeout only to keep the test short).
    const h = await startSlackHarness({
      orgs: [acme.org],
      fake,
      slackClientOptions: timeout ? { timeout } : {},
    });
    try {
      const ack = await h.command('org=acme', { channel: 'CACME' });
      expect(ack.json).toMatchObject({ text: 'Checking acme…' });
      await fake.waitForCall((c) => c.method === 'conversations.history', {
        timeoutMs: 20_000,
        description: 'the lookup of the post whose answer was lost',
      });
      // close() drains in-flight work: anything the app would still send after the lookup is sent by then.
      await h.close();
      return { fake, calls: [...fake.calls] };
    } finally {
      await fake.close();
      await sim.close();
    }
  }

  it('answered 503 after posting: the verdict is in the channel exactly once, found, not re-sent', async () => {
    const { fake, calls } = await runWith({ postedButFailing: 503 });
    expect(fake.messages.filter((m) => m.channel === 'CACME')).toHaveLength(1);
    expect(calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
    expect(calls.filter((c) => c.kind === 'response_url')).toEqual([]);
    expect(fake.messages[0]?.metadata).toMatchObject({ event_type: 'sr_check_post' });
  }, 30_000);

  it('answered too late (client timeout): the verdict is in the channel exactly once', async () => {
    const { fake, calls } = await runWith({ postAnswerDelayMs: 1_500 }, 500);
    expect(fake.messages.filter((m) => m.channel === 'CACME')).toHaveLength(1);
    expect(calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
    expect(calls.filter((c) => c.kind === 'response_url')).toEqual([]);
  }, 30_000);
});

describe('chat.postMessage rate-limited for longer than the bounds (429 with Retry-After: 30)', () => {
  let sim: RunningSimulator;
  let fake: FakeSlack;
  let h: SlackHarness;
  beforeAll(async () => {
    const acme = await simulatedOrg('cc-no-role', 'acme', ['CACME']);
    sim = acme.sim;
    fake = await startFakeSlack({
      botToken: TEST_BOT_TOKEN,
      botUserId: 'UBOTSRCHK',
      botId: 'BBOTSRCHK',
      httpFailures: { 'chat.postMessage': 429 },
      retryAfterSeconds: 30,
    });
    // {}: the production client bounds (at most 20 s), not the harness's "no retries".
    h = await startSlackHarness({ orgs: [acme.org], fake, slackClientOptions: {} });
  });
  afterAll(async () => {
    await h.close();
    await fake.close();
    await sim.close();
  });

  it('gives up on the post at once and sends the verdict through response_url, long before the Retry-After', async () => {
    const ack = await h.command('org=acme', { channel: 'CACME' });
    expect(ack.json).toMatchObject({ text: 'Checking acme…' });
    const fallback = await fake.waitForCall(
      (c) => c.kind === 'response_url' && c.args.path === new URL(ack.responseUrl).pathname,
      { timeoutMs: 15_000, description: 'the verdict through response_url, well before the 30 s Retry-After' },
    );
    expect(String(fallback.args.text)).toContain('acme');
    // A 429 means Slack did not post: no lookup, and no waiting 30 s to send it again.
    expect(fake.callsOf('chat.postMessage')).toHaveLength(1);
    expect(fake.callsOf('conversations.history')).toEqual([]);
  }, 30_000);
});
