/**
 * kill -9 of a live `src/index.ts` process at each point of an approval (issue 14 item 3), then a fresh
 * process on the same database: within the bound its timings set (RESTART_BOUND_MS) every approval message shows the final state, the outcome is
 * announced exactly once in the requester's thread, and Genesys (the in-repo simulator) was written exactly
 * once. Unlike restart-outbox.test.ts (which seeds the database), the process here is really killed, at a
 * point made observable: a Slack call the fake holds unanswered, or a role grant the simulator holds.
 * Points: (a) request stored, approvers not told; (b) applying: the grant in flight in Genesys, or not sent yet;
 * (c) granted, outcome not announced; and the two where Slack took a post the app had not recorded yet (nothing may
 * be said twice): (d) approvers told, the "waiting for approval" thread notice not yet; (e) outcome announced, the
 * re-check verdict after it not yet.
 * On SQLite, and on PostgreSQL when reachable (required under SR_CHECK_REQUIRE_POSTGRES=1).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RECONCILE_GRACE_MS } from '../../src/approvals/service';
import { orgConfigForSimulator } from '../../src/demo';
import { UPKEEP_INTERVAL_MS } from '../../src/approvals/upkeep';
import { NOTIFY_LEASE_MS } from '../../src/slack/approval-flow';
import { type RunningSimulator, startSimulator } from '../../src/sim';
import { type CapturedCall, type FakeSlack, startFakeSlack } from '../support/fake-slack';
import { dropSchema, postgresForSuite, randomSchema, TEST_DATABASE_URL } from '../support/postgres';
import {
  buttonClick,
  nowSeconds,
  signSlackRequest,
  TEST_BOT_TOKEN,
  TEST_SIGNING_SECRET,
} from '../support/slack-harness';
import { allTextFields, type Block, buttonsOf } from './helpers';
import { freePortPair } from '../support/ports';

const ENTRY = join(__dirname, '..', '..', 'src', 'index.ts');
const SUPPORT = 'C0SUPPORT01';
const APPROVALS = 'C0APPROVALS';
const REQUESTER = 'U0REQUESTER';
const ALICE = 'U0ALICE0001';
/**
 * How long a restarted process may take to have told Slack everything, from the configured timings: what the outbox
 * tells goes out on the first upkeep pass after the restart (a killed process's lease, taken before the kill, has
 * lapsed by then, and its request has settled); what reconcile resolves is told once the dead process's grace ends,
 * or its lease lapses when it held one. The allowance covers the Slack calls and the reads on a loaded machine.
 */
const ALLOWANCE_MS = 30_000;
const RESTART_BOUND_MS = Math.max(UPKEEP_INTERVAL_MS, RECONCILE_GRACE_MS, NOTIFY_LEASE_MS) + ALLOWANCE_MS;

interface Child {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<unknown>;
}

/** Registers a clean-up for the running test (each point runs concurrently with its own fake, simulator and store). */
type Later = (cleanup: () => Promise<void> | void) => void;

/** The running test's Later, from vitest's onTestFinished. */
const laterFor =
  (onTestFinished: (fn: () => Promise<void>) => void): Later =>
  (cleanup) =>
    onTestFinished(async () => {
      await cleanup();
    });

/**
 * Starts `src/index.ts` and waits until it runs. A port freePortPair() found free can be taken by someone else before
 * the child listens on it (a dozen points start processes at once on a shared machine): then it starts again on
 * other ports.
 */
async function startChild(env: Record<string, string>, later: Later): Promise<Child> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startChildOnce(env, later);
    } catch (error) {
      if (attempt >= 3 || !String(error).includes('EADDRINUSE')) throw error;
    }
  }
}

