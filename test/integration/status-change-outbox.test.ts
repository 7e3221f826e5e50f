/**
 * A status change goes through an outbox (issue 25 item 3): recorded as due for each of the org's channels before
 * anything is posted, delivered at least once (a pass retries what Slack refused), never twice (each post carries
 * its notice's id in the message metadata, looked for before a post is sent again), and the log says what happened.
 */
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerdictHistoryEntry } from '../../src/diagnosis/history';
import { createLogger } from '../../src/log';
import { createServices, type Services } from '../../src/services';
import { createScheduledChecks } from '../../src/slack/scheduled-checks';
import { SqliteStore } from '../../src/store/sqlite-store';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack';
import { configOf, healthyMinusViewerGrant, type SimOrg, startOrgs } from '../support/many-orgs';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);
const TOKEN = 'xoxb-LEAKCANARY-status-outbox';

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The last scheduled run passed three hours ago: the next run fails, so the status changes. */
const passing: VerdictHistoryEntry = {
  org: 'acme',
  at: T0 - HOUR,
  source: 'schedule',
  overall: 'pass',
  statusSince: T0 - 3 * HOUR,
  headline: 'All checks pass',
  identity: { kind: 'oauth-client', id: 'x' },
  checks: [{ id: 'role', status: 'pass' }],
  missingPermissions: [],
};

describe('status changes through the outbox', () => {
  let orgs: SimOrg[];
  let services: Services;

  beforeAll(async () => {
    orgs = await startOrgs([{ name: 'acme', scenario: healthyMinusViewerGrant() }]);
    orgs[0]!.org = { ...orgs[0]!.org, channels: ['CACME'], schedule: 'every 1h' };
    services = createServices({ config: configOf(orgs.map((o) => o.org)), logger: createLogger({ level: 'silent' }) });
  });
  afterAll(async () => {
    await services?.close();
    await Promise.all((orgs ?? []).map((o) => o.sim.close()));
  });

  async function run(fake: FakeSlack, lines: string[]) {
    const store = new SqliteStore({ path: ':memory:' });
    await store.appendHistory(passing);
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
    const scheduler = createScheduledChecks({
      config: services.config,
      store,
      diagnoser: services.diagnoser,
      client: new webApi.WebClient(TOKEN, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } }),
      logger,
      owner: 'replica-a',
      now: () => T0 + 60_000,
    });
    scheduler.start(25);
    await until(async () => (await store.lastScheduleTick('acme'))?.state === 'done', 'the tick to finish');
    await scheduler.stop();
    return { store, scheduler };
  }

  const statusPosts = (fake: FakeSlack) =>
    fake.messages.filter((m) => m.channel === 'CACME' && m.text.includes('acme now fails'));

  it('a post Slack refuses (5xx) is kept due, logged as not posted, and posted once by the next pass', async () => {
    const httpFailures: Record<string, number> = { 'chat.postMessage': 503 };
    const fake = await startFakeSlack({ botToken: TOKEN, httpFailures });
    const lines: string[] = [];
    const { store, scheduler } = await run(fake, lines);
    try {
      expect(statusPosts(fake)).toHaveLength(0);
      expect(lines.join('\n')).not.toContain('"status change posted"');
      expect(lines.join('\n')).toContain('status change not posted yet');

      delete httpFailures['chat.postMessage'];
      expect(await scheduler.deliverStatusChanges()).toBe(1);
      expect(statusPosts(fake)).toHaveLength(1);
      expect(lines.join('\n')).toContain('"status change posted"');
      // Nothing left: another pass posts nothing.
      expect(await scheduler.deliverStatusChanges()).toBe(0);
      expect(statusPosts(fake)).toHaveLength(1);
    } finally {
      await store.close();
      await fake.close();
    }
  });

  it('a post Slack took but answered 5xx for is found by its metadata and never posted again', async () => {
    const fake = await startFakeSlack({ botToken: TOKEN, postedButFailing: 503 });
    const lines: string[] = [];
    const { store, scheduler } = await run(fake, lines);
    try {
      expect(statusPosts(fake)).toHaveLength(1);
      // This client does not turn the 5xx into "outcome unknown": the next pass finds the post by its id.
      await scheduler.deliverStatusChanges();
      expect(statusPosts(fake)).toHaveLength(1);
      expect(fake.callsOf('chat.postMessage')).toHaveLength(1);
      expect(await scheduler.deliverStatusChanges()).toBe(0);
    } finally {
      await store.close();
      await fake.close();
    }
  });
});
