/**
 * The notification outbox across a kill -9 (issue 14 item 3): a database left as a process killed at each
 * state of an approval leaves it (request stored but approvers never told; applied, denied or expired but
 * Slack still showing an older state; outcome never announced), then a fresh `src/index.ts` process. Every
 * message is updated and every outcome announced exactly once, on SQLite and on PostgreSQL; a second restart
 * says nothing again.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalRequest, ApprovalState } from '../../src/approvals/types';
import { PostgresStore } from '../../src/store/postgres-store';
import { SqliteStore } from '../../src/store/sqlite-store';
import type { Store } from '../../src/store/types';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { dropSchema, postgresForSuite, randomSchema, TEST_DATABASE_URL } from '../support/postgres';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../support/slack-harness';
import { freePortPair } from '../support/ports';

const ENTRY = join(__dirname, '..', '..', 'src', 'index.ts');
const APPROVALS_CHANNEL = 'C0APPROVALS';
const ORGS_YML = [
  'orgs:',
  '  acme:',
  '    region: us-east-1',
  '    diagnostic:',
  '      clientId: 3f1c0a52-8d2e-4c1b-9a57-0e5d3b7c9f21',
  '      clientSecretEnv: ACME_DIAG_SECRET',
  '    channels: [C0SUPPORT01]',
  '    approvers:',
  '      users: [U0ALICE0001]',
  `      channel: ${APPROVALS_CHANNEL}`,
  '',
].join('\n');

/** When the seeded requests were stored and last changed (the seeding stores run on this clock). */
const longAgo = Date.now() - 60 * 60_000;
function request(id: string, state: ApprovalState, thread: string): ApprovalRequest {
  return {
    id,
    org: 'acme',
    state,
    requesterSlackId: 'U0REQUESTER',
    ...(state === 'pending' ? {} : { decidedBy: 'U0ALICE0001' }),
    plan: {
      org: 'acme',
      kind: 'refresh-credentials',
      target: { kind: 'user', id: 'u1' },
      reason: 'r',
      method: 'user-tokens',
      summary: `Revoke every token of user ${id}`,
      tests: { alreadyFixed: '', changedSincePlan: '' },
    },
    verdictRef: { check: { org: 'acme', fresh: false }, overall: 'warn', checkedAt: longAgo },
    thread: { channel: 'C0SUPPORT01', ts: thread },
    createdAt: longAgo,
    expiresAt: longAgo + 24 * 3_600_000,
    updatedAt: longAgo,
  };
}

/** What a process killed at each point left behind. */
async function seed(store: Store): Promise<void> {
  const told = (_id: string, ts: string) => ({
    approvers: [{ channel: APPROVALS_CHANNEL, ts }],
    notified: ['U0ALICE0001'],
    thread: { channel: 'C0SUPPORT01', ts: `${ts}9` },
  });
  // Killed after the request was stored, before the approvers were told.
  await store.createApproval(request('untold', 'pending', '1700000100.000100'));
  // Killed after the fix was applied (messages still say "applying…"), and after a deny / an expiry was written.
  for (const [id, state, was, ts] of [
    ['applied', 'applied', 'applying', '1700000200.000100'],
    ['denied', 'denied', 'pending', '1700000300.000100'],
    ['expired', 'expired', 'pending', '1700000400.000100'],
  ] as const) {
    await store.createApproval({ ...request(id, state, ts), state: was });
    await store.saveRequest(`approval-messages:${id}`, told(id, ts), 24 * 3600);
    await markTold(store, id, was);
    await store.transition(id, [was], state);
  }
  // Fully told before the crash: must stay quiet.
  await store.createApproval(request('done', 'denied', '1700000500.000100'));
  await store.saveRequest('approval-messages:done', told('done', '1700000500.000100'), 24 * 3600);
  await markTold(store, 'done', 'denied');
}

/** Slack was told `state` (as a process records it: under the notification lease). */
async function markTold(store: Store, id: string, state: ApprovalState): Promise<void> {
  expect(await store.claimNotification(id, state, 'seed', 60_000)).toBe(true);
  expect(await store.markNotified(id, state, 'seed')).toBe(true);
}

async function runProcess(
  env: Record<string, string>,
  until: (output: () => string) => Promise<unknown>,
): Promise<string> {
  const { VITEST: _v, VITEST_WORKER_ID: _w, VITEST_POOL_ID: _p, ...base } = process.env;
  const [port, metricsPort] = await freePortPair();
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', ENTRY], {
    env: {
      PATH: base.PATH ?? '',
      HOME: base.HOME ?? '',
      PORT: String(port),
      METRICS_PORT: String(metricsPort),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    await until(() => output);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    return output;
  } catch (error) {
    throw new Error(`${String(error)}\n--- process output ---\n${output.slice(-4000)}`);
  } finally {
    child.kill('SIGKILL');
  }
}

