/**
 * Issue 14 item 1, end to end: a canary secret for the diagnostic and for the fixer client, a simulator fault
 * that quotes the Authorization header back (verbatim, without its scheme, decoded, URL-encoded) at login and
 * on API calls, and then every sink searched for every form of every canary and every issued token:
 *   - CLI text and --json (diagnostic client: login and API echoes);
 *   - Slack payloads through the fake Slack: the verdict, the fix request to approvers (DMs, or the approvals
 *     channel), the thread notice and outcome, App Home, every ephemeral answer (fixer client: login echo);
 *   - the audit log and approval rows as read back, and the raw database: the SQLite file, and on
 *     PostgreSQL every row of every table as text;
 *   - this worker's captured log lines.
 * And the probe: a proxy in front of the API that puts the bearer token in the ININ-Correlation-Id header of
 * every answer, 2xx included, whose correlation id the probe reports (CLI text and --json).
 * Each scenario also checks that the echo happened (the sim answered with it and `[redacted]` reached the
 * sink), so the test cannot pass by never provoking one.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { Secret } from '../../src/config/secret';
import type { OrgConfig } from '../../src/config/types';
import { orgConfigForSimulator } from '../../src/demo';
import { startSimulator, type RunningSimulator } from '../../src/sim';
import { openStore } from '../../src/store/open';
import { PostgresStore } from '../../src/store/postgres-store';
import { SqliteStore } from '../../src/store/sqlite-store';
import type { Store } from '../../src/store/types';
import { TEST_LOG_DIR } from '../setup/capture-logs';
import { runCliCaptured } from '../support/cli';
import type { CapturedCall } from '../support/fake-slack';
import { dropSchema, postgresForSuite, randomSchema, TEST_DATABASE_URL } from '../support/postgres';
import { ISSUED_TOKEN_PATTERN } from '../support/secrets';
import { buttonClick, startSlackHarness, type SlackHarness } from '../support/slack-harness';
import type { Block } from '../e2e/helpers';

const DIAG_ID = '064e7908-1b9a-4204-be35-b969e4b3208a';
const FIXER_ID = '9dd6054f-efab-4657-9a7f-b5471c523740';
/** Characters that change under base64, URL and form encoding, so every form differs from the raw secret. */
const DIAG_CANARY = 'LEAKCANARY-diag-Zq9+/x y=1';
const FIXER_CANARY = 'LEAKCANARY-fixer-Wk3+/u v=2';
const REQUESTER = 'U0REQUESTER';
const ALICE = 'U0ALICE';

/** Every form in which a client's credentials could be quoted: none may reach any sink. */
function forms(clientId: string, secret: string): string[] {
  const pair = `${clientId}:${secret}`;
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  return [
    secret,
    pair,
    b64(pair),
    b64(pair).replace(/=+$/, ''),
    b64(secret),
    encodeURIComponent(secret),
    new URLSearchParams({ v: secret }).toString().slice(2),
    encodeURIComponent(pair),
  ];
}
const FORBIDDEN = [...forms(DIAG_ID, DIAG_CANARY), ...forms(FIXER_ID, FIXER_CANARY)];

function expectClean(sink: string, text: string): void {
  for (const form of FORBIDDEN)
    expect(text.includes(form), `${sink} contains a form of a canary secret (${form.slice(0, 12)}…)`).toBe(false);
  expect(ISSUED_TOKEN_PATTERN.test(text), `${sink} contains an issued token`).toBe(false);
  expect(text, `${sink} contains a Basic or Bearer value`).not.toMatch(
    /\b(basic|bearer)\s+(?!\[redacted\])[A-Za-z0-9+/=._~-]{8,}/i,
  );
}

