/**
 * The documented start commands (`npm start` for a checkout, `node dist/index.js` in the image) with SIGTERM
 * sent to the process the operator started: the app must see it, drain, close the store and exit, leaving no
 * node process behind (issue 24, item 2). Through npm, the start script's `exec` is what makes this work: npm
 * forwards the signal to its child, which without `exec` is a shell that dies and orphans node undrained.
 * Runs the built app (dist/, built by `npm ci`/`npm install` through the `prepare` script).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../support/slack-harness';
import { freePortPair } from '../support/ports';

const ROOT = join(__dirname, '..', '..');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(what: string, test: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await test()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('SIGTERM to the documented start command', () => {
  let fake: FakeSlack;
  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist', 'index.js'))) throw new Error('dist/index.js is missing: run npm run build');
    fake = await startFakeSlack({ botToken: TEST_BOT_TOKEN });
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('package.json start execs node dist/index.js (no shell left between npm and node)', () => {
    const scripts = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    expect(scripts.start).toBe('exec node dist/index.js');
  });

  for (const [name, command, args] of [
    ['npm start', 'npm', ['start', '--silent']],
    ['node dist/index.js', process.execPath, ['dist/index.js']],
  ] as const) {
    it(`${name}: the app drains, closes the store and exits; no node process is left`, async () => {
      const [port, metricsPort] = await freePortPair();
      const { VITEST: _v, VITEST_WORKER_ID: _w, VITEST_POOL_ID: _p, ...base } = process.env;
      const child = spawn(command, [...args], {
        cwd: ROOT,
        env: {
          PATH: base.PATH ?? '',
          HOME: base.HOME ?? '',
          SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
          SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
          SLACK_API_URL: fake.apiUrl,
          SR_CHECK_DEMO: '1',
          SR_CHECK_DB: join(mkdtempSync(join(tmpdir(), 'sr-check-signal-')), 'sr-check.db'),
          PORT: String(port),
          METRICS_PORT: String(metricsPort),
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      let appPid: number | undefined;
      try {
        await waitFor(
          '/readyz',
          async () => (await fetch(`http://127.0.0.1:${metricsPort}/readyz`).catch(() => undefined))?.status === 200,
          30_000,
        );
        // The app's own pid, from its log lines (pino writes it): under npm it is not the child we spawned.
        appPid = Number(/"pid":(\d+)/.exec(output)?.[1]);
        expect(appPid).toBeGreaterThan(0);
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
        expect(output).toContain('"msg":"shutting down"');
        expect(output).toContain('"msg":"slack app stopped"');
        expect(output).toContain('"msg":"store closed"');
        await waitFor('the app process to end', () => !alive(appPid!), 5_000);
      } finally {
        child.kill('SIGKILL');
        if (appPid && alive(appPid)) process.kill(appPid, 'SIGKILL');
      }
    });
  }
});
