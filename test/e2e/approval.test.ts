/**
 * Fixes with approval through Slack, end to end: signed requests into the real app, the Genesys simulator
 * behind it, a fake Slack Web API, and the shared store in a temp-file SQLite database.
 * Fix click → approvers' DMs with Approve / Deny → a decision → the change in the simulator → the approval
 * messages updated and the fresh verdict in the original thread; plus every refusal, concurrency, retries,
 * two replicas on one database, expiry, user-group approvers, time-bound grants, and no-fixer orgs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ENABLE_FIXES_HINT } from '../../src/approvals/wording';
import type { OrgConfig } from '../../src/config/types';
import { orgConfigForSimulator } from '../../src/demo';
import { fixApisFromServices } from '../../src/fixes/apis';
import { RevocationScheduler } from '../../src/approvals/revocation-scheduler';
import { createLogger } from '../../src/log';
import { startSimulator, type RunningSimulator } from '../../src/sim';
import { SqliteStore } from '../../src/store/sqlite-store';
import { NOTIFY_LEASE_MS } from '../../src/slack/approval-flow';
import type { CapturedCall, FakeSlack } from '../support/fake-slack';
import { buttonClick, startSlackHarness, viewSubmission, type SlackHarness } from '../support/slack-harness';
import { blockKitViolations, viewViolations } from '../support/block-kit-limits';
import { allTextFields, type Block } from './helpers';

const REQUESTER = 'U0REQUESTER';
const ALICE = 'U0ALICE';
const BOB = 'U0BOB';
const CAROL = 'U0CAROL'; // approver only through the user group
const MALLORY = 'U0MALLORY';
const GROUP = 'S0FIXADMINS';
const TARGET_CLIENT = '09f08c5e-1262-478b-9a02-ada5263d5d40';
const VIEWER_ROLE = '39f38e94-aac1-40e1-9358-09a68f3a8563';
const HOUR = 3_600_000;

interface Env {
  h: SlackHarness;
  sim: RunningSimulator;
  store: SqliteStore;
  dbPath: string;
  clock: { now: number };
  groups: Record<string, string[]>;
  org: OrgConfig;
  /** Web API methods the fake Slack fails with this HTTP status while set (a Slack outage). */
  slackDown: Record<string, number>;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(options: { fixer?: boolean; scenario?: string; leaseHeartbeatMs?: number } = {}): Promise<Env> {
  const sim = await startSimulator({ scenario: options.scenario ?? 'cc-no-role' });
  cleanups.push(() => sim.close());
  let org: OrgConfig = {
    ...orgConfigForSimulator(sim, 'acme'),
    channels: ['CACME'],
    approvers: { users: [ALICE, BOB], userGroup: GROUP },
  };
  if (options.fixer === false) org = { ...org, fixer: undefined };
  const dir = mkdtempSync(join(tmpdir(), 'sr-check-approval-e2e-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const dbPath = join(dir, 'sr-check.db');
  // The approval side and the checks run on a movable clock (expiry, time bounds); the simulator on real time.
  const clock = { now: Date.now() };
  const store = new SqliteStore({ path: dbPath, now: () => clock.now });
  cleanups.push(() => store.close());
  const groups: Record<string, string[]> = { [GROUP]: [CAROL] };
  const slackDown: Record<string, number> = {};
  const h = await startSlackHarness({
    orgs: [org],
    store,
    // The checks share the clock, and a propagation watch's wait moves it: an applied grant is in place at once
    // and in effect once the documented five minutes have passed (issue 21), without real waiting.
    now: () => clock.now,
    fixes: {
      now: () => clock.now,
      sleep: async (ms) => {
        clock.now += ms;
      },
      ...(options.leaseHeartbeatMs ? { leaseHeartbeatMs: options.leaseHeartbeatMs } : {}),
    },
    userGroups: groups,
    httpFailures: slackDown,
  });
  cleanups.push(() => h.close());
  return { h, sim, store, dbPath, clock, groups, org, slackDown };
}

type Button = { action_id: string; value: string; text: { text: string } };
const buttonsOf = (blocks: Block[] | undefined): Button[] =>
  (blocks ?? []).filter((b) => b.type === 'actions').flatMap((b) => b.elements as Button[]);
const textOf = (call: CapturedCall): string =>
  [String(call.args.text ?? ''), ...allTextFields(call.args.blocks)].join('\n');
const tsOf = (call: CapturedCall): string => String(call.response?.ts);
const path = (url: string) => new URL(url).pathname;

async function settle(h: SlackHarness): Promise<void> {
  for (let i = 0; i < 1000 && h.slackApp.inFlight > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(h.slackApp.inFlight).toBe(0);
}

/** /sr-check org=acme in #CACME → the posted verdict. */
async function runCheck(env: Env, h = env.h): Promise<CapturedCall> {
  const before = h.fake.callsOf('chat.postMessage').length;
  await h.command('org=acme', { channel: 'CACME', user: REQUESTER });
  return h.fake.waitForCall(
    (c) =>
      c.method === 'chat.postMessage' &&
      c.args.channel === 'CACME' &&
      !c.args.thread_ts &&
      h.fake.callsOf('chat.postMessage').indexOf(c) >= before,
    {
      description: 'the verdict',
    },
  );
}

/** Clicks the verdict's fix button (or its "Grant for 8 h" twin) and returns the clicker's ephemeral answer. */
async function clickFix(
  env: Env,
  verdict: CapturedCall,
  options: { user?: string; timed?: boolean; h?: SlackHarness; payload?: Record<string, unknown> } = {},
) {
  const h = options.h ?? env.h;
  const prefix = options.timed ? 'fix-timed:' : 'fix:';
  const button = buttonsOf(verdict.args.blocks as Block[]).find((b) => b.action_id.startsWith(prefix));
  if (!button) throw new Error(`no ${prefix} button in the verdict`);
  const responseUrl = h.fake.responseUrl();
  const payload =
    options.payload ??
    buttonClick({
      button,
      channel: 'CACME',
      user: options.user ?? REQUESTER,
      message: { ts: tsOf(verdict) },
      responseUrl,
    });
  const answer = await h.action(payload);
  expect(answer.status).toBe(200);
  expect(answer.text).toBe(''); // acknowledged at once, the work follows
  const reply = await h.fake.waitForCall(
    (c) => c.kind === 'response_url' && c.args.path === path(String(payload.response_url)),
    { description: 'the fix answer' },
  );
  return { reply, payload };
}

const approvalDms = (fake: FakeSlack) =>
  fake.calls.filter(
    (c) =>
      c.method === 'chat.postMessage' &&
      String(c.args.channel).startsWith('D') &&
      buttonsOf(c.args.blocks as Block[]).some((b) => b.action_id === 'approval:approve'),
  );

function decisionClick(dm: CapturedCall, user: string, kind: 'approve' | 'deny', responseUrl: string) {
  const button = buttonsOf(dm.args.blocks as Block[]).find((b) => b.action_id === `approval:${kind}`)!;
  return buttonClick({ button, channel: String(dm.args.channel), user, message: { ts: tsOf(dm) }, responseUrl });
}

async function decide(env: Env, dm: CapturedCall, user: string, kind: 'approve' | 'deny', h = env.h) {
  const responseUrl = h.fake.responseUrl();
  const answer = await h.action(decisionClick(dm, user, kind, responseUrl));
  expect(answer.status).toBe(200);
  expect(answer.text).toBe('');
  await settle(h);
  return h.fake.calls.filter((c) => c.kind === 'response_url' && c.args.path === path(responseUrl));
}

/** A verdict, a fix request from REQUESTER, and the approvers' DMs. */
async function requested(env: Env, options: { user?: string; timed?: boolean } = {}) {
  const verdict = await runCheck(env);
  const { reply } = await clickFix(env, verdict, options);
  await settle(env.h);
  const [request] = await env.store.listApprovals();
  if (!request) throw new Error(`no request was created: ${String(reply.args.text)}`);
  return { verdict, reply, request, dms: approvalDms(env.h.fake) };
}

const threadPosts = (env: Env, verdict: CapturedCall) =>
  env.h.fake.calls.filter(
    (c) => c.method === 'chat.postMessage' && c.args.channel === 'CACME' && c.args.thread_ts === tsOf(verdict),
  );
const outcomePosts = (env: Env, verdict: CapturedCall) =>
  threadPosts(env, verdict).filter((c) => (c.args.blocks as Block[])?.[0]?.block_id === 'approval-outcome');
/** Thread posts saying how a request ended: a decision's outcome notice, or the outbox's thread notice. */
const announcements = (env: Env, verdict: CapturedCall) =>
  threadPosts(env, verdict).filter(
    (c) =>
      /^approval-(outcome|notice)$/.test(String((c.args.blocks as Block[])?.[0]?.block_id)) &&
      !textOf(c).includes('Waiting for approval'),
  );
const answeredOk = (call: CapturedCall) => call.response?.ok === true;
const verdictPosts = (env: Env, verdict: CapturedCall) =>
  threadPosts(env, verdict).filter((c) => (c.args.blocks as Block[])?.[0]?.type === 'header');

describe('the notification outbox after live decisions (issue 14 item 3)', () => {
  it('has nothing left to tell once a request was sent, approved and applied live: no message is said twice', async () => {
    const env = await setup();
    const { dms } = await requested(env);
    const flow = env.h.slackApp.approvals!;
    env.clock.now += 5 * 60_000;
    const callsBefore = env.h.fake.calls.length;
    expect(await flow.deliverPending()).toBe(0);
    await decide(env, dms[0]!, ALICE, 'approve');
    await flow.watchesIdle();
    env.clock.now += 5 * 60_000;
    const callsAfterDecision = env.h.fake.calls.length;
    expect(callsAfterDecision).toBeGreaterThan(callsBefore);
    expect(await flow.deliverPending()).toBe(0);
    expect(env.h.fake.calls.length).toBe(callsAfterDecision);
  });

  it('after a stop between the approvers and the thread notice posts only the notice, past a request it fails on', async () => {
    const env = await setup();
    const { verdict, request, dms } = await requested(env);
    const flow = env.h.slackApp.approvals!;
    // What a process stopped right after telling the approvers leaves: their messages recorded without the thread
    // notice, and nothing recorded as told.
    const key = `approval-messages:${request.id}`;
    const { thread: _notice, ...withoutNotice } = (await env.store.getRequest(key)) as Record<string, unknown>;
    await env.store.saveRequest(key, withoutNotice, 3600);
    const raw = new Database(env.dbPath);
    raw.prepare('DELETE FROM approval_notifications WHERE request_id = ?').run(request.id);
    raw.close();
    // Ahead of it in the pass, a request whose claim throws (the store failing for that one request).
    const pending = env.store.pendingNotifications.bind(env.store);
    const claim = env.store.claimNotification.bind(env.store);
    env.store.pendingNotifications = async (...args) => [
      { request: { ...request, id: 'broken' } },
      ...(await pending(...args)),
    ];
    env.store.claimNotification = async (id, ...rest) => {
      if (id === 'broken') throw new Error('store failed for this request');
      return claim(id, ...rest);
    };
    env.clock.now += 5 * 60_000;
    const postsBefore = env.h.fake.callsOf('chat.postMessage').length;

    expect(await flow.deliverPending()).toBe(1);
    expect(approvalDms(env.h.fake)).toHaveLength(dms.length); // the approvers are not told again
    const waiting = threadPosts(env, verdict).filter((c) => textOf(c).includes('Waiting for approval'));
    expect(waiting).toHaveLength(2); // the live one, whose record the stopped process "lost", and the outbox's
    expect(env.h.fake.callsOf('chat.postMessage').length).toBe(postsBefore + 1);
    expect(((await env.store.getRequest(key)) as { thread?: { ts: string } }).thread?.ts).toBe(tsOf(waiting[1]!));
    // Recorded: the next pass has nothing more to say about it.
    expect(await flow.deliverPending()).toBe(0);
    expect(env.h.fake.callsOf('chat.postMessage').length).toBe(postsBefore + 1);
  });

  it('after a Slack outage through a decision, the outbox brings every approval message to the outcome and announces it once', async () => {
    const env = await setup();
    const { verdict, dms } = await requested(env);
    const flow = env.h.slackApp.approvals!;
    // Slack answers 503 to every post and update while Alice approves (beyond the client's retries).
    env.slackDown['chat.update'] = 503;
    env.slackDown['chat.postMessage'] = 503;
    await decide(env, dms[0]!, ALICE, 'approve');
    await flow.watchesIdle();
    expect(env.sim.writes.length).toBeGreaterThan(0);
    delete env.slackDown['chat.update'];
    delete env.slackDown['chat.postMessage'];
    expect(announcements(env, verdict).filter(answeredOk)).toEqual([]);

    env.clock.now += 5 * 60_000;
    expect(await flow.deliverPending()).toBe(1);
    for (const dm of dms) {
      const update = env.h.fake
        .callsOf('chat.update')
        .filter((u) => u.args.ts === tsOf(dm) && answeredOk(u))
        .at(-1);
      expect(update && textOf(update)).toContain('*Applied*');
      expect(buttonsOf(update!.args.blocks as Block[])).toEqual([]);
    }
    expect(announcements(env, verdict).filter(answeredOk)).toHaveLength(1);
    // Told: later passes say nothing more.
    const calls = env.h.fake.calls.length;
    env.clock.now += 5 * 60_000;
    expect(await flow.deliverPending()).toBe(0);
    expect(env.h.fake.calls.length).toBe(calls);
  });

  it('a request no approver could be sent (Slack down) is sent by the outbox, without a second "waiting" notice', async () => {
    const env = await setup();
    env.slackDown['conversations.open'] = 503; // no DM can be opened
    const { verdict, reply } = await requested(env);
    expect(String(reply.args.text)).toContain('could not be delivered to any approver');
    expect(approvalDms(env.h.fake)).toEqual([]);
    delete env.slackDown['conversations.open'];
    const waiting = () => threadPosts(env, verdict).filter((c) => textOf(c).includes('Waiting for approval'));
    expect(waiting()).toHaveLength(1);

    const flow = env.h.slackApp.approvals!;
    env.clock.now += 5 * 60_000;
    expect(await flow.deliverPending()).toBe(1);
    expect(
      approvalDms(env.h.fake)
        .map((c) => c.args.channel)
        .sort(),
    ).toEqual([`D${ALICE}`, `D${BOB}`, `D${CAROL}`]);
    expect(waiting()).toHaveLength(1);
    env.clock.now += 5 * 60_000;
    expect(await flow.deliverPending()).toBe(0);
    expect(approvalDms(env.h.fake)).toHaveLength(3);
  });

  it('an upkeep pass during a slow decision (past the 30 s the outbox leaves to the live path) does not announce the outcome twice', async () => {
    const env = await setup();
    const { verdict, dms } = await requested(env);
    const flow = env.h.slackApp.approvals!;
    // The upkeep timer fires once the fix is applied, while the live path is still re-checking (its clock 31 s on).
    let outboxDelivered = -1;
    flow.service.onTransition(async (request) => {
      if (request.state !== 'applied') return;
      env.clock.now += 31_000;
      outboxDelivered = await flow.deliverPending();
    });
    await decide(env, dms[0]!, ALICE, 'approve');
    await flow.watchesIdle();
    expect(outboxDelivered).toBe(1); // the outbox took the lease first; the live path leaves the outcome to it
    expect(announcements(env, verdict)).toHaveLength(1);
    env.clock.now += 5 * 60_000;
    expect(await flow.deliverPending()).toBe(0);
    expect(announcements(env, verdict)).toHaveLength(1);
  });
});

describe('notification leases have a heartbeat (issue 25)', () => {
  it('a live path still telling Slack long past its lease keeps it: the outbox does not tell the outcome a second time', async () => {
    const HEARTBEAT_MS = 20;
    const env = await setup({ leaseHeartbeatMs: HEARTBEAT_MS });
    const { verdict, request, dms } = await requested(env);
    const flow = env.h.slackApp.approvals!;
    // Slack holds the live path's first update of an approval message to "Applied" until released.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding = false;
    env.h.fake.gate = (method, args) => {
      if (holding || method !== 'chat.update' || !JSON.stringify(args).includes('Applied')) return undefined;
      holding = true;
      return held;
    };
    const deciding = decide(env, dms[0]!, ALICE, 'approve');
    for (let i = 0; i < 500 && !holding; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(holding).toBe(true);
    // Twice the lease passes while Slack holds the live path; each half, its heartbeat renews the lease.
    const raw = new Database(env.dbPath, { readonly: true });
    const leaseUntil = () =>
      Number(
        (
          raw.prepare('SELECT lease_until FROM approval_notifications WHERE request_id = ?').get(request.id) as {
            lease_until: number | null;
          }
        ).lease_until,
      );
    for (let half = 0; half < 4; half++) {
      env.clock.now += NOTIFY_LEASE_MS / 2;
      for (let i = 0; i < 100 && !(leaseUntil() > env.clock.now); i++)
        await new Promise((resolve) => setTimeout(resolve, HEARTBEAT_MS));
    }
    raw.close();
    expect(await flow.deliverPending()).toBe(0);
    release();
    await deciding;
    await flow.watchesIdle();
    expect(announcements(env, verdict)).toHaveLength(1);
    // Told, by the live path: nothing is left for the outbox.
    env.clock.now += 5 * 60_000;
    expect(await flow.deliverPending()).toBe(0);
    expect(announcements(env, verdict)).toHaveLength(1);
  });

  it('a holder that stopped (no heartbeat) loses its lease once it lapses: the outbox takes over and tells it once', async () => {
    const env = await setup({ leaseHeartbeatMs: 20 });
    const { verdict, request, dms } = await requested(env);
    const flow = env.h.slackApp.approvals!;
    // A process died holding the lease while telling "applied": the state changed, the lease is taken, nothing told.
    await decide(env, dms[0]!, ALICE, 'approve');
    await flow.watchesIdle();
    const raw = new Database(env.dbPath);
    raw
      .prepare(
        "UPDATE approval_notifications SET notified_state = 'applying', lease_owner = 'dead-process-1', lease_until = ? WHERE request_id = ?",
      )
      .run(env.clock.now + NOTIFY_LEASE_MS, request.id);
    raw.close();
    const before = announcements(env, verdict).length;
    env.clock.now += NOTIFY_LEASE_MS - 1;
    expect(await flow.deliverPending()).toBe(0);
    env.clock.now += 1;
    expect(await flow.deliverPending()).toBe(1);
    expect(announcements(env, verdict)).toHaveLength(before + 1);
  });
});

describe('fix → approve → applied', () => {
  it('sends the request to every approver, applies it on approval, re-checks in the thread and updates the approval messages', async () => {
    const env = await setup();
    const { verdict, reply, request, dms } = await requested(env);

    // The requester hears back only to themselves; nothing was written yet.
    expect(reply.args).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(reply.args.text)).toContain('Fix requested');
    expect(env.sim.writes).toEqual([]);
    expect(request).toMatchObject({
      state: 'pending',
      requesterSlackId: REQUESTER,
      org: 'acme',
      thread: { channel: 'CACME', ts: tsOf(verdict) },
    });
    expect(request.verdictRef).toMatchObject({ check: { org: 'acme' }, overall: 'fail' });

    // One DM per approver (users and the group's member), none to the requester.
    const opened = env.h.fake.callsOf('conversations.open').map((c) => c.args.users);
    expect(opened.sort()).toEqual([ALICE, BOB, CAROL].sort());
    expect(dms).toHaveLength(3);
    expect(env.h.fake.callsOf('usergroups.users.list').length).toBeGreaterThan(0);
    for (const dm of dms) {
      expect(dm.authorized).toBe(true);
      expect(blockKitViolations(dm.args)).toEqual([]);
      const text = textOf(dm);
      expect(text).toContain(`<@${REQUESTER}>`);
      expect(text).toContain('acme');
      expect(text).toContain(TARGET_CLIENT);
      expect(text).toContain('Screen Recording Viewer');
      expect(text).toMatch(/\*Before\* \(\d+ role\/division pair\(s\)\)/);
      // The pair the grant adds, in "after", by name (issue 14: names, not ids), and every permission it adds.
      expect(text).toMatch(/\*After\* \(\d+\): .*"Screen Recording Viewer" in /);
      expect(text).not.toContain(`${VIEWER_ROLE} @ `);
      expect(text).toMatch(/\*Grants every permission the role carries \(\d+\):\*/);
      expect(text).toContain('*Expires*');
      expect(text).toContain('FAIL verdict');
      const decisionButtons = buttonsOf(dm.args.blocks as Block[]);
      expect(decisionButtons.map((b) => [b.action_id, b.value])).toEqual([
        ['approval:approve', request.id],
        ['approval:deny', request.id],
      ]);
    }

    // "Waiting for approval by …" in the requester's thread.
    const waiting = threadPosts(env, verdict);
    expect(waiting).toHaveLength(1);
    expect(textOf(waiting[0]!)).toMatch(/Waiting for approval by <@U0/);

    // Alice approves from her DM.
    const aliceDm = dms.find((d) => d.args.channel === `D${ALICE}`)!;
    const answers = await decide(env, aliceDm, ALICE, 'approve');
    expect(answers).toEqual([]); // the messages say it; no ephemeral needed

    // One write, by the fixer client, and the role is granted in the simulator.
    expect(env.sim.writes).toHaveLength(1);
    expect(env.sim.state.clients.get(TARGET_CLIENT)!.roleDivisions).toContainEqual(
      expect.objectContaining({ roleId: VIEWER_ROLE }),
    );

    // The outcome and the fresh verdict in the original thread.
    expect(outcomePosts(env, verdict)).toHaveLength(1);
    expect(textOf(outcomePosts(env, verdict)[0]!)).toContain(`approved by <@${ALICE}>`);
    const recheck = verdictPosts(env, verdict);
    expect(recheck).toHaveLength(1);
    expect(blockKitViolations(recheck[0]!.args)).toEqual([]);
    expect(allTextFields(recheck[0]!.args.blocks).join('\n')).toMatch(/\*role\* · PASS/);

    // Every approval message, and the thread notice, showed "applying…" while Genesys was called, then the final
    // state without buttons.
    const updates = env.h.fake.callsOf('chat.update');
    for (const dm of dms) {
      const shown = updates
        .filter((u) => u.args.channel === dm.args.channel && u.args.ts === tsOf(dm))
        .map((u) => textOf(u));
      expect(shown.findIndex((t) => t.includes('applying…'))).toBeGreaterThanOrEqual(0);
      expect(shown.findIndex((t) => t.includes('applying…'))).toBeLessThan(
        shown.findIndex((t) => t.includes('*Applied*')),
      );
    }
    for (const dm of dms) {
      const update = updates.filter((u) => u.args.channel === dm.args.channel && u.args.ts === tsOf(dm)).at(-1);
      expect(update, `update of ${String(dm.args.channel)}`).toBeDefined();
      expect(textOf(update!)).toContain('*Applied*');
      expect(textOf(update!)).toContain(`approved by <@${ALICE}>`);
      expect(buttonsOf(update!.args.blocks as Block[])).toEqual([]);
      expect(blockKitViolations(update!.args)).toEqual([]);
    }
    expect(
      updates.some(
        (u) => u.args.channel === 'CACME' && u.args.ts === tsOf(waiting[0]!) && textOf(u).includes('*Applied*'),
      ),
    ).toBe(true);

    expect((await env.store.getApproval(request.id))?.state).toBe('applied');
    // The grant is in place at once; the watch ends once the documented five minutes have passed (issue 21).
    await env.h.slackApp.approvals!.watchesIdle();
    expect(textOf(outcomePosts(env, verdict)[0]!)).toContain('The grant is in place');
    expect((await env.store.listAudit()).map((e) => e.action).reverse()).toEqual([
      'requested',
      'approved',
      'applying',
      'applied',
      'propagation',
    ]);
    expect((await env.store.lastVerdicts())[0]).toMatchObject({ org: 'acme' });
  });

  it('deny: opens a modal asking why; the reason is required, then goes in the messages, the thread and the audit log', async () => {
    const env = await setup();
    const { verdict, request, dms } = await requested(env);
    const bobDm = dms.find((d) => d.args.channel === `D${BOB}`)!;
    const click = decisionClick(bobDm, BOB, 'deny', env.h.fake.responseUrl());
    expect((await env.h.action(click)).status).toBe(200);
    const open = await env.h.fake.waitForCall(
      (c) => c.method === 'views.open' && c.args.trigger_id === click.trigger_id,
      { description: 'the deny modal' },
    );
    const view = (typeof open.args.view === 'string' ? JSON.parse(open.args.view) : open.args.view) as Record<
      string,
      any
    >;
    expect(viewViolations(view)).toEqual([]);
    expect(view.callback_id).toBe('approval:deny-reason');
    expect(allTextFields(view.blocks).join('\n')).toContain(request.plan.summary);
    // Nothing is decided by opening the modal.
    expect((await env.store.getApproval(request.id))?.state).toBe('pending');

    const submit = (reason: string, user = BOB) =>
      env.h.action(
        viewSubmission({
          callbackId: view.callback_id,
          privateMetadata: view.private_metadata,
          values: { 'deny-reason': { reason } },
          user,
        }),
      );
    // A blank reason is answered in the modal, and changes nothing.
    const blank = await submit('   ');
    expect(blank.status).toBe(200);
    expect(blank.json).toMatchObject({
      response_action: 'errors',
      errors: { 'deny-reason': expect.stringContaining('Say why') },
    });
    expect((await env.store.getApproval(request.id))?.state).toBe('pending');
    // Forged metadata is refused the same way.
    const forged = await env.h.action(
      viewSubmission({
        callbackId: view.callback_id,
        privateMetadata: '{"id":"<!channel>"}',
        values: { 'deny-reason': { reason: 'x' } },
        user: BOB,
      }),
    );
    expect(forged.json).toMatchObject({ response_action: 'errors' });

    const ok = await submit('Use the existing <!channel> Archive role instead');
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('');
    await settle(env.h);
    expect(env.sim.writes).toEqual([]);
    expect(await env.store.getApproval(request.id)).toMatchObject({
      state: 'denied',
      decidedBy: BOB,
      reason: 'Use the existing <!channel> Archive role instead',
    });
    const updates = env.h.fake.callsOf('chat.update').filter((u) => u.args.ts === tsOf(bobDm));
    expect(textOf(updates.at(-1)!)).toContain(
      `*Denied by <@${BOB}>*: Use the existing &lt;!channel&gt; Archive role instead`,
    );
    expect(buttonsOf(updates.at(-1)!.args.blocks as Block[])).toEqual([]);
    expect(outcomePosts(env, verdict)).toHaveLength(1);
    expect(textOf(outcomePosts(env, verdict)[0]!)).toContain(
      'Reason: Use the existing &lt;!channel&gt; Archive role instead',
    );
    expect(textOf(outcomePosts(env, verdict)[0]!)).toContain('Nothing was changed');
    expect(verdictPosts(env, verdict)).toHaveLength(0);
    const denied = (await env.store.listAudit()).find((e) => e.action === 'denied');
    expect(JSON.stringify(denied)).toContain('Use the existing <!channel> Archive role instead');

    // A later Approve on another approver's message is refused: already denied.
    const aliceDm = dms.find((d) => d.args.channel === `D${ALICE}`)!;
    const [late] = await decide(env, aliceDm, ALICE, 'approve');
    expect(late!.args.response_type).toBe('ephemeral');
    expect(String(late!.args.text)).toContain(`already denied by <@${BOB}>`);
    // The same modal submitted again: nothing more happens, and the approver hears why.
    await submit('again');
    await settle(env.h);
    expect(outcomePosts(env, verdict)).toHaveLength(1);
    expect((await env.store.getApproval(request.id))?.reason).toBe('Use the existing <!channel> Archive role instead');
    expect(env.sim.writes).toEqual([]);
  });

  it('approve carries a confirm dialog stating the change: role, division, identity, the permissions it adds, how long', async () => {
    const env = await setup();
    const { dms } = await requested(env);
    const approve = buttonsOf(dms[0]!.args.blocks as Block[]).find((b) => b.action_id === 'approval:approve') as Record<
      string,
      any
    >;
    expect(approve.confirm.title.text).toBe('Approve this change in acme?');
    expect(approve.confirm.text.text).toMatch(
      /^Grant role "Screen Recording Viewer" in division "Home" to OAuth client "ArchiveBridge Screen Archiver", with no expiry\. Adds 2 permission\(s\): recording:screenRecording:editRetention, recording:screenRecording:view\.$/,
    );
    expect(approve.accessibility_label).toMatch(/^Approve: /);
  });
});

describe('who may decide', () => {
  it('refuses self-approval ephemerally, even from an approver, and does not DM the requester', async () => {
    const env = await setup();
    const verdict = await runCheck(env);
    await clickFix(env, verdict, { user: ALICE });
    await settle(env.h);
    const [request] = await env.store.listApprovals();
    expect(request?.requesterSlackId).toBe(ALICE);
    const dms = approvalDms(env.h.fake);
    expect(dms.map((d) => d.args.channel).sort()).toEqual([`D${BOB}`, `D${CAROL}`]);

    const [refusal] = await decide(env, dms[0]!, ALICE, 'approve');
    expect(refusal!.args).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(refusal!.args.text)).toContain('You requested this fix');
    const [refusalDeny] = await decide(env, dms[0]!, ALICE, 'deny');
    expect(String(refusalDeny!.args.text)).toContain('You requested this fix');
    expect((await env.store.getApproval(request!.id))?.state).toBe('pending');
    expect(env.sim.writes).toEqual([]);
    expect(env.h.fake.callsOf('chat.update')).toEqual([]);
  });

  it('refuses anyone who is not an approver, ephemerally, and changes nothing', async () => {
    const env = await setup();
    const { request, dms, verdict } = await requested(env);
    for (const kind of ['approve', 'deny'] as const) {
      const [refusal] = await decide(env, dms[0]!, MALLORY, kind);
      expect(refusal!.args.response_type).toBe('ephemeral');
      expect(String(refusal!.args.text)).toContain('Only the approvers of acme');
    }
    // A forged value (not a request id) is refused the same way, without a lookup by anything else.
    const responseUrl = env.h.fake.responseUrl();
    await env.h.action(
      buttonClick({
        button: { action_id: 'approval:approve', value: '<!channel> ../../x' },
        channel: `D${ALICE}`,
        user: ALICE,
        responseUrl,
      }),
    );
    await settle(env.h);
    const forged = await env.h.fake.waitForCall((c) => c.kind === 'response_url' && c.args.path === path(responseUrl));
    expect(String(forged.args.text)).toContain('not known');
    expect((await env.store.getApproval(request.id))?.state).toBe('pending');
    expect(env.sim.writes).toEqual([]);
    expect(outcomePosts(env, verdict)).toEqual([]);
  });

  it('accepts an approver who is one only through the user group (usergroups.users.list)', async () => {
    const env = await setup();
    const { request, dms } = await requested(env);
    const carolDm = dms.find((d) => d.args.channel === `D${CAROL}`)!;
    expect(await decide(env, carolDm, CAROL, 'approve')).toEqual([]);
    expect(await env.store.getApproval(request.id)).toMatchObject({ state: 'applied', decidedBy: CAROL });
    expect(env.sim.writes).toHaveLength(1);
    expect(env.h.fake.callsOf('usergroups.users.list').every((c) => c.args.usergroup === GROUP)).toBe(true);
  });
});

describe('exactly once', () => {
  it('20 concurrent Approve clicks: one write reaches the simulator and the outcome is posted once', async () => {
    const env = await setup();
    const { verdict, request, dms } = await requested(env);
    const clickers = [ALICE, BOB, CAROL];
    const urls = Array.from({ length: 20 }, () => env.h.fake.responseUrl());
    const answers = await Promise.all(
      urls.map((url, i) => {
        const user = clickers[i % 3]!;
        const dm = dms.find((d) => d.args.channel === `D${user}`)!;
        return env.h.action(decisionClick(dm, user, 'approve', url)); // each with its own trigger_id
      }),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    await settle(env.h);

    expect(env.sim.writes).toHaveLength(1);
    expect((await env.store.getApproval(request.id))?.state).toBe('applied');
    expect(outcomePosts(env, verdict)).toHaveLength(1);
    expect(verdictPosts(env, verdict)).toHaveLength(1);
    const ephemerals = env.h.fake.calls.filter(
      (c) => c.kind === 'response_url' && urls.map(path).includes(String(c.args.path)),
    );
    expect(ephemerals).toHaveLength(19);
    expect(ephemerals.every((e) => /already (approved|applying|applied)/.test(String(e.args.text)))).toBe(true);
    expect((await env.store.listAudit()).filter((e) => e.action === 'applied')).toHaveLength(1);
  });

  it('a retried block_actions delivery (same payload) doubles nothing: one request, one set of DMs, one write, one outcome', async () => {
    const env = await setup();
    const verdict = await runCheck(env);
    const { payload } = await clickFix(env, verdict);
    await settle(env.h);
    const retry = await env.h.action(payload, {
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(retry.status).toBe(200);
    await env.h.action(payload);
    await settle(env.h);
    expect(await env.store.listApprovals()).toHaveLength(1);
    const dms = approvalDms(env.h.fake);
    expect(dms).toHaveLength(3);
    expect(threadPosts(env, verdict)).toHaveLength(1);

    const aliceDm = dms.find((d) => d.args.channel === `D${ALICE}`)!;
    const click = decisionClick(aliceDm, ALICE, 'approve', env.h.fake.responseUrl());
    await env.h.action(click);
    await settle(env.h);
    await env.h.action(click);
    await env.h.action(click, { headers: { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' } });
    await settle(env.h);
    expect(env.sim.writes).toHaveLength(1);
    expect(outcomePosts(env, verdict)).toHaveLength(1);
    expect(verdictPosts(env, verdict)).toHaveLength(1);
    expect(
      env.h.fake.calls.filter((c) => c.kind === 'response_url' && c.args.path === path(String(click.response_url))),
    ).toEqual([]);
  });

  it('a second app instance on the same database file sees the pending request and acts on it', async () => {
    const env = await setup();
    const { request, dms, verdict } = await requested(env);
    // Replica two: its own store handle on the same file, its own services; the same Slack workspace.
    const store2 = new SqliteStore({ path: env.dbPath, now: () => env.clock.now });
    cleanups.push(() => store2.close());
    const h2 = await startSlackHarness({
      orgs: [env.org],
      store: store2,
      fixes: { now: () => env.clock.now },
      fake: env.h.fake,
    });
    cleanups.push(() => h2.close());

    expect((await h2.slackApp.approvals!.service.listPending('acme')).map((r) => r.id)).toEqual([request.id]);
    await h2.event({
      type: 'app_home_opened',
      user: BOB,
      channel: 'DHOMEBOB',
      tab: 'home',
      event_ts: '1700000000.000001',
    });
    const home = await h2.fake.waitForCall((c) => c.method === 'views.publish' && c.args.user_id === BOB, {
      description: "Bob's Home",
    });
    expect(buttonsOf((home.args.view as { blocks: Block[] }).blocks).map((b) => b.value)).toContain(request.id);

    const bobDm = dms.find((d) => d.args.channel === `D${BOB}`)!; // posted by replica one
    const responseUrl = h2.fake.responseUrl();
    const click = decisionClick(bobDm, BOB, 'approve', responseUrl);
    await h2.action(click);
    await settle(h2);
    // The same delivery reaching replica one is recognised through the shared idempotency keys: dropped.
    await env.h.action(click);
    await settle(env.h);
    expect(env.h.fake.calls.filter((c) => c.kind === 'response_url' && c.args.path === path(responseUrl))).toEqual([]);
    expect(env.sim.writes).toHaveLength(1);
    expect((await env.store.getApproval(request.id))?.state).toBe('applied');
    // Replica two found replica one's approval messages in the store and updated them all.
    for (const dm of dms) {
      const update = env.h.fake
        .callsOf('chat.update')
        .filter((u) => u.args.ts === tsOf(dm))
        .at(-1);
      expect(update && textOf(update)).toContain('*Applied*');
    }
    // Replica one's verdict buttons work on replica two (the button requests are in the shared store too).
    const { reply } = await clickFix(env, verdict, { h: h2 });
    await settle(h2);
    expect(String(reply.args.text)).toContain('Already fixed');
  });
});

describe('expiry', () => {
  it('a request past its expiry is expired by the periodic pass; its messages say so and Approve is refused', async () => {
    const env = await setup();
    const { request, dms } = await requested(env);
    env.clock.now += 23 * HOUR;
    expect(await env.h.slackApp.approvals!.expireDue()).toEqual([]);
    env.clock.now += 2 * HOUR;
    const expired = await env.h.slackApp.approvals!.expireDue();
    expect(expired.map((r) => [r.id, r.state])).toEqual([[request.id, 'expired']]);
    for (const dm of dms) {
      const update = env.h.fake
        .callsOf('chat.update')
        .filter((u) => u.args.ts === tsOf(dm))
        .at(-1);
      expect(update && textOf(update)).toContain('*Expired*');
      expect(buttonsOf(update!.args.blocks as Block[])).toEqual([]);
    }
    const [late] = await decide(env, dms[0]!, ALICE, 'approve');
    expect(String(late!.args.text)).toMatch(/already expired|has expired/);
    expect(env.sim.writes).toEqual([]);
    expect(await env.h.slackApp.approvals!.expireDue()).toEqual([]);
  });

  it('an expiry is said in the requester thread once, live as after a restart; the outbox has nothing left', async () => {
    const env = await setup();
    const { verdict, dms } = await requested(env);
    const flow = env.h.slackApp.approvals!;
    env.clock.now += 25 * HOUR;
    // Clicked past its expiry before the periodic pass got to it: the click expires it.
    const [late] = await decide(env, dms[0]!, ALICE, 'approve');
    expect(String(late!.args.text)).toMatch(/already expired|has expired/);
    const expiredNotices = () => announcements(env, verdict).filter((c) => textOf(c).includes('*Expired*'));
    expect(expiredNotices()).toHaveLength(1);
    expect(await flow.expireDue()).toEqual([]);
    env.clock.now += 5 * 60_000;
    expect(await flow.deliverPending()).toBe(0);
    expect(expiredNotices()).toHaveLength(1);
  });

  it('the periodic expiry says it in the requester thread once', async () => {
    const env = await setup();
    const { verdict } = await requested(env);
    const flow = env.h.slackApp.approvals!;
    env.clock.now += 25 * HOUR;
    expect(await flow.expireDue()).toHaveLength(1);
    const expiredNotices = () => announcements(env, verdict).filter((c) => textOf(c).includes('*Expired*'));
    expect(expiredNotices()).toHaveLength(1);
    env.clock.now += 5 * 60_000;
    expect(await flow.deliverPending()).toBe(0);
    expect(expiredNotices()).toHaveLength(1);
  });
});

describe('time-bound grants', () => {
  it('"Grant for 8 h" requests a time-bound grant; the revocation is announced in the thread', async () => {
    const env = await setup();
    const { verdict, request, dms } = await requested(env, { timed: true });
    expect(request.ttlHours).toBe(8);
    expect(textOf(dms[0]!)).toContain('Revoked automatically 8 h after it is applied');
    await decide(env, dms[0]!, String(dms[0]!.args.channel).slice(1), 'approve');
    expect(textOf(outcomePosts(env, verdict)[0]!)).toContain('revoked automatically');

    const scheduler = new RevocationScheduler({
      store: env.store,
      config: { orgs: new Map([['acme', env.org]]), allowedChannels: [], source: 'test' },
      apis: fixApisFromServices(env.h.services),
      logger: createLogger({ name: 'approval-e2e-revocations' }),
      now: () => env.clock.now,
      onRevoked: (event) => env.h.slackApp.approvals!.announceRevocation(event),
    });
    env.clock.now += 9 * HOUR;
    expect((await scheduler.runDue()).map((e) => e.outcome)).toEqual(['revoked']);
    const notice = threadPosts(env, verdict).at(-1)!;
    expect(textOf(notice)).toContain('Revoked role');
    // Names, as the approval message showed them, not Genesys ids.
    if (request.plan.kind !== 'grant-role') throw new Error('a role grant was requested');
    const { roleName, divisionName, targetName, divisionId } = request.plan;
    expect(textOf(notice)).toContain(
      `role "${roleName}" in division "${divisionName}" from OAuth client "${targetName}"`,
    );
    expect(textOf(notice)).not.toContain(TARGET_CLIENT);
    expect(textOf(notice)).not.toContain(divisionId);
    expect(env.sim.state.clients.get(TARGET_CLIENT)!.roleDivisions).not.toContainEqual(
      expect.objectContaining({ roleId: VIEWER_ROLE }),
    );
  });
});

describe('orgs without fixer credentials', () => {
  it('show no fix buttons, and the verdict says how to enable fixes', async () => {
    const env = await setup({ fixer: false });
    const verdict = await runCheck(env);
    const buttons = buttonsOf(verdict.args.blocks as Block[]);
    expect(buttons.map((b) => b.action_id)).toEqual(['verdict:details', 'rerun']);
    const text = allTextFields(verdict.args.blocks).join('\n');
    expect(text).toContain('no fixer credentials');
    expect(text).toContain(ENABLE_FIXES_HINT);
  });
});

describe('App Home', () => {
  it('shows an approver the pending request with Approve / Deny, and lets them approve from there', async () => {
    const env = await setup();
    const { request, dms } = await requested(env);
    await env.h.event({
      type: 'app_home_opened',
      user: ALICE,
      channel: 'DHOMEALICE',
      tab: 'home',
      event_ts: '1700000000.000002',
    });
    const home = await env.h.fake.waitForCall((c) => c.method === 'views.publish' && c.args.user_id === ALICE, {
      description: "Alice's Home",
    });
    const view = home.args.view as { type: string; blocks: Block[] };
    expect(view.type).toBe('home');
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const texts = allTextFields(view.blocks).join('\n');
    expect(texts).toContain('acme');
    expect(texts).toContain('Screen Recording Viewer');
    expect(texts).toContain('requested'); // the audit entry
    expect(texts).toMatch(/FAIL/); // the last verdict
    expect(buttonsOf(view.blocks).map((b) => [b.action_id, b.value])).toEqual([
      ['home:run-check', 'run'],
      ['approval:approve', request.id],
      ['approval:deny', request.id],
    ]);

    // Approve in the Home tab (no response_url there): applied, the DMs updated, the Home published again.
    const approve = buttonsOf(view.blocks).find((b) => b.action_id === 'approval:approve')!;
    const publishedBefore = env.h.fake.callsOf('views.publish').length;
    await env.h.action({
      type: 'block_actions',
      team: { id: 'TFAKE', domain: 'fake' },
      user: { id: ALICE, username: 'alice', team_id: 'TFAKE' },
      api_app_id: 'AFAKE',
      token: 'deprecated-verification-token',
      container: { type: 'view', view_id: 'VFAKE1' },
      trigger_id: 'home-trigger-1',
      view: { id: 'VFAKE1', type: 'home', blocks: [] },
      actions: [
        {
          type: 'button',
          action_id: approve.action_id,
          block_id: 'home-actions-0',
          value: approve.value,
          text: { type: 'plain_text', text: 'Approve' },
          action_ts: '1700000000.000003',
        },
      ],
    });
    await settle(env.h);
    expect(env.sim.writes).toHaveLength(1);
    expect((await env.store.getApproval(request.id))?.state).toBe('applied');
    const republished = env.h.fake
      .callsOf('views.publish')
      .slice(publishedBefore)
      .filter((c) => c.args.user_id === ALICE);
    expect(republished).toHaveLength(1);
    const after = allTextFields((republished[0]!.args.view as { blocks: Block[] }).blocks).join('\n');
    expect(after).toContain('Applied');
    expect(after).toContain('Pending fix requests* (0)');
    for (const dm of dms)
      expect(
        textOf(
          env.h.fake
            .callsOf('chat.update')
            .filter((u) => u.args.ts === tsOf(dm))
            .at(-1)!,
        ),
      ).toContain('*Applied*');
  });

  it('shows a non-approver the last verdict of the orgs mapped to channels they are in, and nothing to decide', async () => {
    const env = await setup();
    await requested(env);
    env.h.fake.userChannels[MALLORY] = ['CACME', 'CRANDOM'];
    await env.h.event({
      type: 'app_home_opened',
      user: MALLORY,
      channel: 'DHOMEMAL',
      tab: 'home',
      event_ts: '1700000000.000005',
    });
    const home = await env.h.fake.waitForCall((c) => c.method === 'views.publish' && c.args.user_id === MALLORY, {
      description: "Mallory's Home",
    });
    const view = home.args.view as { blocks: Block[] };
    expect(viewViolations(view as unknown as Record<string, any>)).toEqual([]);
    const texts = allTextFields(view.blocks).join('\n');
    expect(texts).toContain('*Last verdicts in your channels*');
    expect(texts).toMatch(/\*acme\* · :x: FAIL · <!date\^/);
    expect(texts).not.toContain('Pending fix requests');
    expect(buttonsOf(view.blocks).map((b) => b.action_id)).toEqual(['home:run-check']);
    expect(env.h.fake.callsOf('users.conversations').at(-1)!.args).toMatchObject({ user: MALLORY });
  });

  it('shows a non-approver no org and no request, only the Run a check button', async () => {
    const env = await setup();
    await requested(env);
    await env.h.event({
      type: 'app_home_opened',
      user: MALLORY,
      channel: 'DHOMEMAL',
      tab: 'home',
      event_ts: '1700000000.000004',
    });
    const home = await env.h.fake.waitForCall((c) => c.method === 'views.publish' && c.args.user_id === MALLORY, {
      description: "Mallory's Home",
    });
    const view = home.args.view as { blocks: Block[] };
    expect(buttonsOf(view.blocks).map((b) => b.action_id)).toEqual(['home:run-check']);
    const texts = allTextFields(view.blocks).join('\n');
    expect(texts).not.toContain('acme');
    expect(texts).toContain('not an approver');
  });
});
