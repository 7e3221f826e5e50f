/**
 * Slack's Web API failing: retries are bounded (SLACK_CLIENT_BOUNDS) and the verdict still reaches the
 * requester through response_url, so nobody is left with only "Checking acme…".
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

  it('gives up after 3 retries and sends the verdict through response_url instead', async () => {
    const ack = await h.command('org=acme', { channel: 'CACME' });
    expect(ack.json).toMatchObject({ text: 'Checking acme…' });
    const fallback = await fake.waitForCall(
      (c) => c.kind === 'response_url' && c.args.path === new URL(ack.responseUrl).pathname,
      { timeoutMs: 25_000, description: 'the verdict through response_url' },
    );
    expect(String(fallback.args.text)).toContain('acme');
    expect(Array.isArray(fallback.args.blocks)).toBe(true);
    expect(fake.callsOf('chat.postMessage')).toHaveLength(4);
  }, 30_000);
});
