/** Mentions: same grammar, answered in the thread; Slack retries (same event_id) never answered twice. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/sim';
import { BOT_USER_ID, startSlackHarness, type SlackHarness } from '../support/slack-harness';
import { countingRunner, simulatedOrg, type Block } from './helpers';

let sim: RunningSimulator;
let h: SlackHarness;
const counter = countingRunner();

beforeAll(async () => {
  const acme = await simulatedOrg('cc-no-role', 'acme', ['CACME']);
  sim = acme.sim;
  h = await startSlackHarness({ orgs: [acme.org], wrapRunner: counter.wrap });
});
afterAll(async () => {
  await h.close();
  await sim.close();
});

function mention(text: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'app_mention',
    user: 'UASKER1',
    text: `<@${BOT_USER_ID}> ${text}`,
    ts: '1700000500.000100',
    channel: 'CACME',
    event_ts: '1700000500.000100',
    ...extra,
  };
}

describe('@sr-check mentions', () => {
  it('answers inside the existing thread (thread_ts from the event)', async () => {
    const sent = await h.event(mention('org=acme', { ts: '1700000600.000200', thread_ts: '1700000555.000100' }));
    expect(sent.status).toBe(200);
    const post = await h.fake.waitForCall(
      (c) => c.method === 'chat.postMessage' && c.args.thread_ts === '1700000555.000100',
      { description: 'verdict in the thread' },
    );
    expect(post.args.channel).toBe('CACME');
    expect((post.args.blocks as Block[])[1]!.text.text).toContain('*FAIL*');
    const checking = h.fake.callsOf('chat.postEphemeral').find((c) => c.args.thread_ts === '1700000555.000100');
    expect(checking?.args).toMatchObject({ user: 'UASKER1', text: 'Checking acme…' });
  });

  it('starts a thread on the mention itself when it is not in one', async () => {
    await h.event(mention('org=acme', { ts: '1700000700.000300' }));
    const post = await h.fake.waitForCall(
      (c) => c.method === 'chat.postMessage' && c.args.thread_ts === '1700000700.000300',
    );
    expect(post.args.channel).toBe('CACME');
  });

  it('answers help and refusals ephemerally in the thread, with the same grammar as the command', async () => {
    await h.event(mention('org=globex', { ts: '1700000800.000400' }));
    const refusal = await h.fake.waitForCall(
      (c) => c.method === 'chat.postEphemeral' && c.args.thread_ts === '1700000800.000400',
    );
    expect(String(refusal.args.text)).toContain('No org "globex" is available in this channel');
    await h.event(mention('help', { ts: '1700000801.000400' }));
    const help = await h.fake.waitForCall(
      (c) => c.method === 'chat.postEphemeral' && c.args.thread_ts === '1700000801.000400',
    );
    expect(String(help.args.text)).toContain('Usage: /sr-check');
  });

  it('answers a retried event (X-Slack-Retry-Num: 1, same event_id) once', async () => {
    const runsBefore = counter.runs;
    const first = await h.event(mention('org=acme', { ts: '1700000900.000500' }));
    const retry = await h.event(mention('org=acme', { ts: '1700000900.000500' }), {
      eventId: first.eventId,
      retryNum: 1,
    });
    const retry2 = await h.event(mention('org=acme', { ts: '1700000900.000500' }), {
      eventId: first.eventId,
      retryNum: 2,
    });
    expect([first.status, retry.status, retry2.status]).toEqual([200, 200, 200]);
    await h.fake.waitForCall((c) => c.method === 'chat.postMessage' && c.args.thread_ts === '1700000900.000500');
    // A later event as a barrier: once its answer is posted, the retries have long been processed.
    await h.event(mention('org=acme', { ts: '1700000901.000600' }));
    await h.fake.waitForCall((c) => c.method === 'chat.postMessage' && c.args.thread_ts === '1700000901.000600');
    expect(h.fake.callsOf('chat.postMessage').filter((c) => c.args.thread_ts === '1700000900.000500')).toHaveLength(1);
    expect(h.fake.callsOf('chat.postEphemeral').filter((c) => c.args.thread_ts === '1700000900.000500')).toHaveLength(
      1,
    );
    expect(counter.runs - runsBefore).toBe(2);
  });

  it('answers a repeated slash command delivery (same trigger_id) once', async () => {
    const first = await h.command('org=acme', { channel: 'CACME', triggerId: 'trigger-dup-1' });
    const again = await h.command('org=acme', { channel: 'CACME', triggerId: 'trigger-dup-1' });
    expect(first.json.text).toBe('Checking acme…');
    expect(again.status).toBe(200);
    expect(again.text).toBe('');
  });

  it('ignores mentions from bots', async () => {
    const before = h.fake.calls.length;
    await h.event(mention('org=acme', { ts: '1700001000.000700', bot_id: 'BOTHER' }));
    await h.event(mention('help', { ts: '1700001001.000700' }));
    await h.fake.waitForCall((c) => c.method === 'chat.postEphemeral' && c.args.thread_ts === '1700001001.000700');
    expect(h.fake.calls.slice(before).filter((c) => c.args.thread_ts === '1700001000.000700')).toHaveLength(0);
  });
});
