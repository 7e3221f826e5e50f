/** /sr-check end to end: signed form posts into Bolt's HTTP receiver, verdicts from the Genesys simulator. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/sim';
import { buttonClick, startSlackHarness, viewSubmission, type SlackHarness } from '../support/slack-harness';
import { blockKitViolations, viewViolations } from '../support/block-kit-limits';
import { allTextFields, countingRunner, gatedRunner, simulatedOrg, type Block, buttonsOf } from './helpers';

const sims: RunningSimulator[] = [];
afterAll(async () => {
  await Promise.all(sims.map((s) => s.close()));
});

async function orgs() {
  const acme = await simulatedOrg('cc-no-role', 'acme', ['CACME']);
  const initech = await simulatedOrg('healthy', 'initech', ['CINITECH']);
  sims.push(acme.sim, initech.sim);
  return [acme.org, initech.org];
}

describe('/sr-check against the simulator', () => {
  let h: SlackHarness;
  const counter = countingRunner();
  beforeAll(async () => {
    h = await startSlackHarness({
      orgs: await orgs(),
      notInChannel: ['CINITECH'],
      wrapRunner: counter.wrap,
      // As npm start runs the checks (src/check-thread/); the other suites cover checks in the app's thread.
      checkThread: true,
    });
    // The form runs only in a channel its submitter is in (check-form-membership.test.ts).
    h.fake.userChannels.U0MODAL1 = ['CACME'];
    h.fake.userChannels.U0HOME1 = ['CACME', 'CINITECH'];
  });
  afterAll(async () => {
    await h.close();
  });

  /** This test's own `/sr-check org=acme` and the verdict it posts (no test relies on another's). */
  async function acmeVerdict(): Promise<Block[]> {
    const ack = await h.command('org=acme', { channel: 'CACME' });
    const post = await h.fake.waitForCall(
      (c) => c.method === 'chat.postMessage' && c.args.channel === 'CACME' && c.seq > ack.seq,
      { description: 'the verdict' },
    );
    return post.args.blocks as Block[];
  }

  it('acknowledges at once with "Checking…", then posts a failing verdict with a fix button (cc-no-role)', async () => {
    // Its own harness, with the check held at a gate, so the acknowledgement is seen before any verdict.
    const gate = gatedRunner();
    const h = await startSlackHarness({ orgs: await orgs(), notInChannel: ['CINITECH'], wrapRunner: gate.wrap });
    try {
      await acknowledgesThenPosts(h, gate);
    } finally {
      gate.release();
      await h.close();
    }
  });

  async function acknowledgesThenPosts(h: SlackHarness, gate: ReturnType<typeof gatedRunner>): Promise<void> {
    const ack = await h.command('org=acme', { channel: 'CACME' });
    expect(ack.status).toBe(200);
    expect(ack.json).toEqual({ response_type: 'ephemeral', text: 'Checking acme…' });
    // The check is held at the gate: the acknowledgement did not wait for it.
    expect(gate.runs).toBe(1);
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(0);
    gate.release();

    const post = await h.fake.waitForCall((c) => c.method === 'chat.postMessage' && c.args.channel === 'CACME', {
      description: 'the verdict',
    });
    expect(post.seq).toBeGreaterThan(ack.seq);
    expect(post.authorized).toBe(true);
    const blocks = post.args.blocks as Block[];
    expect(blockKitViolations(post.args)).toEqual([]);
    expect(blocks[0]).toMatchObject({ type: 'header' });
    expect(blocks[0]!.text.text).toContain('acme');
    expect(blocks[0]!.text.text).toContain('ArchiveBridge Screen Archiver');
    expect(blocks[1]!.text.text).toContain('*FAIL*');
    expect(String(post.args.text)).toContain('FAIL');
    const texts = allTextFields(blocks).join('\n');
    expect(texts).toMatch(/:x: \*role\* · FAIL/);
    const fixButtons = buttonsOf(blocks).filter((b) => String(b.action_id).startsWith('fix:'));
    expect(fixButtons.map((b) => b.text.text)).toContain('Grant Screen Recording Viewer');
    expect(buttonsOf(blocks).some((b) => b.action_id === 'rerun')).toBe(true);
  }

  it('answers the fix button ephemerally (approvals not enabled yet) and re-runs into the thread', async () => {
    const blocks = await acmeVerdict();
    const fix = buttonsOf(blocks).find((b) => String(b.action_id).startsWith('fix:'))!;
    const responseUrl = h.fake.responseUrl();
    const click = await h.action(
      buttonClick({ button: fix, channel: 'CACME', message: { ts: '1700000001.000100' }, responseUrl }),
    );
    expect(click.status).toBe(200);
    const reply = await h.fake.waitForCall(
      (c) => c.kind === 'response_url' && c.args.path === new URL(responseUrl).pathname,
    );
    expect(reply.args).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(reply.args.text)).toContain('approval');
    expect(String(reply.args.text)).toContain('Screen Recording Viewer');

    const rerun = buttonsOf(blocks).find((b) => b.action_id === 'rerun')!;
    const before = h.fake.callsOf('chat.postMessage').length;
    await h.action(
      buttonClick({
        button: rerun,
        channel: 'CACME',
        message: { ts: '1700000001.000100' },
        responseUrl: h.fake.responseUrl(),
      }),
    );
    const again = await h.fake.waitForCall(
      (c) => c.method === 'chat.postMessage' && c.args.thread_ts === '1700000001.000100',
      { description: 're-run verdict in the thread' },
    );
    expect(h.fake.callsOf('chat.postMessage').length).toBe(before + 1);
    expect((again.args.blocks as Block[])[1]!.text.text).toContain('FAIL');
  });

  it("names who asked, and opens the full evidence in a modal (views.open with the click's trigger_id) from Details", async () => {
    const ack = await h.command('org=acme', { channel: 'CACME', user: 'U0ASKER1' });
    const post = await h.fake.waitForCall(
      (c) => c.method === 'chat.postMessage' && c.args.channel === 'CACME' && c.seq > ack.seq,
      { description: 'the verdict' },
    );
    const blocks = post.args.blocks as Block[];
    expect(allTextFields(blocks).join('\n')).toMatch(
      /Requested by <@U0ASKER1> · <!date\^\d+\^\{date_short_pretty\} \{time\}\|/,
    );
    const details = buttonsOf(blocks).find((b) => b.action_id === 'verdict:details')!;
    const click = buttonClick({
      button: details,
      channel: 'CACME',
      message: { ts: '1700000002.000100' },
      responseUrl: h.fake.responseUrl(),
    });
    await h.action(click);
    const open = await h.fake.waitForCall((c) => c.method === 'views.open' && c.args.trigger_id === click.trigger_id, {
      description: 'the details modal',
    });
    expect(open.response).toMatchObject({ ok: true });
    const view = (typeof open.args.view === 'string' ? JSON.parse(open.args.view) : open.args.view) as Record<
      string,
      any
    >;
    expect(viewViolations(view)).toEqual([]);
    const texts = allTextFields(view.blocks).join('\n');
    // The evidence the compact message leaves out: the role check's reasoning, per call.
    expect(texts).toMatch(/needs recording:screenRecording:view/);
    expect(texts).toMatch(/:x: \*role\* · FAIL/);

    // Clicked in another channel: refused privately, no modal.
    const opensBefore = h.fake.callsOf('views.open').length;
    const elsewhere = h.fake.responseUrl();
    await h.action(buttonClick({ button: details, channel: 'CINITECH', responseUrl: elsewhere }));
    await h.fake.waitForCall((c) => c.kind === 'response_url' && c.args.path === new URL(elsewhere).pathname);
    expect(h.fake.callsOf('views.open').length).toBe(opensBefore);
  });

  it("/sr-check alone opens the check modal (the channel's org preselected); a bad submission is answered in it, a good one runs", async () => {
    const ack = await h.command('', { channel: 'CACME', user: 'U0MODAL1', triggerId: 'trigger-modal-1' });
    expect(ack.status).toBe(200);
    expect(ack.text).toBe('');
    const open = await h.fake.waitForCall((c) => c.method === 'views.open' && c.args.trigger_id === 'trigger-modal-1', {
      description: 'the check modal',
    });
    const view = (typeof open.args.view === 'string' ? JSON.parse(open.args.view) : open.args.view) as Record<
      string,
      any
    >;
    expect(viewViolations(view)).toEqual([]);
    const orgSelect = view.blocks.find((b: Block) => b.block_id === 'check-org').element;
    expect(orgSelect.options.map((o: any) => o.value)).toEqual(['acme']);
    expect(orgSelect.initial_option.value).toBe('acme');

    const runsBefore = counter.runs;
    const submit = (
      fields: { org?: string; identity?: string | null; interaction?: string | null; op?: string | null },
      metadata = view.private_metadata as string,
    ) => {
      const payload = viewSubmission({
        callbackId: view.callback_id,
        privateMetadata: metadata,
        values: {},
        user: 'U0MODAL1',
      });
      const state = {
        'check-org': {
          value: {
            type: 'static_select',
            selected_option: fields.org ? { text: { type: 'plain_text', text: fields.org }, value: fields.org } : null,
          },
        },
        'check-identity': { value: { type: 'plain_text_input', value: fields.identity ?? null } },
        'check-interaction': { value: { type: 'plain_text_input', value: fields.interaction ?? null } },
        'check-op': { value: { type: 'plain_text_input', value: fields.op ?? null } },
      };
      (payload.view as Record<string, any>).state = { values: state };
      return h.action(payload);
    };
    // Each mistake is shown next to its field, and nothing runs.
    const badId = await submit({ org: 'acme', identity: 'client=not-a-uuid' });
    expect(badId.json).toMatchObject({
      response_action: 'errors',
      errors: { 'check-identity': expect.stringContaining('client must be a Genesys id') },
    });
    const unmapped = await submit({ org: 'initech' });
    expect(unmapped.json).toMatchObject({
      response_action: 'errors',
      errors: { 'check-org': 'No org "initech" is available in this channel.' },
    });
    const noOrg = await submit({});
    expect(noOrg.json).toMatchObject({ response_action: 'errors', errors: { 'check-org': 'Choose an org.' } });
    const forged = await submit({ org: 'acme' }, '{"channel":"<!channel>"}');
    expect(forged.json).toMatchObject({ response_action: 'errors' });
    expect(counter.runs).toBe(runsBefore);

    // A good one closes the modal and posts the verdict in the command's channel, naming who asked.
    const ok = await submit({ org: 'acme', identity: null, op: null });
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('');
    const post = await h.fake.waitForCall(
      (c) => c.method === 'chat.postMessage' && c.args.channel === 'CACME' && c.seq > ok.seq,
      { description: 'the verdict from the modal' },
    );
    expect(counter.runs).toBe(runsBefore + 1);
    expect(blockKitViolations(post.args)).toEqual([]);
    expect(allTextFields(post.args.blocks).join('\n')).toContain('Requested by <@U0MODAL1>');
  });

  it('/sr-check alone in a channel with no org says so instead of opening a modal', async () => {
    const ack = await h.command('', { channel: 'CRANDOM', triggerId: 'trigger-modal-2' });
    expect(ack.json).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('No orgs are available in this channel'),
    });
    expect(h.fake.callsOf('views.open').filter((c) => c.args.trigger_id === 'trigger-modal-2')).toEqual([]);
  });

  it("App Home's Run a check opens the form without org names; the org is typed, the channel picked and judged by its mapping", async () => {
    await h.action({
      type: 'block_actions',
      team: { id: 'TFAKE', domain: 'fake' },
      user: { id: 'U0HOME1', username: 'home', team_id: 'TFAKE' },
      api_app_id: 'AFAKE',
      token: 'deprecated-verification-token',
      container: { type: 'view', view_id: 'VHOME1' },
      trigger_id: 'trigger-home-1',
      view: { id: 'VHOME1', type: 'home', blocks: [] },
      actions: [
        {
          type: 'button',
          action_id: 'home:run-check',
          block_id: 'home-run',
          value: 'run',
          text: { type: 'plain_text', text: 'Run a check' },
          action_ts: '1700000000.000009',
        },
      ],
    });
    const open = await h.fake.waitForCall((c) => c.method === 'views.open' && c.args.trigger_id === 'trigger-home-1', {
      description: 'the check modal from Home',
    });
    const view = (typeof open.args.view === 'string' ? JSON.parse(open.args.view) : open.args.view) as Record<
      string,
      any
    >;
    expect(viewViolations(view)).toEqual([]);
    expect(JSON.stringify(view)).not.toMatch(/acme|initech/);
    const submit = (org: string, channel: string | null) => {
      const payload = viewSubmission({
        callbackId: view.callback_id,
        privateMetadata: view.private_metadata,
        values: { 'check-org': { value: org } },
        user: 'U0HOME1',
      });
      (payload.view as Record<string, any>).state.values['check-channel'] = {
        value: { type: 'conversations_select', selected_conversation: channel },
      };
      return h.action(payload);
    };
    const runsBefore = counter.runs;
    expect((await submit('acme', null)).json).toMatchObject({
      response_action: 'errors',
      errors: { 'check-channel': 'Choose the channel to post the verdict in.' },
    });
    // Unknown org and an org not mapped to the picked channel: the same words.
    const unmapped = await submit('acme', 'CINITECH');
    const unknown = await submit('nosuch', 'CINITECH');
    expect(unmapped.json).toEqual({
      response_action: 'errors',
      errors: { 'check-org': 'No org "acme" is available in that channel.' },
    });
    expect(unknown.json).toEqual({
      response_action: 'errors',
      errors: { 'check-org': 'No org "nosuch" is available in that channel.' },
    });
    expect(counter.runs).toBe(runsBefore);
    const ok = await submit('acme', 'CACME');
    expect(ok.text).toBe('');
    const post = await h.fake.waitForCall(
      (c) => c.method === 'chat.postMessage' && c.args.channel === 'CACME' && c.seq > ok.seq,
      { description: 'the verdict from Home' },
    );
    expect(allTextFields(post.args.blocks).join('\n')).toContain('Requested by <@U0HOME1>');
  });

  it('a channel mapped to one org may leave out org=', async () => {
    const ack = await h.command('fresh', { channel: 'CACME' });
    expect(ack.json).toEqual({ response_type: 'ephemeral', text: 'Checking acme…' });
    const post = await h.fake.waitForCall(
      (c) => c.method === 'chat.postMessage' && c.args.channel === 'CACME' && c.seq > ack.seq,
      { description: 'the verdict' },
    );
    expect(String(post.args.text)).toMatch(/^FAIL · acme · /);
  });

  it('refuses forged, unknown and out-of-channel button payloads without running anything', async () => {
    const rerun = buttonsOf(await acmeVerdict()).find((b) => b.action_id === 'rerun')!;
    const runsBefore = counter.runs;
    const cases = [
      { button: { action_id: 'rerun', value: '{"r":"nosuchrequest1"}' }, channel: 'CACME', expect: 'expired' },
      { button: { action_id: 'rerun', value: 'garbage' }, channel: 'CACME', expect: 'expired' },
      { button: { action_id: 'fix:999', value: '{"r":"x","f":999}' }, channel: 'CACME', expect: 'expired' },
      { button: rerun, channel: 'CINITECH', expect: 'No org "acme" is available in this channel' },
    ];
    for (const c of cases) {
      const responseUrl = h.fake.responseUrl();
      const answer = await h.action(
        buttonClick({ button: c.button as { action_id: string; value: string }, channel: c.channel, responseUrl }),
      );
      expect(answer.status).toBe(200);
      const reply = await h.fake.waitForCall(
        (call) => call.kind === 'response_url' && call.args.path === new URL(responseUrl).pathname,
      );
      expect(reply.args.response_type).toBe('ephemeral');
      expect(String(reply.args.text)).toContain(c.expect);
    }
    expect(counter.runs).toBe(runsBefore);
  });

  it('answers op= naming a call that is no operation with the nearest real ones, each a run button, and runs nothing', async () => {
    const runsBefore = counter.runs;
    const ack = await h.command('org=acme op="POST https://api.mypurecloud.com/api/v2/interaction/screenrecordings"', {
      channel: 'CACME',
    });
    expect(ack.status).toBe(200);
    const reply = await h.fake.waitForCall(
      (c) => c.kind === 'response_url' && c.args.path === new URL(ack.responseUrl).pathname,
      { description: 'the explanation' },
    );
    expect(reply.args.response_type).toBe('ephemeral');
    expect(blockKitViolations(reply.args)).toEqual([]);
    const blocks = reply.args.blocks as Block[];
    expect(allTextFields(blocks).join('\n')).toMatch(
      /Not a Genesys Cloud API operation:\* `POST \/api\/v2\/interaction\/screenrecordings`/,
    );
    const buttons = buttonsOf(blocks);
    expect(buttons.map((b) => b.text.text)).toContain('Check GET …/recordings/screensessions/details');
    expect(new Set(buttons.map((b) => b.action_id)).size).toBe(buttons.length);
    expect(counter.runs).toBe(runsBefore);
    // A button runs the check with the real operation.
    const details = buttons.find((b) => b.text.text === 'Check GET …/recordings/screensessions/details')!;
    await h.action(
      buttonClick({
        button: details,
        channel: 'CACME',
        message: { ts: '1700000002.000100' },
        responseUrl: h.fake.responseUrl(),
      }),
    );
    const verdict = await h.fake.waitForCall(
      (c) => c.method === 'chat.postMessage' && c.args.thread_ts === '1700000002.000100',
      { description: 'the suggested check' },
    );
    expect(allTextFields(verdict.args.blocks as Block[]).join('\n')).toContain(
      'GET /api/v2/recordings/screensessions/details',
    );
    expect(counter.runs).toBe(runsBefore + 1);
  });

  it('posts a passing verdict through response_url when the bot is not in the channel', async () => {
    const ack = await h.command('org=initech', { channel: 'CINITECH' });
    expect(ack.json.text).toBe('Checking initech…');
    const viaUrl = await h.fake.waitForCall(
      (c) => c.kind === 'response_url' && c.args.path === new URL(ack.responseUrl).pathname,
      { description: 'verdict via response_url' },
    );
    expect(viaUrl.args.response_type).toBe('in_channel');
    const blocks = viaUrl.args.blocks as Block[];
    expect(blocks[1]!.text.text).toContain('*PASS*');
    expect(buttonsOf(blocks).map((b) => b.action_id)).toEqual(['verdict:details', 'rerun']);
    expect(h.fake.callsOf('chat.postMessage').some((c) => c.args.channel === 'CINITECH')).toBe(true); // tried first
  });
});