function restartSuite(
  kind: 'sqlite' | 'postgres',
  open: () => Promise<{ store: Store; env: Record<string, string>; dispose(): Promise<void> }>,
) {
  describe(`restart after kill -9 (${kind})`, () => {
    let fake: FakeSlack;
    let dir: string;
    beforeAll(async () => {
      fake = await startFakeSlack({ botToken: TEST_BOT_TOKEN });
      dir = mkdtempSync(join(tmpdir(), 'sr-check-outbox-'));
    });
    afterAll(async () => {
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('updates every message and announces every outcome exactly once within 90 s, and nothing again on the next restart', async () => {
      const { store, env: storeEnv, dispose } = await open();
      try {
        await seed(store);
        await store.close();
        const config = join(dir, 'orgs.yml');
        writeFileSync(config, ORGS_YML);
        const env = {
          ...storeEnv,
          SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
          SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
          SLACK_API_URL: fake.apiUrl,
          SR_CHECK_CONFIG: config,
          ACME_DIAG_SECRET: 'LEAKCANARY-diag',
          LOG_LEVEL: 'info',
        };
        const inThread = (ts: string) =>
          fake.calls.filter(
            (c) => c.method === 'chat.postMessage' && c.args.channel === 'C0SUPPORT01' && c.args.thread_ts === ts,
          );
        const updatesOf = (ts: string) => fake.calls.filter((c) => c.method === 'chat.update' && c.args.ts === ts);
        const toApprovers = () =>
          fake.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === APPROVALS_CHANNEL);
        const expected = async () => {
          await fake.waitForCall(
            () =>
              toApprovers().length >= 1 &&
              ['1700000200.000100', '1700000300.000100', '1700000400.000100'].every(
                (ts) => inThread(ts).length >= 1 && updatesOf(ts).length >= 1,
              ),
            {
              timeoutMs: 90_000,
              description: 'approvers told, messages updated, outcomes announced',
            },
          );
          await new Promise((resolve) => setTimeout(resolve, 1_000));
        };
        const output = await runProcess(env, expected);
        expect(output).not.toContain('LEAKCANARY');
        const counts = () => ({
          approvers: toApprovers().map((c) => String(c.args.text)),
          untoldThread: inThread('1700000100.000100').length,
          announced: ['1700000200.000100', '1700000300.000100', '1700000400.000100', '1700000500.000100'].map(
            (ts) => inThread(ts).length,
          ),
          updated: ['1700000200.000100', '1700000300.000100', '1700000400.000100', '1700000500.000100'].map(
            (ts) => updatesOf(ts).length,
          ),
        });
        const first = counts();
        expect(first.approvers).toHaveLength(1);
        expect(first.approvers[0]).toContain('untold');
        expect(first.untoldThread).toBe(1); // "waiting for approval" in the requester's thread
        expect(first.announced).toEqual([1, 1, 1, 0]);
        expect(first.updated.slice(0, 3).every((n) => n >= 1)).toBe(true);
        expect(first.updated[3]).toBe(0);

        // A second restart on the same database: everything was told, nothing is said again. Its start-up pass
        // (reconcile, the outbox) is done before it logs "sr-check is running"; then a second for stragglers.
        await runProcess(env, async (output) => {
          const deadline = Date.now() + 90_000;
          while (!output().includes('sr-check is running')) {
            if (Date.now() > deadline) throw new Error('the second restart never logged "sr-check is running"');
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
          await new Promise((resolve) => setTimeout(resolve, 1_000));
        });
        expect(counts()).toEqual(first);
      } finally {
        await dispose();
      }
    }, 180_000);
  });
}

restartSuite('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sr-check-outbox-db-'));
  const path = join(dir, 'sr-check.db');
  return {
    store: new SqliteStore({ path, now: () => longAgo }),
    env: { SR_CHECK_DB: path },
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

const pg = postgresForSuite('restart-outbox', it);
if (pg.available) {
  restartSuite('postgres', async () => {
    const schema = randomSchema('outbox');
    const store = await PostgresStore.open({ connectionString: TEST_DATABASE_URL, schema, now: () => longAgo });
    return {
      store,
      env: { SR_CHECK_DATABASE_URL: TEST_DATABASE_URL, SR_CHECK_DATABASE_SCHEMA: schema },
      dispose: () => dropSchema(schema),
    };
  });
}
