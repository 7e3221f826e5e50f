/**
 * "Is it propagation?": after an approved fix is applied, the check runs again on the schedule (0, 15 s, 30 s,
 * 1, 2, 3, 5, 7, 10 min) until it passes or ten minutes have passed, and the time to effect is audited and
 * observed. Against the simulator over HTTP, with the fixed role grant taking effect only after a delay
 * (test/support/propagation.ts) on an injected clock, and SQLite on temp files: each test drives the steps
 * itself (no sleeping), so ten minutes take a second.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApprovalService, WATCH_HOLD_GRACE_MS, WATCH_STEP_LEASE_MS } from '../../src/approvals/service';
import type { WatchStep } from '../../src/approvals/types';
import type { AppConfig, OrgConfig } from '../../src/config/types';
import { orgConfigForSimulator } from '../../src/demo';
import type { FixProposal } from '../../src/diagnosis/verdict';
import { fixApisFromServices, type FixApiSource } from '../../src/fixes/apis';
import { createLogger } from '../../src/log';
import { Metrics } from '../../src/metrics';
import { createServices, type Services } from '../../src/services';
import { loadScenario, startSimulator, type RunningSimulator } from '../../src/sim';
import { SqliteStore } from '../../src/store/sqlite-store';
import type { ApprovalRequest, PropagationWatch } from '../../src/approvals/types';

const REQUESTER = 'U0REQUESTER';
const ALICE = 'U0ALICE';
const T0 = Date.UTC(2025, 0, 15, 12);
const SECOND = 1000;

interface Replica {
  store: SqliteStore;
  service: ApprovalService;
  /** Re-checks this replica ran (the diagnoser's calls). */
  diagnoses: () => number;
}

interface Harness {
  sim: RunningSimulator;
  clock: { now: number };
  metrics: Metrics;
  /** Another service on the same database file: a second replica, or the process after a restart. */
  replica(): Replica;
  first: Replica;
  services: Services;
  close(): Promise<void>;
}

