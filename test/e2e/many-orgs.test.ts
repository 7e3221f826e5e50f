/**
 * `/sr-check org=a,b,…` and `org=*` end to end: signed slash commands into the real app, orgs on the Genesys
 * simulator. One matrix message (within Block Kit limits), an org the channel may not see neither run nor named,
 * every org's verdict recorded in the history, and a Slack retry of the same command answered once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/sim';
import { SqliteStore } from '../../src/store/sqlite-store';
import { blockKitViolations } from '../support/block-kit-limits';
import { healthyMinusViewerGrant, TARGET_CLIENT } from '../support/many-orgs';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness';
import { allTextFields, simulatedOrg, type Block } from './helpers';

/** The healthy scenario's fixer client: it lacks the target client's "Screen Recording Viewer" grant. */
const FIXER_CLIENT = '9dd6054f-efab-4657-9a7f-b5471c523740';

describe('/sr-check with several orgs', () => {
  const sims: RunningSimulator[] = [];
  let hiddenSim: RunningSimulator;
  let store: SqliteStore;
  let h: SlackHarness;

  beforeAll(async () => {
    const acme = await simulatedOrg('healthy', 'acme', ['CMULTI']);
    const globex = await simulatedOrg(healthyMinusViewerGrant() as never, 'globex', ['CMULTI']);
    const hidden = await simulatedOrg('healthy', 'hidden', ['COTHER']);
    hiddenSim = hidden.sim;
    sims.push(acme.sim, globex.sim, hidden.sim);
    store = new SqliteStore({ path: ':memory:' });
    h = await startSlackHarness({ orgs: [acme.org, globex.org, hidden.org], store });
  });
  afterAll(async () => {
    await h?.close();
    await store?.close();
    await Promise.all(sims.map((s) => s.close()));
  });

  it('acknowledges, then posts one matrix: the failing org with its fix and what differs; a hidden org not run and answered like one that does not exist', async () => {
    const ack = await h.command('org=acme,globex,hidden,nosuch', { channel: 'CMULTI', user: 'UMATRIX1' });
    expect(ack.status).toBe(200);
    expect(ack.json).toEqual({ response_type: 'ephemeral', text: 'Checking 4 orgs…' });
    const post = await h.fake.waitForCall(
      (c) => c.method === 'chat.postMessage' && c.args.channel === 'CMULTI' && c.seq > ack.seq,
      { description: 'the matrix' },
    );
    expect(blockKitViolations(post.args)).toEqual([]);
    const text = allTextFields(post.args.blocks as Block[]).join('\n');
    expect(text).toContain('sr-check · 2 org(s)');
    expect(text).toMatch(/\*globex\*/);
    expect(text).toMatch(/\*acme\*/);
    expect(text).toContain('Screen Recording Viewer');
    expect(text).toContain('differs from *acme*');
    expect(text).toContain('2 not available here');
    // Not run, and answered exactly like a name that does not exist (only the name the user typed is echoed).
    const rowOf = (name: string) => text.split('\n').find((line) => line.includes(`*${name}*`))!;
    expect(rowOf('hidden').replace('hidden', 'X')).toBe(rowOf('nosuch').replace('nosuch', 'X'));
    expect(hiddenSim.requests).toHaveLength(0);
    expect(String(post.args.text)).toContain('1 fail');
    // Who asked and when, as on every verdict posted in a channel (the date in the reader's time zone).
    expect(text).toContain('Requested by <@UMATRIX1>');
    expect(text).toMatch(/<!date\^\d+\^\{date_short_pretty\} \{time\}\|[^>]+>/);

    // Every org's verdict is in the history (source `check`), with its facts.
    const [globexEntry] = await store.listHistory('globex', { limit: 1 });
    expect(globexEntry).toMatchObject({ org: 'globex', source: 'check', overall: 'fail' });
    expect(globexEntry!.snapshot?.grants.ok).toBe(true);
    expect(await store.listHistory('hidden')).toEqual([]);
  });

  it('org=* runs every org of the channel and no other', async () => {
    const before = hiddenSim.requests.length;
    const ack = await h.command('org=* op=recordings-read', { channel: 'CMULTI' });
    expect(ack.json).toEqual({ response_type: 'ephemeral', text: 'Checking every org of this channel…' });
    const post = await h.fake.waitForCall(
      (c) => c.method === 'chat.postMessage' && c.args.channel === 'CMULTI' && c.seq > ack.seq,
      { description: 'the matrix' },
    );
    const text = allTextFields(post.args.blocks as Block[]).join('\n');
    expect(text).toContain('sr-check · 2 org(s)');
    expect(text).not.toContain('hidden');
    expect(text).not.toContain('not available here');
    expect(hiddenSim.requests.length).toBe(before);
  });

  it('a Slack retry of the same command (same trigger) is answered once', async () => {
    const triggerId = 'trigger-many-orgs-retry';
    const first = await h.command('org=acme,globex', { channel: 'CMULTI', triggerId });
    await h.fake.waitForCall(
      (c) => c.method === 'chat.postMessage' && c.args.channel === 'CMULTI' && c.seq > first.seq,
      { description: 'the matrix' },
    );
    const posts = h.fake.callsOf('chat.postMessage').length;
    const retry = await h.command('org=acme,globex', {
      channel: 'CMULTI',
      triggerId,
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(retry.status).toBe(200);
    expect(retry.json?.text ?? '').not.toContain('Checking');
    // The retry was dropped before any check ran: an ordinary command sent after it is the next post.
    const after = await h.command('org=acme,globex', { channel: 'CMULTI' });
    await h.fake.waitForCall(
      (c) => c.method === 'chat.postMessage' && c.args.channel === 'CMULTI' && c.seq > after.seq,
      { description: 'the next matrix' },
    );
    expect(h.fake.callsOf('chat.postMessage').length).toBe(posts + 1);
  });

  it('answers bad input and unavailable orgs privately, running nothing', async () => {
    const before = h.fake.callsOf('chat.postMessage').length;
    const bad = await h.command('org=acme,bad_name', { channel: 'CMULTI' });
    expect(bad.json.text).toMatch(/not an org name: "bad_name"/);
    const watch = await h.command('org=acme,globex watch', { channel: 'CMULTI' });
    expect(watch.json.text).toMatch(/watch works with one org/);
    const elsewhere = await h.command('org=hidden,nosuch', { channel: 'CMULTI' });
    expect(elsewhere.json.text).toBe('Checking 2 orgs…');
    const path = new URL(elsewhere.responseUrl).pathname;
    const reply = await h.fake.waitForCall((c) => c.kind === 'response_url' && c.args.path === path, {
      description: 'the private answer',
    });
    expect(reply.args).toMatchObject({ response_type: 'ephemeral' });
    expect(String(reply.args.text)).toMatch(/isn't available here|not available|Unknown org|no org/i);
    expect(h.fake.callsOf('chat.postMessage').length).toBe(before);
  });

  it('compare= posts both identities and the role grant the working one has; an org not mapped here is refused alike', async () => {
    const ack = await h.command(`org=acme client=${FIXER_CLIENT} compare=${TARGET_CLIENT}`, {
      channel: 'CMULTI',
      user: 'UCOMPARE1',
    });
    expect(ack.json).toEqual({ response_type: 'ephemeral', text: 'Comparing two identities in acme…' });
    const post = await h.fake.waitForCall(
      (c) => c.method === 'chat.postMessage' && c.args.channel === 'CMULTI' && c.seq > ack.seq,
      { description: 'the comparison' },
    );
    expect(blockKitViolations(post.args)).toEqual([]);
    const text = allTextFields(post.args.blocks as Block[]).join('\n');
    expect(text).toContain('compare in acme');
    expect(text).toContain('What *2* (passing) has and the other lacks:');
    expect(text).toContain('holds role "Screen Recording Viewer" in all divisions (*)');
    expect(text).toContain('Requested by <@UCOMPARE1>');
    expect(text).toMatch(/<!date\^\d+\^\{date_short_pretty\} \{time\}\|[^>]+>/);

    const before = hiddenSim.requests.length;
    const hidden = await h.command(`org=hidden client=${FIXER_CLIENT} compare=${TARGET_CLIENT}`, { channel: 'CMULTI' });
    const nosuch = await h.command(`org=nosuch client=${FIXER_CLIENT} compare=${TARGET_CLIENT}`, { channel: 'CMULTI' });
    expect(hidden.json.text.replace('hidden', 'X')).toBe(nosuch.json.text.replace('nosuch', 'X'));
    expect(hiddenSim.requests.length).toBe(before);
  });
});

describe('/sr-check org=* past one message', () => {
  it('posts the first page in the channel and the further pages in its thread, each within Block Kit limits', async () => {
    const shared = await simulatedOrg('healthy', 'p00', ['CPAGE']);
    // 65 orgs (one simulator behind them all, each org its own client and token): more rows than one page holds.
    const orgs = Array.from({ length: 65 }, (_, i) => ({ ...shared.org, name: `p${String(i).padStart(2, '0')}` }));
    const h = await startSlackHarness({ orgs, genesysClientOptions: { ratePerMinute: 100_000 } });
    try {
      const ack = await h.command('org=*', { channel: 'CPAGE' });
      const first = await h.fake.waitForCall(
        (c) => c.method === 'chat.postMessage' && c.args.channel === 'CPAGE' && c.seq > ack.seq,
        { description: 'page 1', timeoutMs: 60_000 },
      );
      const ts = String(first.response?.ts);
      const second = await h.fake.waitForCall((c) => c.method === 'chat.postMessage' && c.args.thread_ts === ts, {
        description: 'page 2 in the thread',
        timeoutMs: 10_000,
      });
      for (const page of [first, second]) expect(blockKitViolations(page.args)).toEqual([]);
      expect(allTextFields(first.args.blocks as Block[]).join('\n')).toContain('page 1 of 2');
      expect(allTextFields(second.args.blocks as Block[]).join('\n')).toContain('page 2 of 2');
      expect(allTextFields(first.args.blocks as Block[]).join('\n')).toContain("sr-check org='*' --json");
    } finally {
      await h.close();
      await shared.sim.close();
    }
  }, 90_000);
});
