/**
 * What must never happen: unsigned, mis-signed or stale requests acted on; an org revealed to a channel
 * it is not mapped to; a verdict over Block Kit's limits; a mention string in a paste pinging anyone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/sim';
import { USAGE } from '../../src/request/grammar';
import { escapeText } from '../../src/slack/blocks/text';
import { nowSeconds, startSlackHarness, TEST_SIGNING_SECRET, type SlackHarness } from '../support/slack-harness';
import { blockKitViolations } from '../support/block-kit-limits';
import { hugeVerdict, injectedVerdict, unsafeParts } from '../support/verdict-fixtures';
import { allTextFields, countingRunner, fixedVerdictRunner, simulatedOrg, textObjects, type Block } from './helpers';

describe('request verification and channel access', () => {
  let sims: RunningSimulator[] = [];
  let h: SlackHarness;
  const counter = countingRunner();
  beforeAll(async () => {
    const acme = await simulatedOrg('cc-no-role', 'acme', ['CACME']);
    const globex = await simulatedOrg('healthy', 'globex', ['CGLOBEX']);
    sims = [acme.sim, globex.sim];
    h = await startSlackHarness({ orgs: [acme.org, globex.org], wrapRunner: counter.wrap });
  });
  afterAll(async () => {
    await h.close();
    await Promise.all(sims.map((s) => s.close()));
  });

  it('rejects unsigned, wrongly signed and stale (>5 min) requests with 401 and posts nothing', async () => {
    const stale = nowSeconds() - 6 * 60;
    const answers = [
      await h.command('org=acme', { unsigned: true }),
      await h.command('org=acme', { secret: 'LEAKCANARY-not-the-secret' }),
      await h.command('org=acme', { timestamp: stale }),
      await h.event(
        { type: 'app_mention', user: 'U1', text: '<@UBOTSRCHK> org=acme', ts: '1.1', channel: 'CACME' },
        { secret: 'wrong-LEAKCANARY' },
      ),
      await h.event(
        { type: 'app_mention', user: 'U1', text: '<@UBOTSRCHK> org=acme', ts: '1.2', channel: 'CACME' },
        { timestamp: stale },
      ),
      // Signed over a different body than the one sent.
      await h.post(
        '/slack/events',
        'command=%2Fsr-check&text=org%3Dacme&channel_id=CACME',
        'application/x-www-form-urlencoded',
        {
          headers: { 'x-slack-signature': `v0=${'0'.repeat(64)}`, 'x-slack-request-timestamp': String(nowSeconds()) },
        },
      ),
    ];
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 401]);
    // Barrier: a correctly signed request afterwards is answered, so the rejected ones were fully handled.
    const ok = await h.command('help', { channel: 'CACME' });
    expect(ok.status).toBe(200);
    expect(counter.runs).toBe(0);
    expect(h.fake.calls.filter((c) => c.kind === 'response_url' || c.method.startsWith('chat.'))).toEqual([]);
    expect(TEST_SIGNING_SECRET).toContain('LEAKCANARY');
  });

  it('refuses an unknown org and an org not mapped to the channel with identical words, revealing nothing', async () => {
    const unknown = await h.command('org=nosuch', { channel: 'CACME' });
    const unmapped = await h.command('org=globex', { channel: 'CACME' });
    for (const answer of [unknown, unmapped]) {
      expect(answer.status).toBe(200);
      expect(answer.json.response_type).toBe('ephemeral');
      expect(answer.json.text).toContain(escapeText(USAGE));
    }
    expect(unknown.json.text.replace('nosuch', 'X')).toBe(unmapped.json.text.replace('globex', 'X'));
    expect(unmapped.json.text).not.toMatch(/healthy|Northwind|configured/i);
    expect(counter.runs).toBe(0);
  });

  it('answers bad input ephemerally with the usage line and runs nothing', async () => {
    // (`fresh` alone is a check in CACME, mapped to one org: a flag that is no flag stands in for it.)
    for (const text of ['org=acme colour=red', 'org=acme client=12345', 'org=acme user=', 'frsh']) {
      const answer = await h.command(text, { channel: 'CACME' });
      expect(answer.json.response_type).toBe('ephemeral');
      expect(answer.json.text).toContain(escapeText(USAGE));
    }
    expect(counter.runs).toBe(0);
  });

  it('lists only the orgs available in the channel', async () => {
    const inAcme = await h.command('orgs', { channel: 'CACME' });
    expect(inAcme.json.text).toContain('`acme`');
    expect(inAcme.json.text).not.toContain('globex');
    const elsewhere = await h.command('orgs', { channel: 'CRANDOM' });
    expect(elsewhere.json.text).toContain('No orgs are available in this channel');
    expect(elsewhere.json.text).not.toMatch(/acme|globex/);
  });

  it('reports a check that cannot run (unknown op) ephemerally, escaping what the user typed', async () => {
    const ack = await h.command('org=acme op="<!channel> <@U123> @everyone"', { channel: 'CACME' });
    expect(ack.json.text).toBe('Checking acme…');
    const reply = await h.fake.waitForCall(
      (c) => c.kind === 'response_url' && c.args.path === new URL(ack.responseUrl).pathname,
    );
    expect(reply.args.response_type).toBe('ephemeral');
    expect(unsafeParts(String(reply.args.text))).toEqual([]);
    expect(String(reply.args.text)).toContain(escapeText(USAGE));
  });

  it('answers /healthz and /readyz with 200 on the probes listener, and 404 beside /slack/events', async () => {
    expect((await fetch(`${h.probesUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${h.probesUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
    for (const path of ['/healthz', '/readyz', '/metrics']) expect((await h.get(path)).status).toBe(404);
  });
});

describe('posted verdicts', () => {
  it('stay within every Block Kit limit for a verdict with 500 evidence lines and 40 fixes per check', async () => {
    const { org, sim } = await simulatedOrg('healthy', 'acme', ['CACME']);
    const h = await startSlackHarness({ orgs: [org], wrapRunner: fixedVerdictRunner(hugeVerdict(500, 40)) });
    try {
      await h.command('org=acme', { channel: 'CACME' });
      const post = await h.fake.waitForCall((c) => c.method === 'chat.postMessage');
      expect(blockKitViolations(post.args)).toEqual([]);
      // The compact verdict cuts the list of calls; the evidence is behind Details (test/unit/slack/verdict-renderer.test.ts).
      expect(allTextFields(post.args.blocks).join('\n')).toMatch(/…and \d+ more \(Details\)/);
    } finally {
      await h.close();
      await sim.close();
    }
  });

  it('carry mention-injection strings escaped in every text field, in verbatim mrkdwn', async () => {
    const { org, sim } = await simulatedOrg('healthy', 'acme', ['CACME']);
    const h = await startSlackHarness({ orgs: [org], wrapRunner: fixedVerdictRunner(injectedVerdict()) });
    try {
      await h.command('org=acme', { channel: 'CACME', user: 'U0ASKER1' });
      const post = await h.fake.waitForCall((c) => c.method === 'chat.postMessage');
      const blocks = post.args.blocks as Block[];
      // sr-check's own markup, the only `<…>` allowed: who asked (this command's user) and when (Slack's date token).
      const ours = (text: string) =>
        text
          .replace('Requested by <@U0ASKER1>', 'Requested by')
          .replace(/<!date\^\d+\^\{date_short_pretty\} \{time\}\|[0-9T:Z-]+>/, 'DATE');
      const texts = [String(post.args.text), ...allTextFields(blocks)].map(ours);
      expect(texts.length).toBeGreaterThan(6);
      for (const text of texts) expect({ text, problems: unsafeParts(text) }).toEqual({ text, problems: [] });
      const joined = texts.join('\n');
      for (const escaped of ['&lt;!channel&gt;', '&lt;!here&gt;', '&lt;@U123&gt;', '&lt;!subteam^S1&gt;'])
        expect(joined).toContain(escaped);
      for (const object of textObjects(blocks)) if (object.type === 'mrkdwn') expect(object.verbatim).toBe(true);
      expect(post.args.link_names).toBeUndefined();
      expect(post.args.parse).toBeUndefined();
    } finally {
      await h.close();
      await sim.close();
    }
  });
});