/** This worker's log lines (test/setup/capture-logs.ts writes every logger's output there). */
function workerLogs(): string {
  const file = join(TEST_LOG_DIR, `worker-${process.pid}.log`);
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function canarySimulator(): Promise<RunningSimulator> {
  const sim = await startSimulator({ scenario: 'cc-no-role' });
  cleanups.push(() => sim.close());
  sim.state.clients.get(DIAG_ID)!.secret = DIAG_CANARY;
  sim.state.clients.get(FIXER_ID)!.secret = FIXER_CANARY;
  return sim;
}

/** Did the simulator really answer `status` to a request of this client at `path`? (The fault fired.) */
function echoed(sim: RunningSimulator, clientId: string, path: string, status: number): boolean {
  return sim.requests.some(
    (r) => r.path === path && r.status === status && (r.clientId === clientId || path === '/oauth/token'),
  );
}

describe('the diagnostic client: CLI text and --json', () => {
  it('a login host quoting the Basic header, and an API quoting the bearer token, reach neither', async () => {
    const sim = await canarySimulator();
    const dir = mkdtempSync(join(tmpdir(), 'sr-check-canary-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const configPath = join(dir, 'config.yaml');
    writeFileSync(
      configPath,
      stringify({
        orgs: {
          acme: {
            apiBaseUrl: sim.apiBaseUrl,
            loginBaseUrl: sim.loginBaseUrl,
            diagnostic: { clientId: DIAG_ID, clientSecretEnv: 'ACME_DIAG_SECRET' },
            target: { client: '09f08c5e-1262-478b-9a02-ada5263d5d40' },
          },
        },
      }),
    );
    const env = { ACME_DIAG_SECRET: DIAG_CANARY };

    sim.addFault({ kind: 'echo-credentials', match: 'POST /oauth/token', clientId: DIAG_ID, status: 401 });
    const loginText = await runCliCaptured(['org=acme', 'fresh', '-v', '--config', configPath], env);
    const loginJson = await runCliCaptured(['org=acme', 'fresh', '--json', '--config', configPath], env);
    expect(echoed(sim, DIAG_ID, '/oauth/token', 401)).toBe(true);
    for (const [sink, out] of [
      ['CLI text (login echo)', loginText],
      ['CLI --json (login echo)', loginJson],
    ] as const) {
      expect(out.stdout + out.stderr).toContain('[redacted]');
      expectClean(sink, out.stdout + out.stderr);
    }

    sim.clearFaults();
    sim.addFault({ kind: 'echo-credentials', match: 'GET /api/v2/oauth/clients/*', clientId: DIAG_ID, status: 502 });
    const apiText = await runCliCaptured(['org=acme', 'fresh', '-v', '--config', configPath], env);
    const apiJson = await runCliCaptured(['org=acme', 'fresh', '--json', '--config', configPath], env);
    expect(echoed(sim, DIAG_ID, `/api/v2/oauth/clients/09f08c5e-1262-478b-9a02-ada5263d5d40`, 502)).toBe(true);
    for (const [sink, out] of [
      ['CLI text (API echo)', apiText],
      ['CLI --json (API echo)', apiJson],
    ] as const) {
      expect(out.stdout + out.stderr).toContain('[redacted]');
      expectClean(sink, out.stdout + out.stderr);
    }
    expectClean('logs', workerLogs());
  }, 60_000);
});

/**
 * A proxy in front of the simulator's API host that quotes each request's bearer token in the
 * ININ-Correlation-Id header of the answer, whatever its status. Records the statuses it answered with a quote.
 */
async function echoingProxy(target: string): Promise<{ url: string; echoed: number[] }> {
  const echoed: number[] = [];
  const server = createServer((req, res) => {
    const upstream = httpRequest(
      new URL(req.url ?? '/', target),
      { method: req.method, headers: { ...req.headers, host: new URL(target).host } },
      (answer) => {
        const token = String(req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
        if (token) echoed.push(answer.statusCode ?? 0);
        res.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'inin-correlation-id': token || 'none' });
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, echoed };
}

describe('the probe: a correlation id that quotes the bearer token', () => {
  it('reaches neither the CLI text nor --json, from a 2xx answer or an error', async () => {
    const sim = await startSimulator({ scenario: 'healthy' });
    cleanups.push(() => sim.close());
    sim.state.clients.get(DIAG_ID)!.secret = DIAG_CANARY;
    const PROBE_ID = '09f08c5e-1262-478b-9a02-ada5263d5d40';
    const PROBE_CANARY = 'LEAKCANARY-probe-Pq7+/r s=3';
    sim.state.clients.get(PROBE_ID)!.secret = PROBE_CANARY;
    const proxy = await echoingProxy(sim.apiBaseUrl);
    const dir = mkdtempSync(join(tmpdir(), 'sr-check-canary-probe-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const configPath = join(dir, 'config.yaml');
    writeFileSync(
      configPath,
      stringify({
        orgs: {
          acme: {
            apiBaseUrl: proxy.url,
            loginBaseUrl: sim.loginBaseUrl,
            diagnostic: { clientId: DIAG_ID, clientSecretEnv: 'ACME_DIAG_SECRET' },
            probe: { clientId: PROBE_ID, clientSecretEnv: 'ACME_PROBE_SECRET' },
            target: { client: PROBE_ID },
          },
        },
      }),
    );
    const env = { ACME_DIAG_SECRET: DIAG_CANARY, ACME_PROBE_SECRET: PROBE_CANARY };
    const interaction = 'interaction=6a86e29b-4ad8-4cf1-98b7-11b3ee10bf28';
    const text = await runCliCaptured(['org=acme', interaction, 'fresh', '--config', configPath], env);
    const json = await runCliCaptured(['org=acme', interaction, 'fresh', '--json', '--config', configPath], env);

    // The probe really read through the proxy and got a 2xx quoting its token.
    const reads = sim.requests.filter((r) => r.clientId === PROBE_ID && r.method === 'GET');
    expect(reads.some((r) => r.status >= 200 && r.status < 300)).toBe(true);
    expect(proxy.echoed.some((status) => status >= 200 && status < 300)).toBe(true);
    const probe = (
      JSON.parse(json.stdout) as { checks: Array<{ id: string; probe?: { reads: unknown[] } }> }
    ).checks.find((c) => c.id === 'probe');
    expect(probe?.probe?.reads.length).toBeGreaterThan(0);

    const probeForms = forms(PROBE_ID, PROBE_CANARY);
    for (const [sink, out] of [
      ['CLI text (probe)', text],
      ['CLI --json (probe)', json],
    ] as const) {
      expectClean(sink, out.stdout + out.stderr);
      for (const form of probeForms) expect(out.stdout + out.stderr, sink).not.toContain(form);
    }
    expectClean('logs', workerLogs());
  }, 60_000);
});

type Button = { action_id: string; value: string };
const buttonsOf = (blocks: Block[] | undefined): Button[] =>
  (blocks ?? []).filter((b) => b.type === 'actions').flatMap((b) => b.elements as Button[]);
const tsOf = (call: CapturedCall): string => String(call.response?.ts);

async function settle(h: SlackHarness): Promise<void> {
  for (let i = 0; i < 1000 && h.slackApp.inFlight > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** The Slack app on `store`, the diagnostic login echo, then a fix whose fixer login echoes; every sink searched. */
async function slackAndStoreRun(
  store: Store,
  rawDatabase: () => Promise<string>,
  approvals: 'dm' | 'channel',
): Promise<void> {
  const sim = await canarySimulator();
  const org: OrgConfig = {
    ...orgConfigForSimulator(sim, 'acme'),
    diagnostic: { clientId: DIAG_ID, clientSecret: new Secret(DIAG_CANARY) },
    fixer: { clientId: FIXER_ID, clientSecret: new Secret(FIXER_CANARY) },
    channels: ['CACME'],
    approvers: { users: [ALICE], ...(approvals === 'channel' ? { channel: 'C0APPROVALS' } : {}) },
  };
  const h = await startSlackHarness({ orgs: [org], store, fixes: {} });
  cleanups.push(() => h.close());

  // The diagnostic client's login quotes its Basic header: the verdict names the failure, and its Details modal
  // (the full evidence) carries the masked error.
  sim.addFault({ kind: 'echo-credentials', match: 'POST /oauth/token', clientId: DIAG_ID, status: 401, times: 1 });
  const beforeFailed = h.fake.callsOf('chat.postMessage').length;
  await h.command('org=acme fresh', { channel: 'CACME', user: REQUESTER });
  const failedVerdict = await h.fake.waitForCall(
    (c) =>
      c.method === 'chat.postMessage' &&
      c.args.channel === 'CACME' &&
      !c.args.thread_ts &&
      h.fake.callsOf('chat.postMessage').indexOf(c) >= beforeFailed,
    { description: 'the verdict after the echoed login' },
  );
  expect(echoed(sim, DIAG_ID, '/oauth/token', 401)).toBe(true);
  const details = buttonsOf(failedVerdict.args.blocks as Block[]).find((b) => b.action_id === 'verdict:details');
  if (!details) throw new Error('no Details button on the verdict');
  await h.action(
    buttonClick({
      button: details,
      channel: 'CACME',
      user: REQUESTER,
      message: { ts: tsOf(failedVerdict) },
      responseUrl: h.fake.responseUrl(),
    }),
  );
  const modal = await h.fake.waitForCall(
    (c) => c.method === 'views.open' && JSON.stringify(c.args).includes('[redacted]'),
    {
      description: 'the Details modal with the masked login error',
    },
  );
  expect(JSON.stringify(modal.args)).toContain('[redacted]');

  // A working check, a fix request, then the fixer's login quotes its Basic header when the fix is applied.
  const before = h.fake.callsOf('chat.postMessage').length;
  await h.command('org=acme fresh', { channel: 'CACME', user: REQUESTER });
  const verdict = await h.fake.waitForCall(
    (c) =>
      c.method === 'chat.postMessage' &&
      c.args.channel === 'CACME' &&
      !c.args.thread_ts &&
      h.fake.callsOf('chat.postMessage').indexOf(c) >= before,
    { description: 'the second verdict' },
  );
  const fix = buttonsOf(verdict.args.blocks as Block[]).find((b) => b.action_id.startsWith('fix:'));
  if (!fix) throw new Error('no fix button on the verdict');
  await h.action(
    buttonClick({
      button: fix,
      channel: 'CACME',
      user: REQUESTER,
      message: { ts: tsOf(verdict) },
      responseUrl: h.fake.responseUrl(),
    }),
  );
  await settle(h);
  const request = await h.fake.waitForCall(
    (c) =>
      c.method === 'chat.postMessage' &&
      buttonsOf(c.args.blocks as Block[]).some((b) => b.action_id === 'approval:approve'),
    { description: 'the fix request to approvers' },
  );
  expect(approvals === 'channel' ? request.args.channel : String(request.args.channel).startsWith('D')).toBe(
    approvals === 'channel' ? 'C0APPROVALS' : true,
  );

  sim.addFault({ kind: 'echo-credentials', match: 'POST /oauth/token', clientId: FIXER_ID, status: 401 });
  const approve = buttonsOf(request.args.blocks as Block[]).find((b) => b.action_id === 'approval:approve')!;
  await h.action(
    buttonClick({
      button: approve,
      channel: String(request.args.channel),
      user: ALICE,
      message: { ts: tsOf(request) },
      responseUrl: h.fake.responseUrl(),
    }),
  );
  await settle(h);
  const [stored] = await store.listApprovals();
  expect(stored?.state).toBe('failed');
  expect(stored?.reason).toContain('[redacted]');
  expect(echoed(sim, FIXER_ID, '/oauth/token', 401)).toBe(true);

  // App Home shows pending requests and the recent audit log.
  await h.event({
    type: 'app_home_opened',
    user: ALICE,
    channel: 'DHOMEALICE',
    tab: 'home',
    event_ts: '1700000000.000009',
  });
  await h.fake.waitForCall((c) => c.method === 'views.publish' && c.args.user_id === ALICE, {
    description: "Alice's Home",
  });
  await settle(h);

  const slack = JSON.stringify(h.fake.calls);
  expect(slack).toContain('[redacted]');
  expectClean('Slack payloads', slack);
  const audit = JSON.stringify(await store.listAudit());
  expect(audit).toContain('[redacted]');
  expectClean('audit log', audit);
  expectClean('approval rows', JSON.stringify(await store.listApprovals()));
  expectClean('database', await rawDatabase());
  expectClean('logs', workerLogs());
}

describe('Slack, the fixer client, the audit log and the database', () => {
  it('on SQLite, approvals by DM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sr-check-canary-db-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const dbPath = join(dir, 'sr-check.db');
    const store = new SqliteStore({ path: dbPath });
    cleanups.push(() => store.close());
    // Every byte of the database and its write-ahead log, as text (JSON columns are stored as UTF-8).
    const raw = async () =>
      [dbPath, `${dbPath}-wal`]
        .filter(existsSync)
        .map((f) => readFileSync(f).toString('latin1'))
        .join('\n');
    await slackAndStoreRun(store, raw, 'dm');
  }, 60_000);

  const pg = postgresForSuite('credential canary', it);
  it.skipIf(!pg.available)(
    'on PostgreSQL, approvals in the approvals channel',
    async () => {
      const schema = randomSchema('canary');
      const store = await PostgresStore.open({ connectionString: TEST_DATABASE_URL, schema });
      cleanups.push(() => dropSchema(schema));
      cleanups.push(() => store.close());
      const raw = async () => {
        const client = new Client({ connectionString: TEST_DATABASE_URL });
        await client.connect();
        try {
          const tables = await client.query<{ table_name: string }>(
            'SELECT table_name FROM information_schema.tables WHERE table_schema = $1',
            [schema],
          );
          const rows: string[] = [];
          for (const { table_name } of tables.rows) {
            const result = await client.query(`SELECT row_to_json(t)::text AS row FROM "${schema}"."${table_name}" t`);
            rows.push(...result.rows.map((r: { row: string }) => r.row));
          }
          expect(tables.rows.length).toBeGreaterThan(0);
          return rows.join('\n');
        } finally {
          await client.end();
        }
      };
      await slackAndStoreRun(store, raw, 'channel');
    },
    60_000,
  );
});

describe('database URLs: the password never reaches the CLI, the start-up error or the logs (issue 25 item 2)', () => {
  /** The raw password, and the forms it takes in a URL (percent-encoded) and decoded from one. */
  const DB_CANARY = 'LEAKCANARY-dbpw-Zq9';
  const DB_FORMS = [DB_CANARY, 'LEAKCANARY-db%40pw', 'LEAKCANARY-db@pw'];
  const URLS = [
    // Unparseable: a port out of range, a port that is no number, broken IPv6 hosts, a bare '%' in the password.
    `postgres://bob:${DB_CANARY}@db.example:99999/srcheck`,
    `postgres://bob:${DB_CANARY}@db.example:54x/srcheck`,
    `postgres://bob:${DB_CANARY}@[::1:5432/srcheck`,
    `postgresql://bob:${DB_CANARY}@[fe80::1%eth0]:5432/srcheck`,
    `postgres://bob:LEAKCANARY-db%40pw%@db.example/srcheck`,
    // A password with an unencoded '@' (which '@' ends the user info is a guess), and one as a query parameter.
    'postgres://bob:LEAKCANARY-db@pw@db.example:99999/srcheck',
    `postgres://bob@db.example:99999/srcheck?password=${DB_CANARY}&sslmode=require`,
    // Parseable, nobody listening.
    `postgres://bob:${DB_CANARY}@127.0.0.1:1/srcheck?connect_timeout=2`,
  ];
  const expectNoDbPassword = (sink: string, text: string) => {
    for (const form of DB_FORMS) expect(text.includes(form), `${sink} contains the database password`).toBe(false);
  };

  it.each(URLS)(
    '%s: history, audit, doctor and the start-up error',
    async (url) => {
      const env = { SR_CHECK_DATABASE_URL: url };
      for (const argv of [['history', 'org=acme'], ['audit'], ['doctor']]) {
        const run = await runCliCaptured(argv, env);
        expect(run.code, `${argv[0]} exit code`).not.toBe(0);
        expectNoDbPassword(`sr-check ${argv[0]}`, run.stdout + run.stderr);
        // Still says which database: the user name stays (only the password is a credential).
        expect(run.stdout + run.stderr, `sr-check ${argv[0]} names the database`).toContain('bob');
      }
      // The app's start-up opens the store with openStore and prints its error's message.
      const startup = await openStore(env).then(
        () => 'opened',
        (error: unknown) => String(error),
      );
      expect(startup).toContain('could not open the PostgreSQL store');
      expectNoDbPassword('the start-up error', startup);
      expectNoDbPassword('the worker logs', workerLogs());
    },
    30_000,
  );
});
