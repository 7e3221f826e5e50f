/**
 * Orgs managed as code (managedAs: terraform), end to end: signed requests into the real app, the Genesys simulator
 * behind it, a fake Slack Web API and the shared store. The verdict offers "Terraform change", whose modal holds
 * HCL that a real HCL parser reads and whose names the provider documents; the live Grant only with liveFixes, and
 * then the approval message and its outcome carry the block to land in code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OrgConfig } from '../../src/config/types';
import { orgConfigForSimulator } from '../../src/demo';
import { LIVE_FIX_REFUSED } from '../../src/fixes/as-code/policy';
import { startSimulator } from '../../src/sim';
import { SqliteStore } from '../../src/store/sqlite-store';
import type { CapturedCall } from '../support/fake-slack';
import { blockKitViolations, viewViolations } from '../support/block-kit-limits';
import { parseHcl, undocumentedNames } from '../support/hcl';
import { buttonClick, startSlackHarness, type SlackHarness } from '../support/slack-harness';
import { allTextFields, type Block, buttonsOf, type Button } from './helpers';

const REQUESTER = 'U0REQUESTER';
const ALICE = 'U0ALICE';
const TARGET_CLIENT = '09f08c5e-1262-478b-9a02-ada5263d5d40';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(asCode: Pick<OrgConfig, 'managedAs' | 'liveFixes'>) {
  const sim = await startSimulator({ scenario: 'cc-no-role' });
  cleanups.push(() => sim.close());
  const org: OrgConfig = {
    ...orgConfigForSimulator(sim, 'acme'),
    channels: ['CACME'],
    approvers: { users: [ALICE] },
    ...asCode,
  };
  const dir = mkdtempSync(join(tmpdir(), 'sr-check-as-code-e2e-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  // The approval side and the checks run on a movable clock; the simulator on real time. A propagation watch's wait
  // moves it: an applied grant is in place at once and in effect once the documented five minutes have passed
  // (issue 21), without real waiting.
  const clock = { now: Date.now() };
  const store = new SqliteStore({ path: join(dir, 'sr-check.db'), now: () => clock.now });
  cleanups.push(() => store.close());
  const h = await startSlackHarness({
    orgs: [org],
    store,
    now: () => clock.now,
    fixes: {
      now: () => clock.now,
      sleep: async (ms) => {
        clock.now += ms;
      },
    },
  });
  cleanups.push(() => h.close());
  return { h, sim, store };
}

const tsOf = (call: CapturedCall): string => String(call.response?.ts);
const path = (url: string) => new URL(url).pathname;
const textOf = (call: CapturedCall): string =>
  [String(call.args.text ?? ''), ...allTextFields(call.args.blocks)].join('\n');

async function settle(h: SlackHarness): Promise<void> {
  for (let i = 0; i < 1000 && h.slackApp.inFlight > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(h.slackApp.inFlight).toBe(0);
}

async function runCheck(h: SlackHarness): Promise<CapturedCall> {
  const ack = await h.command('org=acme', { channel: 'CACME', user: REQUESTER });
  return h.fake.waitForCall(
    (c) => c.method === 'chat.postMessage' && c.args.channel === 'CACME' && !c.args.thread_ts && c.seq > ack.seq,
    { description: 'the verdict' },
  );
}

/** The HCL in a message's code blocks, as Slack shows it (entities decoded, fences dropped), one string per block. */
function codeBlocks(texts: string[]): string[] {
  const out: string[] = [];
  for (const text of texts)
    for (const match of text.matchAll(/```\n([\s\S]*?)\n```/g))
      out.push(match[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
  return out;
}

async function click(h: SlackHarness, verdict: CapturedCall, button: Button, user = REQUESTER) {
  const responseUrl = h.fake.responseUrl();
  const payload = buttonClick({ button, channel: 'CACME', user, message: { ts: tsOf(verdict) }, responseUrl });
  const answer = await h.action(payload);
  expect(answer.status).toBe(200);
  expect(answer.text).toBe('');
  return { payload, responseUrl };
}

describe('an org managed as code (managedAs: terraform)', () => {
  it('offers the Terraform change, not the live Grant; the modal holds HCL a parser reads, with documented names', async () => {
    const { h, store } = await setup({ managedAs: 'terraform' });
    const verdict = await runCheck(h);
    expect(blockKitViolations(verdict.args)).toEqual([]);
    const buttons = buttonsOf(verdict.args.blocks as Block[]);
    expect(buttons.filter((b) => b.action_id.startsWith('fix'))).toEqual([]);
    const terraform = buttons.find((b) => b.action_id === 'verdict:terraform');
    expect(terraform).toMatchObject({ text: { text: 'Terraform change' }, style: 'primary' });
    expect(textOf(verdict)).toMatch(/acme is managed as code:\* the fix is the Terraform change/);

    const { payload } = await click(h, verdict, terraform!);
    const open = await h.fake.waitForCall(
      (c) => c.method === 'views.open' && c.args.trigger_id === payload.trigger_id,
      {
        description: 'the Terraform change modal',
      },
    );
    expect(open.response).toMatchObject({ ok: true });
    const view = (typeof open.args.view === 'string' ? JSON.parse(open.args.view) : open.args.view) as Record<
      string,
      any
    >;
    expect(viewViolations(view)).toEqual([]);
    expect(view.title.text).toBe('Terraform change');
    const texts = allTextFields(view.blocks);
    expect(texts.join('\n')).toMatch(/removed by the next `terraform apply`/);
    const [byId, byName] = codeBlocks(texts);
    expect(byId).toMatch(/# role "Screen Recording Viewer" in division "Home"/);
    const ids = await parseHcl(byId!);
    expect(undocumentedNames(ids)).toEqual([]);
    const client = Object.values(ids.resource?.genesyscloud_oauth_client ?? {})[0]?.[0];
    expect(client?.roles).toEqual([{ role_id: expect.any(String), division_id: expect.any(String) }]);
    const names = await parseHcl(byName!);
    expect(undocumentedNames(names)).toEqual([]);
    expect(Object.values(names.data?.genesyscloud_auth_role ?? {}).map(([d]) => d?.name)).toEqual([
      'Screen Recording Viewer',
    ]);

    // A forged or stale live fix click is refused server-side, and nothing is requested.
    const forged = { action_id: 'fix:0', value: JSON.stringify({ r: JSON.parse(terraform!.value).r, f: 0 }) } as Button;
    const { responseUrl } = await click(h, verdict, forged);
    const reply = await h.fake.waitForCall((c) => c.kind === 'response_url' && c.args.path === path(responseUrl), {
      description: 'the refusal',
    });
    expect(String(reply.args.text)).toContain('managed as code');
    expect(String(reply.args.text)).toContain(LIVE_FIX_REFUSED.slice(0, 40));
    await settle(h);
    expect(await store.listApprovals()).toEqual([]);
  });

  it('with liveFixes: true keeps the live Grant, and its approval message and outcome carry the block for the code', async () => {
    const { h, sim } = await setup({ managedAs: 'terraform', liveFixes: true });
    const verdict = await runCheck(h);
    const buttons = buttonsOf(verdict.args.blocks as Block[]);
    expect(buttons.map((b) => b.action_id)).toEqual([
      'fix:0',
      'fix-timed:0',
      'verdict:terraform',
      'verdict:details',
      'rerun',
    ]);
    await click(h, verdict, buttons[0]!);
    await settle(h);
    const dm = await h.fake.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        String(c.args.channel).startsWith('D') &&
        buttonsOf(c.args.blocks as Block[]).some((b) => b.action_id === 'approval:approve'),
      { description: 'the approval request' },
    );
    expect(blockKitViolations(dm.args)).toEqual([]);
    expect(textOf(dm)).toMatch(/managed as code: also add this change to the Terraform configuration/);
    const [inRequest] = codeBlocks(allTextFields(dm.args.blocks));
    expect(undocumentedNames(await parseHcl(inRequest!))).toEqual([]);
    expect(inRequest).toMatch(/roles \{/);

    const approve = buttonsOf(dm.args.blocks as Block[]).find((b) => b.action_id === 'approval:approve')!;
    await h.action(
      buttonClick({
        button: approve,
        channel: String(dm.args.channel),
        user: ALICE,
        message: { ts: tsOf(dm) },
        responseUrl: h.fake.responseUrl(),
      }),
    );
    const outcome = await h.fake.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args.thread_ts === tsOf(verdict) &&
        (c.args.blocks as Block[])?.[0]?.block_id === 'approval-outcome',
      { description: 'the outcome in the thread' },
    );
    await settle(h);
    await h.slackApp.approvals!.watchesIdle();
    expect(textOf(outcome)).toMatch(/Fix applied/);
    expect(textOf(outcome)).toMatch(/also add this change to the Terraform configuration/);
    expect(codeBlocks(allTextFields(outcome.args.blocks))[0]).toBe(inRequest);
    // Granted live in the simulator: the client now holds the role (and the code block says which).
    const client = sim.state.clients.get(TARGET_CLIENT);
    expect(client?.roleDivisions?.some((rd) => inRequest!.includes(rd.roleId))).toBe(true);
  });

  it('with liveFixes: true, "Grant for 8 h" does not ask for the change in code: sr-check takes it back itself', async () => {
    const { h } = await setup({ managedAs: 'terraform', liveFixes: true });
    const verdict = await runCheck(h);
    const timed = buttonsOf(verdict.args.blocks as Block[]).find((b) => b.action_id === 'fix-timed:0')!;
    await click(h, verdict, timed);
    await settle(h);
    const dm = await h.fake.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        String(c.args.channel).startsWith('D') &&
        buttonsOf(c.args.blocks as Block[]).some((b) => b.action_id === 'approval:approve'),
      { description: 'the approval request' },
    );
    expect(textOf(dm)).toMatch(/8 h/);
    expect(textOf(dm)).not.toMatch(/also add this change to the Terraform configuration/);
    expect(codeBlocks(allTextFields(dm.args.blocks))).toEqual([]);
  });
});
