/** `npm start`'s entry (src/index.ts) as a real process: settings errors, health routes, SIGTERM. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../support/slack-harness';
import { freePortPair } from '../support/ports';

const ENTRY = join(__dirname, '..', '..', 'src', 'index.ts');

function startProcess(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  // The child logs to stdout (and reports start-up problems on stderr); the test reads both.
  const { VITEST: _v, VITEST_WORKER_ID: _w, VITEST_POOL_ID: _p, ...base } = process.env;
  // A database file of its own, so the run leaves nothing in the working tree.
  const db = join(mkdtempSync(join(tmpdir(), 'sr-check-process-')), 'sr-check.db');
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', ENTRY], {
    env: { PATH: base.PATH ?? '', HOME: base.HOME ?? '', SR_CHECK_DB: db, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** A port the OS just handed out (then released) for the child's PORT, which must be 1–65535. */

async function waitForHealth(url: string, exited: Promise<unknown>): Promise<Response> {
  let done = false;
  void exited.then(() => (done = true));
  for (let attempt = 0; attempt < 300 && !done; attempt++) {
    try {
      return await fetch(url);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`no answer from ${url}`);
}

/** Polls `url` (bounded) until it answers 200: /readyz says 503 while the process starts. */
async function waitForReady(url: string, exited: Promise<unknown>): Promise<Response> {
  let done = false;
  void exited.then(() => (done = true));
  const deadline = Date.now() + 30_000;
  let last: Response | undefined;
  while (!done && Date.now() < deadline) {
    last = await fetch(url).catch(() => undefined);
    if (last?.status === 200) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} never answered 200 (last: ${last?.status ?? 'no answer'})`);
}

describe('src/index.ts', () => {
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await startFakeSlack({ botToken: TEST_BOT_TOKEN });
  });
  afterAll(async () => {
    await fake.close();
  });

  it('lists every missing setting in one message and exits 2', async () => {
    const run = startProcess({});
    expect(await run.exited).toBe(2);
    for (const name of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SR_CHECK_CONFIG'])
      expect(run.output()).toContain(name);
  });

  it('LOG_LEVEL=verbose, METRICS_PORT = PORT and a bad database URL: all three in one message, exit 2, no pino error', async () => {
    const run = startProcess({
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SR_CHECK_DEMO: '1',
      LOG_LEVEL: 'verbose',
      PORT: '8080',
      METRICS_PORT: '8080',
      SR_CHECK_DATABASE_URL: 'mysql://u:LEAKCANARY@db/x',
    });
    expect(await run.exited).toBe(2);
    expect(run.output()).toContain('cannot start, 3 problem(s)');
    expect(run.output()).toContain('LOG_LEVEL: "verbose" is not a log level; use one of fatal, error, warn, info');
    expect(run.output()).toContain('METRICS_PORT: must differ from PORT (8080)');
    expect(run.output()).toContain('SR_CHECK_DATABASE_URL: is not a PostgreSQL URL');
    expect(run.output()).not.toContain('LEAKCANARY');
    expect(run.output()).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('with a bot token Slack refuses (invalid_auth), says it cannot start and exits 2 before listening', async () => {
    const [port, metricsPort] = await freePortPair();
    const run = startProcess({
      SLACK_BOT_TOKEN: 'xoxb-LEAKCANARY-revoked',
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      SR_CHECK_DEMO: '1',
      PORT: String(port),
      // The probes listener starts before auth.test; it must close for the process to exit.
      METRICS_PORT: String(metricsPort),
    });
    try {
      expect(await run.exited).toBe(2);
      expect(run.output()).toContain('cannot start');
      expect(run.output()).toContain('invalid_auth');
      expect(run.output()).not.toContain('sr-check is running');
      expect(run.output()).not.toContain('LEAKCANARY');
      expect(run.output()).not.toMatch(/\n\s+at /); // no stack trace
      await expect(fetch(`http://127.0.0.1:${port}/readyz`)).rejects.toThrow();
    } finally {
      run.child.kill('SIGKILL');
    }
  });

  it('answers /healthz 200 and /readyz 503 (with the reason) on METRICS_PORT while auth.test is unanswered, then /readyz 200', async () => {
    let answerAuth!: () => void;
    const authAnswered = new Promise<void>((resolve) => (answerAuth = resolve));
    fake.gate = (method) => (method === 'auth.test' ? authAnswered : undefined);
    const before = fake.calls.at(-1)?.seq ?? 0;
    const [port, metricsPort] = await freePortPair();
    const run = startProcess({
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      SR_CHECK_DEMO: '1',
      PORT: String(port),
      METRICS_PORT: String(metricsPort),
    });
    const probe = async (path: string) => {
      const response = await fetch(`http://127.0.0.1:${metricsPort}${path}`);
      return { status: response.status, body: (await response.json()) as { status: string; reason?: string } };
    };
    try {
      await fake.waitForCall((c) => c.method === 'auth.test' && c.seq > before, {
        timeoutMs: 60_000,
        description: "the child's auth.test",
      });
      // auth.test is held: the listener must already answer (Kubernetes' startup and liveness probes see a live process).
      expect(await probe('/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
      const notReady = await probe('/readyz');
      expect(notReady.status).toBe(503);
      expect(notReady.body).toEqual({ status: 'not ready', reason: expect.stringContaining('Slack auth') });
      expect(run.output()).not.toContain('sr-check is running');
      answerAuth();
      const ready = await waitForReady(`http://127.0.0.1:${metricsPort}/readyz`, run.exited);
      expect(await ready.json()).toEqual({ status: 'ready' });
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    } finally {
      fake.gate = undefined;
      answerAuth();
      run.child.kill('SIGKILL');
    }
  });

  it('serves /healthz, /readyz and /metrics on METRICS_PORT only (not beside /slack/events), and exits 0 on SIGTERM without logging a secret', async () => {
    const [port, metricsPort] = await freePortPair();
    const run = startProcess({
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      SR_CHECK_DEMO: '1',
      PORT: String(port),
      METRICS_PORT: String(metricsPort),
      LOG_LEVEL: 'debug',
    });
    try {
      const health = await waitForHealth(`http://127.0.0.1:${metricsPort}/healthz`, run.exited);
      expect(health.status).toBe(200);
      // /healthz answers from the start; /readyz once Slack auth is confirmed, the store open and the app listening.
      expect((await waitForReady(`http://127.0.0.1:${metricsPort}/readyz`, run.exited)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).status).toBe(200);
      for (const path of ['/healthz', '/readyz', '/metrics'])
        expect((await fetch(`http://127.0.0.1:${port}${path}`)).status).toBe(404);
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      expect(run.output()).toContain('slack app stopped');
      expect(run.output()).not.toContain('LEAKCANARY');
    } finally {
      run.child.kill('SIGKILL');
    }
  });
});
