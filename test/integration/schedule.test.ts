/**
 * Scheduled checks on two replicas sharing PostgreSQL (two schedulers, two store connections, one fake clock):
 * each tick runs once, status changes are notified only on change, and a restart mid-schedule neither skips
 * nor doubles a tick. Verdicts are real ones from the simulator; the org is broken and mended between ticks
 * by editing the simulator's state (the target client's one role grant).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log';
import { parseSchedule } from '../../src/config/schedule';
import { OrgScheduler, scheduledRequest, type ScheduledOrg } from '../../src/schedule/scheduler';
import type { StatusChange } from '../../src/schedule/status-change';
import { createServices, type Services } from '../../src/services';
import { PostgresStore } from '../../src/store/postgres-store';
import { configOf, SCREEN_RECORDING_VIEWER, startOrgs, TARGET_CLIENT, type SimOrg } from '../support/many-orgs';
import { dropSchema, postgresForSuite, randomSchema, TEST_DATABASE_URL } from '../support/postgres';

const pg = postgresForSuite('schedule replicas', it);
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);

describe.skipIf(!pg.available)('scheduled checks on two replicas sharing PostgreSQL', () => {
  let orgs: SimOrg[];
  let services: Services;
  let schema: string;
  let stores: PostgresStore[] = [];
  let clock = T0;
  const now = () => clock;

  beforeAll(async () => {
    orgs = await startOrgs([{ name: 'acme', scenario: 'healthy' }]);
    services = createServices({ config: configOf(orgs.map((o) => o.org)), logger: createLogger({ level: 'silent' }) });
  });
  afterAll(async () => {
    await services?.close();
    await Promise.all((orgs ?? []).map((o) => o.sim.close()));
  });
  afterEach(async () => {
    await Promise.all(stores.map((s) => s.close()));
    stores = [];
    if (schema) await dropSchema(schema);
  });

  async function openStore(): Promise<PostgresStore> {
    const store = await PostgresStore.open({ connectionString: TEST_DATABASE_URL, schema, maxConnections: 3 });
    stores.push(store);
    return store;
  }

  const hourly = (): ScheduledOrg[] => {
    const parsed = parseSchedule('every 1h');
    if (!parsed.ok) throw new Error(parsed.message);
    return [{ name: 'acme', schedule: parsed.schedule }];
  };

  function replica(store: PostgresStore, owner: string, runs: string[], changes: StatusChange[], leaseMs = 5 * 60_000) {
    return new OrgScheduler({
      store,
      orgs: hourly,
      owner,
      now,
      leaseMs,
      run: async (org) => {
        runs.push(owner);
        return services.diagnoser.diagnose(scheduledRequest(org), 'schedule');
      },
      notify: async (change) => {
        changes.push(change);
      },
    });
  }

  const grants = () => orgs[0]!.sim.state.clients.get(TARGET_CLIENT)!;
  function breakOrg(): void {
    grants().roleDivisions = [];
  }
  function mendOrg(): void {
    grants().roleDivisions = [{ roleId: SCREEN_RECORDING_VIEWER, divisionId: '*' }];
  }

  it('runs each tick once across two replicas, and notifies only when the status changes', async () => {
    schema = randomSchema('sched');
    clock = T0 + 5 * 60_000;
    mendOrg();
    const [storeA, storeB] = [await openStore(), await openStore()];
    const runs: string[] = [];
    const changes: StatusChange[] = [];
    const a = replica(storeA, 'replica-a', runs, changes);
    const b = replica(storeB, 'replica-b', runs, changes);

    // Tick 12:00, both replicas poll at once, then again: one run.
    await Promise.all([a.runDue(), b.runDue()]);
    await Promise.all([a.runDue(), b.runDue()]);
    expect(runs).toHaveLength(1);
    expect(changes).toHaveLength(0); // the first run is the baseline

    // 13:00: still passing: a run, no notification.
    clock = T0 + HOUR + 1000;
    await Promise.all([a.runDue(), b.runDue()]);
    expect(runs).toHaveLength(2);
    expect(changes).toHaveLength(0);

    // 14:00: the grant is gone: pass → fail, naming what changed.
    breakOrg();
    clock = T0 + 2 * HOUR + 1000;
    await Promise.all([b.runDue(), a.runDue()]);
    expect(runs).toHaveLength(3);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ org: 'acme', kind: 'broke', from: 'pass', to: 'fail' });
    expect(changes[0]!.changes).toContain('role: pass → fail');
    expect(changes[0]!.changes).toContain(
      'the last run holds role "Screen Recording Viewer" in all divisions (*); this run does not',
    );

    // 15:00: still failing: no notification.
    clock = T0 + 3 * HOUR + 1000;
    await Promise.all([a.runDue(), b.runDue()]);
    expect(changes).toHaveLength(1);

    // 16:00: mended: fail → pass, saying how long it was broken (14:00:01 to 16:00:01).
    mendOrg();
    clock = T0 + 4 * HOUR + 1000;
    await Promise.all([a.runDue(), b.runDue()]);
    expect(runs).toHaveLength(5);
    expect(changes).toHaveLength(2);
    expect(changes[1]).toMatchObject({ kind: 'recovered', from: 'fail', to: 'pass', previousForMs: 2 * HOUR });
    expect(changes[1]!.message).toBe('acme passes again (pass) after 2 h 0 min failing.');

    const history = await storeA.listHistory('acme');
    expect(history.map((h) => h.overall)).toEqual(['pass', 'fail', 'fail', 'pass', 'pass']);
    expect(new Set(history.map((h) => h.at)).size).toBe(5);
  });

  it('a replica that dies holding a tick: the tick is taken over once after its lease, never doubled; missed ticks are not run late', async () => {
    schema = randomSchema('sched');
    mendOrg();
    clock = T0 + 60_000;
    const storeA = await openStore();
    const runs: string[] = [];
    const changes: StatusChange[] = [];

    // Replica A claims the 12:00 tick and "dies" mid-run: its run never returns and it never finishes.
    let release!: () => void;
    const stuck = new OrgScheduler({
      store: storeA,
      orgs: hourly,
      owner: 'replica-a',
      now,
      leaseMs: 5 * 60_000,
      run: async () => {
        runs.push('replica-a');
        await new Promise<void>((resolve) => (release = resolve));
        return { ok: false, message: 'died' };
      },
      notify: async (change) => void changes.push(change),
    });
    const dying = stuck.runDue();
    while (runs.length === 0) await new Promise((r) => setTimeout(r, 5));

    // The restarted process (a new store connection, same owner name or not) polls inside the lease: nothing.
    const storeB = await openStore();
    const restarted = replica(storeB, 'replica-a-restarted', runs, changes);
    clock = T0 + 2 * 60_000;
    expect((await restarted.runDue())[0]).toMatchObject({ kind: 'taken' });
    expect(runs).toEqual(['replica-a']);

    // After the lease: taken over and run once.
    clock = T0 + 7 * 60_000;
    const [takeover, second] = await Promise.all([restarted.runDue(), restarted.runDue()]);
    expect(runs).toEqual(['replica-a', 'replica-a-restarted']);
    // Exactly one of the two polls runs it. The other sees it taken (still running) or done-already (finished
    // first): which one depends on scheduling, and both mean "not run twice".
    const kinds = [takeover[0]!.kind, second[0]!.kind];
    expect(kinds.filter((k) => k === 'ran')).toHaveLength(1);
    expect(kinds.filter((k) => k !== 'ran')[0]).toMatch(/^(taken|done-already)$/);

    // The dead replica's late finish is refused: its result is dropped, the history has one entry for the tick.
    release();
    expect((await dying)[0]).toMatchObject({ kind: 'ran', leaseLost: true });
    expect(await storeB.lastScheduleTick('acme')).toMatchObject({
      tickAt: T0,
      state: 'done',
      owner: 'replica-a-restarted',
      attempts: 2,
      result: 'pass',
    });
    expect(await storeB.listHistory('acme')).toHaveLength(1);

    // Down from 12:07 to 15:30: the 13:00 and 14:00 ticks are counted missed, the 15:00 tick runs once.
    clock = T0 + 3.5 * HOUR;
    const [after] = await restarted.runDue();
    expect(after).toMatchObject({ kind: 'ran', tickAt: T0 + 3 * HOUR, missed: 2, result: 'pass' });
    expect(await restarted.runDue()).toEqual([{ org: 'acme', kind: 'done-already', tickAt: T0 + 3 * HOUR }]);
    expect(runs).toHaveLength(3);
    expect(changes).toHaveLength(0);
  });
});
