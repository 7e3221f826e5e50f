/**
 * After a restart, sr_check_org_status_change_age_seconds is filled from the newest scheduled history entry when the
 * scheduler starts, not only after each org's next run.
 */
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { VerdictHistoryEntry } from '../../../src/diagnosis/history';
import { OrgMetrics } from '../../../src/org-metrics';
import { parseSchedule } from '../../../src/config/schedule';
import { OrgScheduler, type ScheduledOrg } from '../../../src/schedule/scheduler';
import { SqliteStore } from '../../../src/store/sqlite-store';

const NOW = Date.UTC(2026, 11, 1, 12, 0);
const HOUR = 3_600_000;

function entry(
  org: string,
  at: number,
  statusSince: number,
  source: VerdictHistoryEntry['source'],
): VerdictHistoryEntry {
  return {
    org,
    at,
    source,
    overall: 'fail',
    statusSince,
    headline: 'role fails',
    identity: { kind: 'oauth-client', id: 'c1' },
    checks: [{ id: 'role', status: 'fail' }],
    missingPermissions: [],
  };
}

const orgs =
  (...names: string[]) =>
  (): ScheduledOrg[] => {
    const parsed = parseSchedule('every 1h');
    if (!parsed.ok) throw new Error(parsed.message);
    return names.map((name) => ({ name, schedule: parsed.schedule }));
  };

async function setUp(...names: string[]) {
  const store = new SqliteStore({ path: ':memory:' });
  const registry = new Registry();
  const metrics = new OrgMetrics(registry, () => NOW);
  const runs: string[] = [];
  const scheduler = new OrgScheduler({
    store,
    orgs: orgs(...names),
    owner: 'test',
    now: () => NOW,
    metrics,
    run: async (org) => {
      runs.push(org);
      return { ok: false, message: 'not run in this test' };
    },
    notify: async () => undefined,
  });
  return { store, registry, scheduler, runs };
}

describe('the status-age gauge at scheduler start', () => {
  it("primes each scheduled org's age from its newest scheduled entry; an org without history stays unreported", async () => {
    const { store, registry, scheduler } = await setUp('acme', 'globex');
    await store.appendHistory(entry('acme', NOW - 5 * HOUR, NOW - 5 * HOUR, 'schedule'));
    await store.appendHistory(entry('acme', NOW - HOUR, NOW - 3 * HOUR, 'schedule'));
    // A check made in Slack is not a scheduled run: the gauge follows the scheduled ones.
    await store.appendHistory(entry('acme', NOW - 60_000, NOW - 60_000, 'check'));
    expect(await registry.metrics()).not.toContain('sr_check_org_status_change_age_seconds{');

    await scheduler.primeStatusAge();
    const text = await registry.metrics();
    expect(text).toContain(`sr_check_org_status_change_age_seconds{org="acme"} ${3 * 3600}`);
    expect(text).not.toContain('org="globex"');
    await store.close();
  });

  it('start() primes the gauge before its first poll runs anything', async () => {
    const { store, registry, scheduler, runs } = await setUp('acme');
    await store.appendHistory(entry('acme', NOW - HOUR, NOW - 2 * HOUR, 'schedule'));
    scheduler.start(60_000);
    for (let i = 0; i < 200 && runs.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    await scheduler.stop();
    expect(await registry.metrics()).toContain(`sr_check_org_status_change_age_seconds{org="acme"} ${2 * 3600}`);
    await store.close();
  });
});
