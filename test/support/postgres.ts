/**
 * PostgreSQL for tests: where the server is, whether the suites must run, isolated schemas, and the child
 * processes that race as separate replicas.
 *
 * URL: SR_CHECK_TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test.
 * No server reachable: the suites skip with a note naming the URL, unless SR_CHECK_REQUIRE_POSTGRES=1 (CI),
 * where a failing test says so instead, so CI can never pass by skipping.
 *
 * Child processes run `node --require tsx/cjs -e "require(<this file>).<worker>()"` and talk over IPC:
 * they say `ready` once connected, wait for `go` (so all of them race at the same moment), then report `done`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { PostgresStore, redactDatabaseUrl } from '../../src/store/postgres-store';

export const TEST_DATABASE_URL =
  process.env.SR_CHECK_TEST_DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test';
export const POSTGRES_REQUIRED = process.env.SR_CHECK_REQUIRE_POSTGRES === '1';
const REPO_ROOT = join(__dirname, '..', '..');

export interface PostgresAvailability {
  available: boolean;
  url: string;
  /** Why it is not available. */
  reason?: string;
}

/**
 * Connects once and runs SELECT 1, synchronously (in a short child process), because test files decide at
 * collection time whether to skip and TypeScript's CommonJS output allows no top-level await.
 */
export function probePostgres(url = TEST_DATABASE_URL, timeoutMs = 3000): PostgresAvailability {
  const script = `
    const { Client } = require('pg');
    const client = new Client({ connectionString: process.env.PROBE_URL, connectionTimeoutMillis: ${timeoutMs} });
    client.on('error', () => {});
    client.connect().then(() => client.query('SELECT 1')).then(
      () => { process.stdout.write('ok'); return client.end(); },
      (e) => { process.stdout.write(String((e && (e.message || e.code || e.name)) || e)); process.exit(0); });`;
  const probe = spawnSync(process.execPath, ['-e', script], {
    cwd: REPO_ROOT,
    env: { ...process.env, PROBE_URL: url },
    encoding: 'utf8',
    timeout: timeoutMs + 5000,
  });
  if (probe.stdout === 'ok') return { available: true, url };
  return {
    available: false,
    url,
    reason: probe.stdout || probe.stderr.trim().split('\n').pop() || `probe exited ${probe.status ?? probe.signal}`,
  };
}

/**
 * Call at the top of a test file with vitest's `it`, then `describe.skipIf(!pg.available)(...)`.
 * Not available and required: registers a failing test. Not available, not required: prints why it skips.
 * (`it` is passed in because child processes load this file outside vitest.)
 */
export function postgresForSuite(suite: string, it: (name: string, test: () => void) => void): PostgresAvailability {
  const result = probePostgres();
  if (result.available) return result;
  const message = `${suite}: no PostgreSQL at ${redactDatabaseUrl(result.url)} (${result.reason})`;
  if (POSTGRES_REQUIRED) {
    it(`PostgreSQL is reachable at ${redactDatabaseUrl(result.url)} (SR_CHECK_REQUIRE_POSTGRES=1)`, () => {
      throw new Error(`${message}. SR_CHECK_REQUIRE_POSTGRES=1, so the PostgreSQL suites must run here, not skip.`);
    });
  } else {
    console.warn(
      `${message}; skipping. Set SR_CHECK_TEST_DATABASE_URL to a server to run it (SR_CHECK_REQUIRE_POSTGRES=1 makes this a failure).`,
    );
  }
  return result;
}

/** A fresh schema name; each test file (and each contract test) gets its own, so parallel files never collide. */
export function randomSchema(prefix = 'srtest'): string {
  return `${prefix}_${process.pid}_${randomBytes(5).toString('hex')}`;
}

export async function dropSchema(schema: string, url = TEST_DATABASE_URL): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

export async function schemaExists(schema: string, url = TEST_DATABASE_URL): Promise<boolean> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount === 1;
  } finally {
    await client.end();
  }
}

// ---- child processes ----

/**
 * Starts one child per input, running `worker` (an exported function of this file), waits until
 * all are ready, then tells them all to go at once. Resolves with each child's result, in order.
 */
