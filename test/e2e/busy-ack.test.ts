/**
 * A /sr-check the check queue would turn away is answered in its acknowledgement, not with "Checking…" and then
 * a response_url post: the answer comes at once, and a busy app sends one request fewer per such command.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/sim';
import { userShareMessage } from '../../src/slack/check-limiter';
import { ACK_CLAIM_TIMEOUT_MS } from '../../src/slack/listeners/middleware/dedupe';
import { usageErrorReply } from '../../src/slack/blocks/replies';
import type { IdempotencyStore } from '../../src/slack/stores/idempotency-store';
import { BOT_USER_ID, startSlackHarness } from '../support/slack-harness';
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

  it('commands that arrive together: no more are told "Checking…" than the queue takes, and none of those is turned away later', async () => {
    const acme = await simulatedOrg('healthy', 'acme', ['CACME']);
    sims.push(acme.sim);
    const gate = gatedRunner();
    const burst = PER_USER + 8;
    // A shared store answers the delivery claims of commands that arrive together together (a database round
    // trip each): their listeners then decide every ack before any of their checks has started.
    const waiting: Array<() => void> = [];
    let firstClaimAt: number | undefined;
    let answeredAfterMs: number | undefined;
    const together: IdempotencyStore = {
      claim: () =>
        new Promise<boolean>((resolve) => {
          firstClaimAt ??= performance.now();
          waiting.push(() => resolve(true));
          if (waiting.length < burst) return;
          answeredAfterMs = performance.now() - firstClaimAt;
          for (const answer of waiting.splice(0)) answer();
        }),
    };
    const h = await startSlackHarness({ orgs: [acme.org], wrapRunner: gate.wrap, idempotency: together });
    try {
      const acks = await Promise.all(
        Array.from({ length: burst }, () => h.command('org=acme', { channel: 'CACME', user: 'U0BURST' })),
      );
      // The premise: no claim waited out the middleware's bound (past it a listener goes ahead alone).
      expect(answeredAfterMs).toBeLessThan(ACK_CLAIM_TIMEOUT_MS);
      const checking = acks.filter((a) => a.json?.text === 'Checking acme…');
      const refused = acks.filter((a) => a.json?.text === usageErrorReply(userShareMessage(PER_USER)));
      expect({ checking: checking.length, refused: refused.length }).toEqual({ checking: PER_USER, refused: 8 });

      gate.release();
      await h.fake.waitForCall(() => h.fake.callsOf('chat.postMessage').length === PER_USER, {
        description: 'a verdict for every command told "Checking…"',
        timeoutMs: 30_000,
      });
      // No command was promised a check and then turned away by response_url.
      expect(h.fake.callsOf('response_url')).toEqual([]);
    } finally {
      gate.release();
      await h.close();
    }
  }, 60_000);

  it('a mention from someone who holds their share is answered with the refusal alone, not "Checking…" and then the refusal', async () => {
    const acme = await simulatedOrg('healthy', 'acme', ['CACME']);
    sims.push(acme.sim);
    const gate = gatedRunner();
    const h = await startSlackHarness({ orgs: [acme.org], wrapRunner: gate.wrap });
    try {
      for (let n = 0; n < PER_USER; n++) await h.command('org=acme', { channel: 'CACME', user: 'U0MENTION' });
      const ts = '1700000700.000100';
      await h.event({
        type: 'app_mention',
        user: 'U0MENTION',
        text: `<@${BOT_USER_ID}> org=acme`,
        ts,
        channel: 'CACME',
        event_ts: ts,
      });
      const answer = await h.fake.waitForCall((c) => c.method === 'chat.postEphemeral' && c.args.thread_ts === ts, {
        description: "the mention's answer",
      });
      expect(answer.args.text).toBe(usageErrorReply(userShareMessage(PER_USER)));
      gate.release();
      await h.fake.waitForCall(() => h.fake.callsOf('chat.postMessage').length === PER_USER, {
        description: 'the verdicts of the commands',
        timeoutMs: 30_000,
      });
      expect(h.fake.callsOf('chat.postEphemeral').filter((c) => c.args.thread_ts === ts)).toHaveLength(1);
    } finally {
      gate.release();
      await h.close();
    }
  }, 60_000);
});
