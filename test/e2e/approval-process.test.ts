/**
 * `npm start` (src/index.ts) as a real process with a temp-file store: the store is opened (ready only then),
 * a request a stopped process left `approved` is reconciled at start and announced in its thread, and SIGTERM
 * closes the store after draining.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite-store';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../support/slack-harness';
import { freePortPair } from '../support/ports';

const ENTRY = join(__dirname, '..', '..', 'src', 'index.ts');

describe('src/index.ts with the shared store', () => {
  let fake: FakeSlack;
  let dir: string;
  beforeAll(async () => {
    fake = await startFakeSlack({ botToken: TEST_BOT_TOKEN });
    dir = mkdtempSync(join(tmpdir(), 'sr-check-process-'));
  });
  afterAll(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reconciles at start, is ready while the store is open, and closes the store on SIGTERM', async () => {
    const dbPath = join(dir, 'sr-check.db');
    const seed = new SqliteStore({ path: dbPath });
    const longAgo = Date.now() - 60 * 60_000;
    await seed.createApproval({
      id: '5b7d1f0e-2a4c-4e8b-9c1d-3e5f7a9b1c2d',
      org: 'gone',
      state: 'approved',
      requesterSlackId: 'U0REQUESTER',
      decidedBy: 'U0ALICE',
      plan: {
        org: 'gone',
        kind: 'refresh-credentials',
        target: { kind: 'user', id: 'u1' },
        reason: 'r',
        method: 'user-tokens',
        summary: 'Revoke every token of user u1',
        tests: { alreadyFixed: '', changedSincePlan: '' },
      },
      verdictRef: { check: { org: 'gone', fresh: false }, overall: 'warn', checkedAt: longAgo },
      thread: { channel: 'CSUPPORT1', ts: '1700000000.000100' },
      createdAt: longAgo,
      expiresAt: longAgo + 24 * 3_600_000,
      updatedAt: longAgo,
    });
    await seed.close();

    const [port, metricsPort] = await freePortPair();
    const { VITEST: _v, VITEST_WORKER_ID: _w, VITEST_POOL_ID: _p, ...base } = process.env;
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', ENTRY], {
      env: {
        PATH: base.PATH ?? '',
        HOME: base.HOME ?? '',
        SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
        SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
        SR_CHECK_DEMO: '1',
        SR_CHECK_DB: dbPath,
        PORT: String(port),
        METRICS_PORT: String(metricsPort),
        LOG_LEVEL: 'debug',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const notice = await fake.waitForCall(
        (c) => c.method === 'chat.postMessage' && c.args.thread_ts === '1700000000.000100',
        { timeoutMs: 15_000, description: 'the reconcile notice' },
      );
      expect(String(notice.args.text)).toContain('failed');
      const ready = await fetch(`http://127.0.0.1:${metricsPort}/readyz`);
      expect(ready.status).toBe(200);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toContain('store opened');
      expect(output).toContain('store closed');
      expect(output).not.toContain('LEAKCANARY');

      const after = new SqliteStore({ path: dbPath });
      try {
        expect(await after.getApproval('5b7d1f0e-2a4c-4e8b-9c1d-3e5f7a9b1c2d')).toMatchObject({
          state: 'failed',
          reason: expect.stringContaining('interrupted before applying'),
        });
      } finally {
        await after.close();
      }
    } finally {
      child.kill('SIGKILL');
    }
  });
});