export async function raceInChildren<I, T>(
  worker: 'raceWorkerMain' | 'replicaWorkerMain',
  inputs: I[],
  timeoutMs = 60_000,
): Promise<T[]> {
  const children = inputs.map((input) => startChild<T>(worker, input));
  const timer = setTimeout(() => {
    for (const c of children) c.child.kill();
  }, timeoutMs);
  try {
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.child.send({ type: 'go' });
    return await Promise.all(children.map((c) => c.done));
  } finally {
    clearTimeout(timer);
    for (const c of children) if (c.child.exitCode === null) c.child.kill();
  }
}

function startChild<T>(
  worker: string,
  input: unknown,
): { child: ChildProcess; ready: Promise<void>; done: Promise<T> } {
  const entry = join(__dirname, 'postgres.ts');
  const child = spawn(
    process.execPath,
    ['--require', 'tsx/cjs', '-e', `require(${JSON.stringify(entry)}).${worker}()`],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, SR_CHECK_CHILD_INPUT: JSON.stringify(input) },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const done = new Promise<T>((resolve, reject) => {
    child.on('message', (message: { type: string; result?: T; error?: string }) => {
      if (message.type === 'ready') markReady();
      if (message.type === 'done') resolve(message.result as T);
      if (message.type === 'error') reject(new Error(`${worker} failed: ${message.error}`));
    });
    child.on('exit', (code, signal) =>
      reject(new Error(`${worker} exited (${code ?? signal}) before reporting: ${stderr.slice(-2000)}`)),
    );
  });
  // Failures surface through whoever awaits `done`; this only keeps a killed sibling's rejection from going unhandled.
  done.catch(() => undefined);
  // A child that dies before `ready` must not leave the parent waiting for it.
  const readyOrDead = Promise.race([ready, done.then(() => undefined)]);
  return { child, ready: readyOrDead, done };
}

/** In a child: the input, a way to report, and a promise that resolves at `go`. */
function childSide<I>(): { input: I; go: Promise<void>; send(message: object): Promise<void> } {
  const input = JSON.parse(process.env.SR_CHECK_CHILD_INPUT ?? '{}') as I;
  const go = new Promise<void>((resolve) =>
    process.on('message', (m: { type?: string }) => m.type === 'go' && resolve()),
  );
  const send = (message: object) => new Promise<void>((resolve) => process.send!(message, () => resolve()));
  return { input, go, send };
}

