/**
 * The app's scheduled checks (src/slack/scheduled-checks.ts, started and stopped by src/index.ts): started, the due
 * tick of an org with `schedule:` runs once against the simulator however often it polls, the run is kept in the
 * history, a change of the overall status is posted to the org's channel (the fake Slack), and after stop() nothing
 * runs any more, even when the next tick falls due.
 */
import { webApi } from '@slack/bolt';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerdictHistoryEntry } from '../../src/diagnosis/history';
import { createLogger } from '../../src/log';
import { OrgMetrics } from '../../src/org-metrics';
import { createServices, type Services } from '../../src/services';
import { createScheduledChecks } from '../../src/slack/scheduled-checks';
import { SqliteStore } from '../../src/store/sqlite-store';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { configOf, healthyMinusViewerGrant, startOrgs, type SimOrg } from '../support/many-orgs';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);
const TOKEN = 'xoxb-LEAKCANARY-schedule';

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('scheduled checks, as the app runs them', () => {
  let orgs: SimOrg[];
  let services: Services;
  let fake: FakeSlack;

  beforeAll(async () => {
    orgs = await startOrgs([{ name: 'acme', scenario: healthyMinusViewerGrant() }]);
    orgs[0]!.org = { ...orgs[0]!.org, channels: ['CACME'], schedule: 'every 1h' };
    services = createServices({ config: configOf(orgs.map((o) => o.org)), logger: createLogger({ level: 'silent' }) });
    fake = await startFakeSlack({ botToken: TOKEN });
  });
  afterAll(async () => {
    await services?.close();
    await fake?.close();
    await Promise.all((orgs ?? []).map((o) => o.sim.close()));
  });

  it('runs the due tick once, posts the status change to the org channel, and stops', async () => {
    const store = new SqliteStore({ path: ':memory:' });
    let clock = T0 + 60_000;
    const registry = new Registry();
    // The last scheduled run passed three hours ago: this run fails, so the status changes.
    const previous: VerdictHistoryEntry = {
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
    await store.appendHistory(previous);
    const scheduler = createScheduledChecks({
      config: services.config,
      store,
      diagnoser: services.diagnoser,
      client: new webApi.WebClient(TOKEN, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } }),
      logger: createLogger({ level: 'silent' }),
      metrics: new OrgMetrics(registry, () => clock),
      owner: 'replica-a',
      now: () => clock,
    });
    try {
      scheduler.start(25);
      const post = await fake.waitForCall((c) => c.method === 'chat.postMessage' && c.args.channel === 'CACME', {
        description: 'the status change',
      });
      expect(post.authorized).toBe(true);
      expect(String(post.args.text)).toContain('acme now fails (was pass for 3 h 1 min)');
      expect(JSON.stringify(post.args.blocks)).toContain('role: pass → fail');

      // Many more polls in the same tick: no second run, no second post.
      await until(async () => (await store.lastScheduleTick('acme'))?.state === 'done', 'the tick to finish');
      await new Promise((resolve) => setTimeout(resolve, 200));
      const history = await store.listHistory('acme');
      expect(history.map((e) => [e.source, e.overall])).toEqual([
        ['schedule', 'fail'],
        ['schedule', 'pass'],
      ]);
      expect(fake.callsOf('chat.postMessage')).toHaveLength(1);
      expect(await registry.metrics()).toContain('sr_check_schedule_runs_total{result="fail"} 1');
    } finally {
      await scheduler.stop();
    }
    // Stopped: the next tick falls due and nothing runs.
    const requests = orgs[0]!.sim.requests.length;
    clock = T0 + HOUR + 60_000;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(orgs[0]!.sim.requests.length).toBe(requests);
    expect(await store.listHistory('acme')).toHaveLength(2);
    await store.close();
  });
});
