/**
 * The Slack app with its checks in a worker thread (src/check-thread/, the default of `npm start`), end to end:
 * a command's verdict, and a fix requested, approved, applied once by the fixer client and re-checked, all through
 * the thread that holds every Genesys client; the simulator sees one token per client, as with one thread.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppConfig, OrgConfig } from '../../src/config/types';
import { orgConfigForSimulator } from '../../src/demo';
import { createLogger } from '../../src/log';
import { createServices } from '../../src/services';
import { startSimulator } from '../../src/sim';
import { SqliteStore } from '../../src/store/sqlite-store';
import type { CapturedCall } from '../support/fake-slack';
import { buttonClick, startSlackHarness, type SlackHarness } from '../support/slack-harness';
import { allTextFields, type Block, buttonsOf } from './helpers';

const REQUESTER = 'U0REQUESTER';
const ALICE = 'U0ALICE';
const TARGET_CLIENT = '09f08c5e-1262-478b-9a02-ada5263d5d40';
const VIEWER_ROLE = '39f38e94-aac1-40e1-9358-09a68f3a8563';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const configOf = (org: OrgConfig): AppConfig => ({
  orgs: new Map([[org.name, org]]),
  allowedChannels: [],
  source: 'test',
});
const textOf = (call: CapturedCall): string =>
  [String(call.args.text ?? ''), ...allTextFields(call.args.blocks)].join('\n');
const tsOf = (call: CapturedCall): string => String(call.response?.ts);

async function settle(h: SlackHarness): Promise<void> {
  for (let i = 0; i < 1000 && h.slackApp.inFlight > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(h.slackApp.inFlight).toBe(0);
}

async function setup() {
  const sim = await startSimulator({ scenario: 'cc-no-role' });
  cleanups.push(() => sim.close());
  const org = { ...orgConfigForSimulator(sim, 'acme'), channels: ['CACME'], approvers: { users: [ALICE] } };
  const dir = mkdtempSync(join(tmpdir(), 'sr-check-thread-e2e-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const store = new SqliteStore({ path: join(dir, 'sr-check.db') });
  cleanups.push(() => store.close());
  // The approval side's clock moves with a propagation watch's waits (no real waiting); the checks in the thread
  // run on real time, so the re-checks see the grant as just made.
  const clock = { now: Date.now() };
  const h = await startSlackHarness({
    orgs: [org],
    store,
    fixes: {
      now: () => clock.now,
      sleep: async (ms) => {
        clock.now += ms;
      },
    },
    checkThread: true,
  });
  cleanups.push(() => h.close());
  return { sim, store, h };
}

async function verdictOf(h: SlackHarness): Promise<CapturedCall> {
  const ack = await h.command('org=acme', { channel: 'CACME', user: REQUESTER });
  expect(ack.json).toEqual({ response_type: 'ephemeral', text: 'Checking acme…' });
  return h.fake.waitForCall(
    (c) => c.method === 'chat.postMessage' && c.args.channel === 'CACME' && !c.args.thread_ts && c.seq > ack.seq,
    { description: 'the verdict' },
  );
}

describe('checks in their own thread (issue 26)', () => {
  it('posts the verdict a check in the thread reached: FAIL with its fix button, one token for two checks', async () => {
    const { sim, h } = await setup();
    const first = await verdictOf(h);
    expect(textOf(first)).toMatch(/\*role\* · FAIL/);
    expect(buttonsOf(first.args.blocks as Block[]).some((b) => b.action_id.startsWith('fix:'))).toBe(true);
    await verdictOf(h);
    // The diagnostic client lives once, in the thread: its token is minted once for both checks.
    const logins = sim.requests.filter((r) => r.path === '/oauth/token');
    expect(logins).toHaveLength(1);
  });

  it('applies an approved fix once through the thread (the fixer client writes, the check re-runs there)', async () => {
    const { sim, store, h } = await setup();
    const verdict = await verdictOf(h);
    const button = buttonsOf(verdict.args.blocks as Block[]).find((b) => b.action_id.startsWith('fix:'))!;
    const clicked = await h.action(
      buttonClick({
        button,
        channel: 'CACME',
        user: REQUESTER,
        message: { ts: tsOf(verdict) },
        responseUrl: h.fake.responseUrl(),
      }),
    );
    expect(clicked.status).toBe(200);
    await settle(h);
    const [request] = await store.listApprovals();
    expect(request?.state).toBe('pending');
    expect(sim.writes).toEqual([]);

    const dm = h.fake.calls.find(
      (c) =>
        c.method === 'chat.postMessage' &&
        buttonsOf(c.args.blocks as Block[]).some((b) => b.action_id === 'approval:approve'),
    )!;
    const approve = buttonsOf(dm.args.blocks as Block[]).find((b) => b.action_id === 'approval:approve')!;
    const responseUrl = h.fake.responseUrl();
    const decided = await h.action(
      buttonClick({
        button: approve,
        channel: String(dm.args.channel),
        user: ALICE,
        message: { ts: tsOf(dm) },
        responseUrl,
      }),
    );
    expect(decided.status).toBe(200);
    await settle(h);
    await h.slackApp.approvals!.watchesIdle();

    expect(sim.writes).toHaveLength(1);
    expect(sim.state.clients.get(TARGET_CLIENT)!.roleDivisions).toContainEqual(
      expect.objectContaining({ roleId: VIEWER_ROLE }),
    );
    expect((await store.getApproval(request!.id))?.state).toBe('applied');
    // The re-check's verdict in the original thread, from the thread's diagnoser.
    const recheck = h.fake.calls.filter(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args.thread_ts === tsOf(verdict) &&
        (c.args.blocks as Block[])?.[0]?.type === 'header',
    );
    expect(recheck.length).toBeGreaterThanOrEqual(1);
    expect(textOf(recheck[0]!)).toMatch(/\*role\* · PASS/);
  });

  it('runs from the build as npm start does (dist/check-thread/worker.js, no tsx): the same verdict', async () => {
    const root = join(__dirname, '..', '..');
    expect(existsSync(join(root, 'dist', 'check-thread', 'worker.js')), 'npm run build (npm ci runs it)').toBe(true);
    // A process of its own, as the built app is one: plain node loading dist's CommonJS.
    const script = `
      const dist = (m) => require(${JSON.stringify(join(root, 'dist'))} + '/' + m);
      const { startSimulator } = dist('sim');
      const { orgConfigForSimulator } = dist('demo');
      const { createThreadedServices } = dist('check-thread/host');
      const { createLogger } = dist('log');
      (async () => {
        const sim = await startSimulator({ scenario: 'cc-no-role' });
        const org = orgConfigForSimulator(sim, 'acme');
        const services = createThreadedServices({
          config: { orgs: new Map([['acme', org]]), allowedChannels: [], source: 'test' },
          logger: createLogger({ level: 'silent' }),
        });
        const outcome = await services.diagnoser.diagnose({ org: 'acme', fresh: false }, 'built');
        await services.close();
        await sim.close();
        process.stdout.write(JSON.stringify({ overall: outcome.verdict.overall, calls: outcome.verdict.apiCalls }));
      })();`;
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['-e', script], { cwd: root, timeout: 60_000 }, (error, out) =>
        error ? reject(error) : resolve(out),
      ),
    );
    // The same first check from the sources, in this thread.
    const sim = await startSimulator({ scenario: 'cc-no-role' });
    cleanups.push(() => sim.close());
    const services = createServices({
      config: configOf(orgConfigForSimulator(sim, 'acme')),
      logger: createLogger({ level: 'silent' }),
    });
    cleanups.push(() => services.close());
    const here = await services.diagnoser.diagnose({ org: 'acme', fresh: false }, 'sources');
    expect(here.ok).toBe(true);
    if (!here.ok) return;
    expect(JSON.parse(stdout)).toEqual({ overall: here.verdict.overall, calls: here.verdict.apiCalls });
  });
});