describe('shutdown', () => {
  it('stops accepting, finishes the in-flight check, then resolves', async () => {
    const gate = gatedRunner();
    const h = await startSlackHarness({ orgs: await orgs(), wrapRunner: gate.wrap });
    try {
      const ack = await h.command('org=acme', { channel: 'CACME' });
      expect(ack.status).toBe(200);
      expect(h.slackApp.inFlight).toBe(1);
      let stopped = false;
      const stopping = h.slackApp.stop({ drainMs: 10_000 }).then((r) => {
        stopped = true;
        return r;
      });
      expect(h.slackApp.isReady()).toBe(false);
      await expect(fetch(`${h.baseUrl}/healthz`)).rejects.toThrow();
      expect(stopped).toBe(false);
      gate.release();
      expect(await stopping).toEqual({ drained: true });
      expect(h.fake.callsOf('chat.postMessage')).toHaveLength(1);
    } finally {
      gate.release();
      await h.close();
    }
  });
});

describe('the built-in demo org', () => {
  it('answers in any channel only when SR_CHECK_DEMO is on', async () => {
    const off = await startSlackHarness({ demoEnabled: false });
    try {
      const refused = await off.command('org=demo', { channel: 'CANYWHERE' });
      expect(refused.json.text).toContain('No org "demo" is available in this channel');
    } finally {
      await off.close();
    }
    const on = await startSlackHarness({ demoEnabled: true });
    try {
      const ack = await on.command('org=demo scenario=cc-no-role', { channel: 'CANYWHERE' });
      expect(ack.json.text).toBe('Checking demo…');
      const post = await on.fake.waitForCall((c) => c.method === 'chat.postMessage' && c.args.channel === 'CANYWHERE', {
        description: 'demo verdict',
      });
      expect((post.args.blocks as Block[])[1]!.text.text).toContain('*FAIL*');
      const orgsAnswer = await on.command('orgs', { channel: 'CANYWHERE' });
      expect(orgsAnswer.json.text).toContain('`demo`');
    } finally {
      await on.close();
    }
  });
});

describe('an idempotency store that hangs', () => {
  it("still acknowledges the command within Slack's 3 s, then answers it", async () => {
    const acme = await simulatedOrg('cc-no-role', 'acme', ['CACME']);
    sims.push(acme.sim);
    let claims = 0;
    // An exhausted pool: the claim never settles.
    const hanging = {
      claim: () => {
        claims += 1;
        return new Promise<boolean>(() => undefined);
      },
    };
    const h = await startSlackHarness({ orgs: [acme.org], idempotency: hanging });
    try {
      const started = Date.now();
      const ack = await h.command('org=acme', { channel: 'CACME' });
      const elapsed = Date.now() - started;
      expect(ack.status).toBe(200);
      expect(ack.json).toEqual({ response_type: 'ephemeral', text: 'Checking acme…' });
      expect(elapsed).toBeLessThan(2_500);
      expect(claims).toBe(1);
      const post = await h.fake.waitForCall((c) => c.method === 'chat.postMessage' && c.args.channel === 'CACME', {
        description: 'the verdict',
      });
      expect(String(post.args.text)).toContain('FAIL');
    } finally {
      await h.close();
    }
  }, 15_000);
});