const open: Harness[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** cc-no-role, where a granted role takes effect `delaySeconds` after it was written (Infinity: never). */
async function harness(delaySeconds: number): Promise<Harness> {
  const clock = { now: T0 };
  const now = () => clock.now;
  // The simulator's own option, on the test's clock; "never" is a day (far beyond the ten-minute watch).
  const scenario = {
    ...loadScenario('cc-no-role', T0),
    propagationDelaySeconds: Number.isFinite(delaySeconds) ? delaySeconds : 86_400,
  };
  const sim = await startSimulator({ scenario, now });
  const org: OrgConfig = { ...orgConfigForSimulator(sim, 'acme'), approvers: { users: [ALICE] } };
  const config: AppConfig = { orgs: new Map([['acme', org]]), allowedChannels: [], source: 'test' };
  const logger = createLogger({ name: 'propagation-test' });
  const services: Services = createServices({
    config,
    logger,
    clientOptions: { retry: { retries: 1, budgetMs: 2000 }, timeoutMs: 5000 },
  });
  const apis: FixApiSource = fixApisFromServices(services);
  const metrics = new Metrics({ defaultMetrics: false });
  const dir = mkdtempSync(join(tmpdir(), 'sr-check-propagation-'));
  dirs.push(dir);
  const dbPath = join(dir, 'sr-check.db');
  const stores: SqliteStore[] = [];
  const replica = (): Replica => {
    const store = new SqliteStore({ path: dbPath, now });
    stores.push(store);
    let diagnoses = 0;
    const diagnoser = {
      diagnose: (...args: Parameters<Services['diagnoser']['diagnose']>) => {
        diagnoses += 1;
        return services.diagnoser.diagnose(...args);
      },
    };
    const service = new ApprovalService({ store, config, diagnoser, apis, logger, metrics, now });
    return { store, service, diagnoses: () => diagnoses };
  };
  const h: Harness = {
    sim,
    clock,
    metrics,
    replica,
    first: replica(),
    services,
    async close() {
      for (const store of stores) await store.close().catch(() => undefined);
      await apis.close();
      await services.close();
      await sim.close();
    },
  };
  open.push(h);
  return h;
}

/** Diagnose, request the grant-role fix as REQUESTER, approve it as ALICE: the outcome with the watch after step 0. */
async function approveGrant(h: Harness) {
  const diagnosed = await h.services.diagnoser.diagnose({ org: 'acme', fresh: true });
  if (!diagnosed.ok) throw new Error(diagnosed.message);
  const verdict = diagnosed.verdict;
  const fix = verdict.checks
    .flatMap((c) => c.fixes)
    .find((f): f is Extract<FixProposal, { kind: 'grant-role' }> => f.kind === 'grant-role');
  if (!fix) throw new Error('no grant-role fix');
  const requested = await h.first.service.requestFix({
    requesterSlackId: REQUESTER,
    org: 'acme',
    fix,
    verdictRef: { check: { org: 'acme', fresh: false }, overall: verdict.overall, checkedAt: h.clock.now },
    thread: { channel: 'C0SUPPORT', ts: '1736942400.000100' },
  });
  if (!requested.ok) throw new Error(requested.message);
  const outcome = await h.first.service.approve(requested.request.id, ALICE);
  if (!outcome.ok || outcome.kind !== 'applied') throw new Error(`not applied: ${JSON.stringify(outcome)}`);
  expect(outcome.result.result).toBe('changed');
  return { request: requested.request, outcome, watch: outcome.watch! };
}

/** Moves the clock to each next step and runs it on `replica`, until the watch finishes or `until` (seconds) is reached. */
async function runSteps(h: Harness, replica: Replica, watchId: string, until = Infinity): Promise<WatchStep[]> {
  const steps: WatchStep[] = [];
  for (;;) {
    const watch = (await replica.store.getWatch(watchId))!;
    if (watch.status !== 'running' || watch.nextRunAt - watch.startedAt > until * SECOND) return steps;
    h.clock.now = Math.max(h.clock.now, watch.nextRunAt);
    const step = await replica.service.runWatchStep(watchId);
    if (!step) return steps;
    steps.push(step);
  }
}

const auditOf = async (store: SqliteStore, request: ApprovalRequest) =>
  (await store.listAudit()).filter((e) => e.requestId === request.id).reverse();

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const offsetsOf = (watchSteps: WatchStep[], startedAt: number) =>
  watchSteps.map((s) => (s.watch.lastCheckedAt! - startedAt) / SECOND);

describe('propagation watch after an applied fix', () => {
  it('passes at step 0 when the change is in effect at once: 0 s, audited, observed, nothing left to run', async () => {
    const h = await harness(0);
    const { request, outcome, watch } = await approveGrant(h);
    expect(outcome.recheck.ok && outcome.recheck.verdict.checks.find((c) => c.id === 'role')?.status).toBe('pass');
    expect(watch).toMatchObject({
      status: 'passed',
      resultSeconds: 0,
      checks: 1,
      position: 0,
      lastResult: 'passed',
      requestId: request.id,
    });
    expect(watch.leaseOwner).toBeUndefined();
    const audit = await auditOf(h.first.store, request);
    expect(audit.map((e) => e.action)).toEqual(['requested', 'approved', 'applying', 'applied', 'propagation']);
    expect(audit.at(-1)).toMatchObject({
      actor: 'system',
      result: 'took effect after 0 s (1 re-check)',
      target: request.plan.target,
    });
    const text = await h.metrics.scrape();
    expect(sample(text, 'sr_check_propagation_seconds_count{outcome="passed"}')).toBe(1);
    expect(sample(text, 'sr_check_propagation_seconds_sum{outcome="passed"}')).toBe(0);
    h.clock.now += 3_600_000;
    expect(await h.first.service.dueWatches()).toEqual([]);
    expect(await h.first.service.runWatchStep(watch.id)).toBeUndefined();
  });

  it('a change in effect after 2 min: refused at 0, 15 s, 30 s and 1 min, passes at 2 min, measured as 120 s', async () => {
    const h = await harness(120);
    const { request, outcome, watch } = await approveGrant(h);
    expect(outcome.recheck.ok && outcome.recheck.verdict.overall).toBe('fail');
    expect(watch).toMatchObject({
      status: 'running',
      position: 1,
      nextRunAt: watch.startedAt + 15 * SECOND,
      checks: 1,
      lastResult: 'refused',
    });
    // Between steps the applying replica holds the watch, so no other replica's upkeep takes it.
    expect(watch).toMatchObject({
      leaseOwner: h.first.service.watchOwner,
      leaseUntil: watch.nextRunAt + WATCH_HOLD_GRACE_MS,
    });

    const steps = await runSteps(h, h.first, watch.id);
    expect(offsetsOf(steps, watch.startedAt)).toEqual([15, 30, 60, 120]);
    expect(steps.map((s) => s.decision.kind)).toEqual(['continue', 'continue', 'continue', 'passed']);
    expect(steps.map((s) => s.result)).toEqual(['refused', 'refused', 'refused', 'passed']);
    expect(steps.at(-1)!.decision).toEqual({ kind: 'passed', seconds: 120 });
    expect(await h.first.store.getWatch(watch.id)).toMatchObject({ status: 'passed', resultSeconds: 120, checks: 5 });

    const propagation = (await auditOf(h.first.store, request)).filter((e) => e.action === 'propagation');
    expect(propagation).toEqual([expect.objectContaining({ result: 'took effect after 120 s (5 re-checks)' })]);
    const text = await h.metrics.scrape();
    expect(sample(text, 'sr_check_propagation_seconds_count{outcome="passed"}')).toBe(1);
    expect(sample(text, 'sr_check_propagation_seconds_sum{outcome="passed"}')).toBe(120);
    expect(sample(text, 'sr_check_propagation_seconds_bucket{le="60",outcome="passed"}')).toBe(0);
    expect(sample(text, 'sr_check_propagation_seconds_bucket{le="120",outcome="passed"}')).toBe(1);
    // The App Home line follows the latest re-check.
    expect((await h.first.store.lastVerdicts())[0]?.summary.overall).not.toBe('fail');
    expect(h.first.diagnoses()).toBe(5); // one re-check per step
  });

  it('a change never in effect: every step refused, gave up at 10 min, naming what still fails', async () => {
    const h = await harness(Infinity);
    const { request, watch } = await approveGrant(h);
    const steps = await runSteps(h, h.first, watch.id);
    expect(offsetsOf(steps, watch.startedAt)).toEqual([15, 30, 60, 120, 180, 300, 420, 600]);
    expect(steps.at(-1)!.decision).toEqual({ kind: 'gave-up', seconds: 600 });
    expect(await h.first.store.getWatch(watch.id)).toMatchObject({
      status: 'gave-up',
      resultSeconds: 600,
      checks: 9,
      lastResult: 'refused',
    });
    const propagation = (await auditOf(h.first.store, request)).filter((e) => e.action === 'propagation');
    expect(propagation.map((e) => e.result)).toEqual(['gave up after 600 s: still refused (9 re-checks)']);
    const text = await h.metrics.scrape();
    expect(sample(text, 'sr_check_propagation_seconds_count{outcome="gave-up"}')).toBe(1);
    expect(sample(text, 'sr_check_propagation_seconds_count{outcome="passed"}') ?? 0).toBe(0);
    const last = steps.at(-1)!;
    expect(last.recheck.ok && last.recheck.verdict.checks.find((c) => c.id === 'role')?.status).toBe('fail');
  });

  it("restart mid-watch: the stopped replica's hold lapses, a new process resumes from the store and finishes once", async () => {
    const h = await harness(150);
    const { request, watch } = await approveGrant(h);
    const before = await runSteps(h, h.first, watch.id, 60);
    expect(offsetsOf(before, watch.startedAt)).toEqual([15, 30, 60]);
    await h.first.store.close(); // the process stops with the watch at step 4 (2 min)

    const restarted = h.replica();
    h.clock.now = watch.startedAt + 120 * SECOND;
    const held = (await restarted.store.getWatch(watch.id))!;
    expect(held).toMatchObject({ status: 'running', position: 4, nextRunAt: watch.startedAt + 120 * SECOND });
    expect(await restarted.service.dueWatches()).toEqual([]); // still held by the stopped replica
    expect(await restarted.service.runWatchStep(watch.id)).toBeUndefined();
    h.clock.now = held.leaseUntil!;
    expect((await restarted.service.dueWatches()).map((w) => w.id)).toEqual([watch.id]);

    const after = await runSteps(h, restarted, watch.id);
    // Resumed at 3 min (the hold lapsed then): steps already past are skipped, not caught up in a burst.
    expect(offsetsOf(after, watch.startedAt)).toEqual([180]);
    expect(after.at(-1)!.decision).toEqual({ kind: 'passed', seconds: 180 });
    expect((await restarted.store.getWatch(watch.id))?.checks).toBe(5);
    const propagation = (await auditOf(restarted.store, request)).filter((e) => e.action === 'propagation');
    expect(propagation).toHaveLength(1);
    expect(propagation[0]!.result).toBe('took effect after 180 s (5 re-checks)');
    expect(await restarted.service.dueWatches()).toEqual([]);
  });

  it('a watch whose org is gone after a restart ends once, saying why, and is never re-checked (issue 25 item 6)', async () => {
    const h = await harness(150);
    const { request, watch } = await approveGrant(h);
    await runSteps(h, h.first, watch.id, 30);
    await h.first.store.close();
    // Restarted with a config that no longer has the org.
    const store = new SqliteStore({ path: h.first.store.path, now: () => h.clock.now });
    let diagnoses = 0;
    const service = new ApprovalService({
      store,
      config: { orgs: new Map(), allowedChannels: [], source: 'test' },
      diagnoser: {
        diagnose: async () => {
          diagnoses += 1;
          return { ok: false, message: 'Unknown org' };
        },
      },
      apis: fixApisFromServices(h.services),
      logger: createLogger({ name: 'propagation-test' }),
      now: () => h.clock.now,
    });
    try {
      const held = (await store.getWatch(watch.id))!;
      h.clock.now = held.leaseUntil!;
      const step = await service.runWatchStep(watch.id);
      expect(step?.decision.kind).toBe('gave-up');
      expect(step?.watch.status).toBe('gave-up');
      expect(step?.ended).toBe('the org acme is no longer configured');
      expect(diagnoses).toBe(0);
      h.clock.now += 3_600_000;
      expect(await service.dueWatches()).toEqual([]);
      expect(await service.runWatchStep(watch.id)).toBeUndefined();
      const propagation = (await auditOf(store, request)).filter((e) => e.action === 'propagation');
      expect(propagation.map((e) => e.result)).toEqual([
        expect.stringContaining('the org acme is no longer configured'),
      ]);
    } finally {
      await store.close();
    }
  });

  it('a watch whose channel the org no longer allows after a restart ends once, saying why, audited, never re-checked (issue 25 item 6)', async () => {
    const h = await harness(150);
    const { request, watch } = await approveGrant(h);
    await runSteps(h, h.first, watch.id, 30);
    await h.first.store.close();
    // Restarted (two replicas) with a config where acme is mapped to another channel only: C0SUPPORT, where the
    // fix request's thread is, is no longer one of its channels.
    const moved: OrgConfig = { ...h.services.config.orgs.get('acme')!, channels: ['C0ELSEWHERE'] };
    const config: AppConfig = { orgs: new Map([['acme', moved]]), allowedChannels: [], source: 'test' };
    let diagnoses = 0;
    const restarted = [0, 1].map(() => {
      const store = new SqliteStore({ path: h.first.store.path, now: () => h.clock.now });
      const service = new ApprovalService({
        store,
        config,
        diagnoser: {
          diagnose: (...args: Parameters<Services['diagnoser']['diagnose']>) => {
            diagnoses += 1;
            return h.services.diagnoser.diagnose(...args);
          },
        },
        apis: fixApisFromServices(h.services),
        logger: createLogger({ name: 'propagation-test' }),
        now: () => h.clock.now,
      });
      return { store, service };
    });
    try {
      const held = (await restarted[0]!.store.getWatch(watch.id))!;
      h.clock.now = Math.max(held.leaseUntil!, held.nextRunAt);
      const steps = await Promise.all(restarted.map((r) => r.service.runWatchStep(watch.id)));
      const ended = steps.filter((s) => s !== undefined);
      expect(ended).toHaveLength(1);
      expect(ended[0]?.decision.kind).toBe('gave-up');
      expect(ended[0]?.watch.status).toBe('gave-up');
      expect(ended[0]?.ended).toBe('the org acme no longer allows the channel C0SUPPORT');
      expect(diagnoses).toBe(0);
      h.clock.now += 3_600_000;
      expect(await restarted[1]!.service.dueWatches()).toEqual([]);
      expect(await restarted[1]!.service.runWatchStep(watch.id)).toBeUndefined();
      const propagation = (await auditOf(restarted[0]!.store, request)).filter((e) => e.action === 'propagation');
      expect(propagation).toHaveLength(1);
      expect(propagation[0]).toMatchObject({
        actor: 'system',
        result: expect.stringContaining('the org acme no longer allows the channel C0SUPPORT'),
      });
    } finally {
      for (const r of restarted) await r.store.close();
    }
  });

  it('two replicas never double a step: the holder runs it; once the hold lapses, exactly one of several takes each step', async () => {
    const h = await harness(Infinity);
    const { watch } = await approveGrant(h);
    const b = h.replica();
    const c = h.replica();

    // Step 1 due: the applying replica holds the watch; the others find nothing to take and change nothing.
    h.clock.now = watch.nextRunAt;
    const [fromA, fromB, fromC] = await Promise.all([
      h.first.service.runWatchStep(watch.id),
      b.service.runWatchStep(watch.id),
      c.service.runWatchStep(watch.id),
    ]);
    expect(fromA?.watch.position).toBe(2);
    expect([fromB, fromC]).toEqual([undefined, undefined]);
    expect([b.diagnoses(), c.diagnoses()]).toEqual([0, 0]);

    // The first replica goes quiet: after its hold lapses, B and C race for each step; one wins each time.
    let current: PropagationWatch = (await b.store.getWatch(watch.id))!;
    h.clock.now = current.leaseUntil!;
    const winners: string[] = [];
    while (current.status === 'running') {
      h.clock.now = Math.max(h.clock.now, current.nextRunAt);
      const position = current.position;
      const results = await Promise.all([b.service.runWatchStep(watch.id), c.service.runWatchStep(watch.id)]);
      expect(results.filter(Boolean)).toHaveLength(1);
      winners.push(results[0] ? 'b' : 'c');
      current = (await b.store.getWatch(watch.id))!;
      expect(current.position > position || current.status !== 'running').toBe(true);
    }
    // Step 0 and step 1 by the first replica, then one re-check per step taken (at 90 s, when the hold lapsed, then 2, 3, 5, 7, 10 min).
    expect(winners).toHaveLength(6);
    expect(current).toMatchObject({ status: 'gave-up', checks: 2 + winners.length });
    expect(b.diagnoses() + c.diagnoses()).toBe(winners.length);
    expect((await h.first.store.listAudit()).filter((e) => e.action === 'propagation')).toHaveLength(1);
  });

  it('a step that outlives its lease loses to the replica that took over: only one of them records it', async () => {
    const h = await harness(Infinity);
    const { watch } = await approveGrant(h);
    const b = h.replica();
    h.clock.now = watch.nextRunAt;
    // A claims step 1 and stalls inside the re-check; its lease lapses; B takes the step and finishes it first.
    const stalled = h.first.store;
    expect(await stalled.claimWatch(watch.id, 1, h.first.service.watchOwner, WATCH_STEP_LEASE_MS)).toBe(true);
    h.clock.now += WATCH_STEP_LEASE_MS;
    const fromB = await b.service.runWatchStep(watch.id);
    // B ran step 1 at 2 min 15 s: the next point still ahead is 3 min (step 5).
    expect(fromB?.watch).toMatchObject({
      position: 5,
      nextRunAt: watch.startedAt + 180 * SECOND,
      leaseOwner: b.service.watchOwner,
    });
    // A's write for step 1 now finds the watch moved on: refused.
    expect(
      await stalled.updateWatch(
        watch.id,
        { position: 1, owner: h.first.service.watchOwner },
        { position: 2, checks: 99 },
      ),
    ).toBe(false);
    expect((await b.store.getWatch(watch.id))?.checks).toBe(2);
  });
});