async function runChild<I>(work: (input: I, ready: () => Promise<void>) => Promise<unknown>): Promise<void> {
  const side = childSide<I>();
  try {
    const result = await work(side.input, async () => {
      await side.send({ type: 'ready' });
      await side.go;
    });
    await side.send({ type: 'done', result });
  } catch (error) {
    await side.send({ type: 'error', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
  process.disconnect();
}

export interface RaceInput {
  url: string;
  schema: string;
  count: number;
  worker: number;
}

export interface RaceResult {
  transitions: string[];
  claims: string[];
  revocations: string[];
}

/**
 * Child: races for every request's pending → approved transition, every idempotency key and every due revocation,
 * firing them all at once on its own Pool. Reports what it won.
 */
export function raceWorkerMain(): Promise<void> {
  return runChild<RaceInput>(async (input, ready) => {
    const store = new PostgresStore({ connectionString: input.url, schema: input.schema, maxConnections: 4 });
    try {
      // Open every pooled connection before the start signal, so no process starts late on connecting.
      await Promise.all(Array.from({ length: 4 }, () => store.appliedMigrations()));
      await ready();
      // Each process walks the items from its own starting point: a process that happens to run first
      // cannot sweep every item before the others start, so the race is a real one every time.
      const start = Math.floor(((input.worker - 1) * input.count) / 4);
      const ids = Array.from({ length: input.count }, (_, i) => (start + i) % input.count);
      const [transitions, claims, revocations] = await Promise.all([
        Promise.all(
          ids.map(async (i) =>
            (await store.transition(`race-${i}`, ['pending'], 'approved', { decidedBy: `worker-${input.worker}` }))
              ? `race-${i}`
              : '',
          ),
        ),
        Promise.all(ids.map(async (i) => ((await store.claim(`key-${i}`, 600)) ? `key-${i}` : ''))),
        Promise.all(ids.map(async (i) => ((await store.claimRevocation(`rev-${i}`, 60_000)) ? `rev-${i}` : ''))),
      ]);
      const result: RaceResult = {
        transitions: transitions.filter(Boolean),
        claims: claims.filter(Boolean),
        revocations: revocations.filter(Boolean),
      };
      return result;
    } finally {
      await store.close();
    }
  });
}

export interface ReplicaInput {
  url: string;
  schema: string;
  scenario: string;
  apiBaseUrl: string;
  loginBaseUrl: string;
  approvers: string[];
  requestId: string;
  /** Slack user ids clicking Approve on this replica, all at once. */
  clicks: string[];
  /** Event ids this replica receives (Slack delivers each to every replica behind the load balancer). */
  eventKeys: string[];
  logDir: string;
}

export interface ReplicaResult {
  pid: number;
  outcomes: Array<{ ok: boolean; kind?: string; code?: string }>;
  claimedKeys: string[];
}

/**
 * Child: one sr-check replica (its own PostgresStore Pool, Genesys services and ApprovalService) against the
 * simulator. At `go` it approves the request once per click and claims every event key, all concurrently.
 */
export function replicaWorkerMain(): Promise<void> {
  return runChild<ReplicaInput>(async (input, ready) => {
    // Required here, not imported at the top: the store unit tests load this file too and need none of the app.
    // (require, not import(): under `--require tsx/cjs` a dynamic import() would go to Node's ESM loader untransformed.)
    const pino = (require('pino') as typeof import('pino')).default;
    const { setLogCapture, createLogger } = require('../../src/log') as typeof import('../../src/log');
    // Log into the suite's capture directory, so the secret leak check reads this process's lines too.
    setLogCapture(
      pino.destination({ dest: join(input.logDir, `worker-${process.pid}.log`), sync: true, append: true }),
    );
    const { ApprovalService } = require('../../src/approvals/service') as typeof import('../../src/approvals/service');
    const { orgConfigForSimulator } = require('../../src/demo') as typeof import('../../src/demo');
    const { fixApisFromServices } = require('../../src/fixes/apis') as typeof import('../../src/fixes/apis');
    const { createServices } = require('../../src/services') as typeof import('../../src/services');
    const { loadScenario } = require('../../src/sim') as typeof import('../../src/sim');
    type Sim = Parameters<typeof orgConfigForSimulator>[0];

    const simulator = {
      scenario: loadScenario(input.scenario),
      apiBaseUrl: input.apiBaseUrl,
      loginBaseUrl: input.loginBaseUrl,
    } as Sim;
    const org = { ...orgConfigForSimulator(simulator, 'acme'), approvers: { users: input.approvers } };
    const config = { orgs: new Map([['acme', org]]), allowedChannels: [], source: 'test' };
    const logger = createLogger({ name: `replica-${process.pid}` });
    const services = createServices({
      config,
      logger,
      clientOptions: { retry: { retries: 1, budgetMs: 2000 }, timeoutMs: 5000 },
    });
    const apis = fixApisFromServices(services);
    const store = new PostgresStore({ connectionString: input.url, schema: input.schema, maxConnections: 5 });
    try {
      const service = new ApprovalService({ store, config, diagnoser: services.diagnoser, apis, logger });
      await store.appliedMigrations();
      await ready();
      const [outcomes, claimed] = await Promise.all([
        Promise.all(input.clicks.map((approver) => service.approve(input.requestId, approver))),
        Promise.all(input.eventKeys.map(async (key) => ((await store.claim(key, 300)) ? key : ''))),
      ]);
      const result: ReplicaResult = {
        pid: process.pid,
        outcomes: outcomes.map((o) => (o.ok ? { ok: true, kind: o.kind } : { ok: false, code: o.code })),
        claimedKeys: claimed.filter(Boolean),
      };
      return result;
    } finally {
      await store.close();
      await apis.close();
      await services.close();
    }
  });
}