async function startChildOnce(env: Record<string, string>, later: Later): Promise<Child> {
  const { VITEST: _v, VITEST_WORKER_ID: _w, VITEST_POOL_ID: _p, ...base } = process.env;
  const [port, metricsPort] = await freePortPair();
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', ENTRY], {
    env: {
      PATH: base.PATH ?? '',
      HOME: base.HOME ?? '',
      PORT: String(port),
      METRICS_PORT: String(metricsPort),
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  later(() => {
    child.kill('SIGKILL');
  });
  const running = { child, port, output: () => output, exited };
  // Generous: a cold tsx start on a loaded CI machine.
  await waitFor(() => output.includes('sr-check is running'), 60_000, 'the process to start', running);
  return running;
}

async function waitFor(done: () => boolean, timeoutMs: number, what: string, child?: Child): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (child && child.child.exitCode !== null)
      throw new Error(`the process exited while waiting for ${what}\n${child.output().slice(-4000)}`);
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${what}${child ? `\n--- process output ---\n${child.output().slice(-4000)}` : ''}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function kill9(run: Child): Promise<void> {
  run.child.kill('SIGKILL');
  await run.exited;
}

/** A signed form POST to the child's /slack/events, as Slack sends commands and button clicks. */
async function signedForm(run: Child, form: Record<string, string>): Promise<number> {
  const body = new URLSearchParams(form).toString();
  const timestamp = nowSeconds();
  const response = await fetch(`http://127.0.0.1:${run.port}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signSlackRequest(TEST_SIGNING_SECRET, timestamp, body),
    },
    body,
  });
  await response.text();
  return response.status;
}

const buttonsOfCall = (call: CapturedCall) => buttonsOf(call.args.blocks as Block[] | undefined);
const textOf = (call: CapturedCall): string =>
  [String(call.args.text ?? ''), ...allTextFields(call.args.blocks)].join('\n');
const answered = (fake: FakeSlack) => fake.calls.filter((c) => !c.held);
/** The block_id of a message's first block (approval-notice, approval-outcome, …). */
const firstBlockId = (args: Record<string, unknown>): string | undefined =>
  (args.blocks as Block[] | undefined)?.[0]?.block_id as string | undefined;

interface World {
  fake: FakeSlack;
  sim: RunningSimulator;
  env: Record<string, string>;
}

async function world(storeEnv: Record<string, string>, later: Later): Promise<World> {
  const fake = await startFakeSlack({ botToken: TEST_BOT_TOKEN });
  later(() => fake.close());
  const sim = await startSimulator({ scenario: 'cc-no-role' });
  later(() => sim.close());
  const org = orgConfigForSimulator(sim, 'acme');
  const scenario = sim.scenario;
  const secret = (id: string) => scenario.oauthClients.find((c) => c.id === id)?.secret ?? '';
  const dir = mkdtempSync(join(tmpdir(), 'sr-check-kill-'));
  later(() => rmSync(dir, { recursive: true, force: true }));
  const config = join(dir, 'orgs.yml');
  // JSON is YAML: the org as an operator would configure it against this simulator.
  writeFileSync(
    config,
    JSON.stringify({
      orgs: {
        acme: {
          apiBaseUrl: org.apiBaseUrl,
          loginBaseUrl: org.loginBaseUrl,
          diagnostic: { clientId: org.diagnostic.clientId, clientSecretEnv: 'ACME_DIAG_SECRET' },
          fixer: { clientId: org.fixer?.clientId, clientSecretEnv: 'ACME_FIXER_SECRET' },
          ...(org.target ? { target: org.target } : {}),
          ...(org.operations.length > 0 ? { operations: org.operations } : {}),
          channels: [SUPPORT],
          approvers: { users: [ALICE], channel: APPROVALS },
        },
      },
    }),
  );
  const env = {
    ...storeEnv,
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    SR_CHECK_CONFIG: config,
    ACME_DIAG_SECRET: secret(org.diagnostic.clientId),
    ACME_FIXER_SECRET: secret(org.fixer?.clientId ?? ''),
  };
  if (!env.ACME_DIAG_SECRET || !env.ACME_FIXER_SECRET) throw new Error('cc-no-role: no secrets for the checker');
  return { fake, sim, env };
}

/** /sr-check org=acme, then the verdict's fix button: returns the verdict (whose thread gets the outcome). */
async function requestFix(w: World, run: Child): Promise<CapturedCall> {
  const before = w.fake.calls.length;
  expect(
    await signedForm(run, {
      team_id: 'TFAKE',
      channel_id: SUPPORT,
      user_id: REQUESTER,
      command: '/sr-check',
      text: 'org=acme',
      response_url: w.fake.responseUrl(),
      trigger_id: 'trigger-1',
    }),
  ).toBe(200);
  const verdict = await w.fake.waitForCall(
    (c) =>
      c.method === 'chat.postMessage' &&
      c.args.channel === SUPPORT &&
      !c.args.thread_ts &&
      w.fake.calls.indexOf(c) >= before &&
      buttonsOfCall(c).some((b) => b.action_id.startsWith('fix:')),
    { timeoutMs: 30_000, description: 'a verdict with a fix button' },
  );
  const fix = buttonsOfCall(verdict).find((b) => b.action_id.startsWith('fix:'))!;
  const click = buttonClick({
    button: fix,
    channel: SUPPORT,
    user: REQUESTER,
    message: { ts: String(verdict.response?.ts) },
    responseUrl: w.fake.responseUrl(),
  });
  expect(await signedForm(run, { payload: JSON.stringify(click) })).toBe(200);
  return verdict;
}

const approvalPosts = (w: World) =>
  answered(w.fake).filter((c) => c.method === 'chat.postMessage' && c.args.channel === APPROVALS);

/** The approval request as Slack took it (the approvers were told). */
function approvalRequestPosted(w: World): Promise<CapturedCall> {
  return w.fake.waitForCall((c) => !c.held && c.method === 'chat.postMessage' && c.args.channel === APPROVALS, {
    timeoutMs: 30_000,
    description: 'the approval request',
  });
}

async function approve(w: World, run: Child): Promise<void> {
  const message = await approvalRequestPosted(w);
  const button = buttonsOfCall(message).find((b) => b.action_id === 'approval:approve')!;
  const click = buttonClick({
    button,
    channel: APPROVALS,
    user: ALICE,
    message: { ts: String(message.response?.ts) },
    responseUrl: w.fake.responseUrl(),
  });
  expect(await signedForm(run, { payload: JSON.stringify(click) })).toBe(200);
}

/** The grant calls that reached the simulator's handler (its write log). */
const grants = (sim: RunningSimulator) => sim.writes.filter((write) => write.method !== 'GET');

/**
 * After the restart: every approval message (answered posts to the approvals channel) was last updated to the
 * final state (`(applied)` or `(failed)` in its text), the outcome was posted once in the verdict's thread, and
 * Genesys was written `grantWrites` times (once for an applied fix, never for one that failed before its write).
 */
async function expectToldOnce(
  w: World,
  verdict: CapturedCall,
  run: Child,
  { final, grantWrites }: { final: 'applied' | 'failed'; grantWrites: number } = { final: 'applied', grantWrites: 1 },
): Promise<void> {
  const thread = String(verdict.response?.ts);
  const outcomes = () =>
    answered(w.fake).filter((c) => {
      if (c.method !== 'chat.postMessage' || c.args.channel !== SUPPORT || c.args.thread_ts !== thread) return false;
      const first = (c.args.blocks as Block[] | undefined)?.[0]?.block_id;
      return first === 'approval-outcome' || (first === 'approval-notice' && textOf(c).includes(`(${final})`));
    });
  const showsFinal = (ts: string) => {
    const updates = answered(w.fake).filter((c) => c.method === 'chat.update' && c.args.ts === ts);
    const last = updates.at(-1);
    return last !== undefined && textOf(last).includes(`(${final})`) && buttonsOfCall(last).length === 0;
  };
  const everyMessageFinal = () => {
    const posts = approvalPosts(w);
    return posts.length > 0 && posts.every((p) => showsFinal(String(p.response?.ts)));
  };
  await waitFor(
    () => everyMessageFinal() && outcomes().length >= 1,
    RESTART_BOUND_MS,
    'every approval message to show the outcome and the outcome to be announced',
    run,
  );
  expect(outcomes()).toHaveLength(1);
  expect(approvalPosts(w)).toHaveLength(1);
  expect(grants(w.sim)).toHaveLength(grantWrites);
}

function killSuite(kind: 'sqlite' | 'postgres', open: (later: Later) => Promise<Record<string, string>>) {
  // Concurrent: each point has its own fake Slack, simulator and database, and mostly waits for the upkeep pass.
  describe.concurrent(`kill -9 of a live process at each point of an approval (${kind})`, () => {
    it('(a) request stored, approvers not told: the restart tells them; approved then, the outcome is announced once', async ({
      onTestFinished,
    }) => {
      const later = laterFor(onTestFinished);
      const w = await world(await open(later), later);
      // Slack never answers the post to the approvers: the process has stored the request and waits there.
      w.fake.hold = (method, args) => method === 'chat.postMessage' && args.channel === APPROVALS;
      const first = await startChild(w.env, later);
      const verdict = await requestFix(w, first);
      await w.fake.waitForCall((c) => Boolean(c.held), { timeoutMs: 30_000, description: 'the held approval post' });
      await kill9(first);
      w.fake.hold = undefined;

      const second = await startChild(w.env, later);
      await waitFor(() => approvalPosts(w).length >= 1, RESTART_BOUND_MS, 'the approvers to be told', second);
      await approve(w, second);
      await expectToldOnce(w, verdict, second);
      expect(second.output()).not.toContain('LEAKCANARY');
    }, 240_000);

    it('(b) killed while the role grant is in flight in Genesys: the restart confirms it landed, outcome announced once', async ({
      onTestFinished,
    }) => {
      const later = laterFor(onTestFinished);
      const w = await world(await open(later), later);
      const first = await startChild(w.env, later);
      const verdict = await requestFix(w, first);
      await approvalRequestPosted(w);
      // Genesys holds the grant (the client PUT) for 20 s, then applies it, whoever is still listening: the process
      // is killed while it waits, as a real one can be after its write reached Genesys.
      w.sim.addFault({ kind: 'latency', match: 'PUT /api/v2/oauth/clients/**', ms: 20_000, times: 1 });
      const held = w.sim.state.faults.at(-1)!;
      await approve(w, first);
      await waitFor(() => held.remaining === 0, 60_000, 'the grant to reach the simulator', first);
      await kill9(first);
      expect(grants(w.sim)).toHaveLength(0);

      const second = await startChild(w.env, later);
      // The restarted process waits out the dead one's grace (RECONCILE_GRACE_MS after its last mark), then reads the
      // client: the grant is there, so the request is applied, and nothing is written again.
      await expectToldOnce(w, verdict, second);
      await waitFor(
        () => second.output().includes('Confirmed after the process applying it stopped'),
        10_000,
        'the reconcile to be logged',
        second,
      );
    }, 240_000);

    it('(b) killed while applying, before the grant was sent: the restart finds nothing changed, failure announced once', async ({
      onTestFinished,
    }) => {
      const later = laterFor(onTestFinished);
      const w = await world(await open(later), later);
      const first = await startChild(w.env, later);
      const verdict = await requestFix(w, first);
      await approvalRequestPosted(w);
      // The fixer reads the client again before writing it; Genesys holds that read, and the process dies there.
      w.sim.addFault({ kind: 'latency', match: 'GET /api/v2/oauth/clients/*', ms: 20_000, times: 1 });
      const held = w.sim.state.faults.at(-1)!;
      await approve(w, first);
      await waitFor(() => held.remaining === 0, 60_000, 'the re-read of the client to reach the simulator', first);
      await kill9(first);

      const second = await startChild(w.env, later);
      await expectToldOnce(w, verdict, second, { final: 'failed', grantWrites: 0 });
      const outcome = answered(w.fake).filter((c) => c.method === 'chat.update' && textOf(c).includes('(failed)'));
      expect(textOf(outcome.at(-1)!)).toContain('interrupted before the change was made; nothing was changed');
    }, 240_000);

    it('(b) killed while applying, the thread notice still in flight (its lease held by the dead process): the reconcile announces the failure once', async ({
      onTestFinished,
    }) => {
      const later = laterFor(onTestFinished);
      const w = await world(await open(later), later);
      // Slack never answers the "waiting for approval" notice in the requester's thread: the process that stored the
      // request still holds its notification lease when it is killed (approved and applying meanwhile).
      w.fake.hold = (method, args) =>
        method === 'chat.postMessage' && args.channel === SUPPORT && typeof args.thread_ts === 'string';
      const first = await startChild(w.env, later);
      const verdict = await requestFix(w, first);
      await w.fake.waitForCall((c) => Boolean(c.held), { timeoutMs: 30_000, description: 'the held thread notice' });
      w.sim.addFault({ kind: 'latency', match: 'GET /api/v2/oauth/clients/*', ms: 20_000, times: 1 });
      const held = w.sim.state.faults.at(-1)!;
      await approve(w, first);
      await waitFor(() => held.remaining === 0, 60_000, 'the re-read of the client to reach the simulator', first);
      await kill9(first);
      w.fake.hold = undefined;

      const second = await startChild(w.env, later);
      await expectToldOnce(w, verdict, second, { final: 'failed', grantWrites: 0 });
    }, 240_000);

    it('(c) granted but the outcome not announced: the restart announces it once and writes nothing again', async ({
      onTestFinished,
    }) => {
      const later = laterFor(onTestFinished);
      const w = await world(await open(later), later);
      const first = await startChild(w.env, later);
      const verdict = await requestFix(w, first);
      await approvalRequestPosted(w);
      // Nothing after the grant reaches Slack: the process has written Genesys and hangs telling Slack.
      w.fake.hold = () => grants(w.sim).length > 0;
      await approve(w, first);
      await waitFor(() => grants(w.sim).length > 0, 30_000, 'the grant write in the simulator', first);
      await w.fake.waitForCall((c) => Boolean(c.held), { timeoutMs: 30_000, description: 'a held Slack call' });
      await kill9(first);
      w.fake.hold = undefined;

      const second = await startChild(w.env, later);
      await expectToldOnce(w, verdict, second);
    }, 240_000);

    it('(d) approvers told, the thread notice not yet: the restart posts the notice once and never the request again', async ({
      onTestFinished,
    }) => {
      const later = laterFor(onTestFinished);
      const w = await world(await open(later), later);
      // The approvals channel takes the request; Slack never answers the "waiting for approval" notice posted right
      // after it in the requester's thread, and the process dies waiting for it.
      w.fake.hold = (method, args) =>
        method === 'chat.postMessage' && args.channel === SUPPORT && typeof args.thread_ts === 'string';
      const first = await startChild(w.env, later);
      const verdict = await requestFix(w, first);
      await w.fake.waitForCall((c) => Boolean(c.held), { timeoutMs: 30_000, description: 'the held thread notice' });
      expect(approvalPosts(w)).toHaveLength(1);
      await kill9(first);
      w.fake.hold = undefined;

      const second = await startChild(w.env, later);
      const thread = String(verdict.response?.ts);
      const waitingNotices = () =>
        answered(w.fake).filter(
          (c) =>
            c.method === 'chat.postMessage' &&
            c.args.channel === SUPPORT &&
            c.args.thread_ts === thread &&
            firstBlockId(c.args) === 'approval-notice' &&
            textOf(c).includes('Waiting for approval'),
        );
      await waitFor(() => waitingNotices().length >= 1, RESTART_BOUND_MS, 'the thread notice to be posted', second);
      expect(approvalPosts(w), 'the approval request was posted again').toHaveLength(1);
      await approve(w, second);
      await expectToldOnce(w, verdict, second);
      expect(waitingNotices()).toHaveLength(1);
    }, 240_000);

    it('(e) outcome announced, the re-check verdict not yet: the restart does not announce the outcome again', async ({
      onTestFinished,
    }) => {
      const later = laterFor(onTestFinished);
      const w = await world(await open(later), later);
      const first = await startChild(w.env, later);
      const verdict = await requestFix(w, first);
      await approvalRequestPosted(w);
      const thread = String(verdict.response?.ts);
      // After the grant the approval messages are updated and the outcome is posted in the thread; Slack never answers
      // the next post there (the re-check verdict), and the process dies waiting for it.
      w.fake.hold = (method, args) =>
        grants(w.sim).length > 0 &&
        method === 'chat.postMessage' &&
        args.channel === SUPPORT &&
        args.thread_ts === thread &&
        firstBlockId(args) !== 'approval-outcome';
      await approve(w, first);
      await w.fake.waitForCall((c) => Boolean(c.held), {
        timeoutMs: 60_000,
        description: 'the held re-check verdict',
      });
      await kill9(first);
      w.fake.hold = undefined;

      // The outbox leaves requests changed in the last 30 s to the live path: the pass that would repeat the outcome
      // is the first upkeep pass after that (a minute after start), the second pass this process logs.
      const second = await startChild({ ...w.env, LOG_LEVEL: 'debug' }, later);
      const passes = () => second.output().split('notification outbox pass done').length - 1;
      await waitFor(() => passes() >= 2, RESTART_BOUND_MS, 'the outbox pass after the settle time', second);
      await expectToldOnce(w, verdict, second);
    }, 240_000);
  });
}

// Both stores at once, so the whole file takes about one upkeep interval plus start-up, not four.
describe.concurrent('restart after kill -9', () => {
  killSuite('sqlite', async (later) => {
    const dir = mkdtempSync(join(tmpdir(), 'sr-check-kill-db-'));
    later(() => rmSync(dir, { recursive: true, force: true }));
    return { SR_CHECK_DB: join(dir, 'sr-check.db') };
  });

  const pg = postgresForSuite('restart-kill', it);
  if (pg.available) {
    killSuite('postgres', async (later) => {
      const schema = randomSchema('kill');
      later(() => dropSchema(schema));
      return { SR_CHECK_DATABASE_URL: TEST_DATABASE_URL, SR_CHECK_DATABASE_SCHEMA: schema };
    });
  }
});
