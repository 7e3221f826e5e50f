/**
 * A /sr-check the check queue would turn away is answered in its acknowledgement, not with "Checking…" and then
 * a response_url post: the answer comes at once, and a busy app sends one request fewer per such command.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/sim';
import { userShareMessage } from '../../src/slack/check-limiter';
import { usageErrorReply } from '../../src/slack/blocks/replies';
import { startSlackHarness } from '../support/slack-harness';
import { gatedRunner, simulatedOrg } from './helpers';

const sims: RunningSimulator[] = [];
afterAll(async () => {
  await Promise.all(sims.map((s) => s.close()));
});

/** A person's share of the queue (DEFAULT_MAX_CHECKS_PER_USER in src/slack/app.ts). */
const PER_USER = 32;

describe('a command the check queue turns away', () => {
  it("gets the refusal in its ack once the person holds their share, and nothing by response_url; the others' checks still run", async () => {
    const acme = await simulatedOrg('healthy', 'acme', ['CACME']);
    sims.push(acme.sim);
    const gate = gatedRunner();
    const h = await startSlackHarness({ orgs: [acme.org], wrapRunner: gate.wrap });
    try {
      const held = [];
      for (let n = 0; n < PER_USER; n++) held.push(await h.command('org=acme', { channel: 'CACME', user: 'U0MANY' }));
      for (const ack of held) expect(ack.json).toEqual({ response_type: 'ephemeral', text: 'Checking acme…' });

      const turnedAway = await h.command('org=acme', { channel: 'CACME', user: 'U0MANY' });
      expect(turnedAway.status).toBe(200);
      expect(turnedAway.json).toEqual({
        response_type: 'ephemeral',
        text: usageErrorReply(userShareMessage(PER_USER)),
      });
      // Someone else in the channel still gets a check.
      const other = await h.command('org=acme', { channel: 'CACME', user: 'U0OTHER' });
      expect(other.json).toEqual({ response_type: 'ephemeral', text: 'Checking acme…' });

      gate.release();
      await h.fake.waitForCall(() => h.fake.callsOf('chat.postMessage').length === PER_USER + 1, {
        description: 'the verdicts of the checks that were queued',
        timeoutMs: 30_000,
      });
      // Nothing was ever sent to the turned-away command's response_url.
      const path = new URL(turnedAway.responseUrl).pathname;
      expect(h.fake.callsOf('response_url').filter((c) => c.args.path === path)).toEqual([]);
    } finally {
      gate.release();
      await h.close();
    }
  }, 60_000);
});
