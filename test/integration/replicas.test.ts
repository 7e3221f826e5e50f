/**
 * Exactly-once across replicas on one PostgreSQL database, against the Genesys simulator: replicas are
 * ApprovalServices each with its own PostgresStore Pool, first as two OS processes, then two in one process.
 * 20 approvals of one request at the same moment, split across both → one write reaches Genesys.
 * The same Slack event delivered to both replicas → handled by one.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApprovalService } from '../../src/approvals/service';
import type { AppConfig, OrgConfig } from '../../src/config/types';
import { orgConfigForSimulator } from '../../src/demo';
import type { FixProposal } from '../../src/diagnosis/verdict';
import { fixApisFromServices, type FixApiSource } from '../../src/fixes/apis';
import { createLogger } from '../../src/log';
import { createServices, type Services } from '../../src/services';
import { startSimulator, type RunningSimulator } from '../../src/sim';
import { PostgresStore } from '../../src/store/postgres-store';
import type { ApprovalRequest } from '../../src/approvals/types';
import {
  dropSchema,
  postgresForSuite,
  raceInChildren,
  randomSchema,
  TEST_DATABASE_URL,
  type ReplicaInput,
  type ReplicaResult,
} from '../support/postgres';

const REQUESTER = 'U0REQUESTER';
const APPROVERS = ['U0ALICE', 'U0BOB', 'U0CAROL'];
const SCENARIO = 'cc-no-role';
const LOG_DIR = join(__dirname, '..', '..', '.test-logs');

const pg = postgresForSuite('Replicas on PostgreSQL', it);

interface Setup {
  sim: RunningSimulator;
  schema: string;
  config: AppConfig;
  services: Services;
  apis: FixApiSource;
  /** A replica in this process: its own Pool and ApprovalService. */
  replica(): { store: PostgresStore; service: ApprovalService };
  request: ApprovalRequest;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(): Promise<Setup> {
  const sim = await startSimulator({ scenario: SCENARIO });
  cleanups.push(() => sim.close());
  const schema = randomSchema('srreplicas');
  cleanups.push(() => dropSchema(schema));
  const org: OrgConfig = { ...orgConfigForSimulator(sim, 'acme'), approvers: { users: APPROVERS } };
  const config: AppConfig = { orgs: new Map([['acme', org]]), allowedChannels: [], source: 'test' };
  const logger = createLogger({ name: 'replicas-test' });
  const services = createServices({
    config,
    logger,
    clientOptions: { retry: { retries: 1, budgetMs: 2000 }, timeoutMs: 5000 },
  });
  const apis = fixApisFromServices(services);
  cleanups.push(async () => {
    await apis.close();
    await services.close();
  });
  const stores: PostgresStore[] = [];
  cleanups.push(async () => {
    for (const store of stores) await store.close();
  });
  const replica = () => {
    const store = new PostgresStore({ connectionString: TEST_DATABASE_URL, schema, maxConnections: 5 });
    stores.push(store);
    return { store, service: new ApprovalService({ store, config, diagnoser: services.diagnoser, apis, logger }) };
  };
  stores.push(await PostgresStore.open({ connectionString: TEST_DATABASE_URL, schema }));

  // The request, made on a replica: diagnose, then ask for the verdict's grant-role fix.
  const outcome = await services.diagnoser.diagnose({ org: 'acme', fresh: true });
  if (!outcome.ok) throw new Error(outcome.message);
  const fix = outcome.verdict.checks.flatMap((c) => c.fixes).find((f: FixProposal) => f.kind === 'grant-role');
  if (!fix) throw new Error('cc-no-role verdict has no grant-role fix');
  const requested = await replica().service.requestFix({
    requesterSlackId: REQUESTER,
    org: 'acme',
    fix,
    verdictRef: { check: { org: 'acme', fresh: false }, overall: outcome.verdict.overall, checkedAt: Date.now() },
    thread: { channel: 'C0SUPPORT', ts: '1736942400.000100' },
  });
  if (!requested.ok) throw new Error(requested.message);
  expect(sim.writes).toEqual([]);
  return { sim, schema, config, services, apis, replica, request: requested.request };
}

const clicks = (n: number, offset = 0) =>
  Array.from({ length: n }, (_, i) => APPROVERS[(i + offset) % APPROVERS.length]!);

async function auditActions(store: PostgresStore, requestId: string): Promise<string[]> {
  return (await store.listAudit())
    .filter((e) => e.requestId === requestId)
    .reverse()
    .map((e) => e.action);
}

describe.skipIf(!pg.available)('replicas sharing one PostgreSQL database', () => {
  it('two replica processes: 20 simultaneous approvals apply the fix once, and each Slack event is handled once', async () => {
    const s = await setup();
    const eventKeys = Array.from({ length: 20 }, (_, i) => `slack:event:Ev0${i}`);
    const inputs: ReplicaInput[] = [0, 1].map((n) => ({
      url: TEST_DATABASE_URL,
      schema: s.schema,
      scenario: SCENARIO,
      apiBaseUrl: s.sim.apiBaseUrl,
      loginBaseUrl: s.sim.loginBaseUrl,
      approvers: APPROVERS,
      requestId: s.request.id,
      clicks: clicks(10, n),
      eventKeys,
      logDir: LOG_DIR,
    }));
    const results = await raceInChildren<ReplicaInput, ReplicaResult>('replicaWorkerMain', inputs, 120_000);

    expect(new Set(results.map((r) => r.pid)).size).toBe(2);
    const outcomes = results.flatMap((r) => r.outcomes);
    expect(outcomes).toHaveLength(20);
    expect(outcomes.filter((o) => o.ok && o.kind === 'applied')).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok && o.code === 'not-pending')).toHaveLength(19);
    // Exactly one write reached Genesys.
    expect(s.sim.writes).toHaveLength(1);
    expect(s.sim.writes[0]!.method).toBe('PUT');

    const { store } = s.replica();
    expect((await store.getApproval(s.request.id))?.state).toBe('applied');
    expect(await auditActions(store, s.request.id)).toEqual([
      'requested',
      'approved',
      'applying',
      'applied',
      // No 'propagation' yet: the grant is in place, and the watch runs on through the documented five minutes.
    ]);
    // Every event key handled by exactly one of the two replicas.
    expect(results.flatMap((r) => r.claimedKeys).sort()).toEqual([...eventKeys].sort());
  }, 120_000);

  it('two replicas in one process with separate Pools: 20 simultaneous approvals, one write; one event, one handler', async () => {
    const s = await setup();
    const a = s.replica();
    const b = s.replica();
    const outcomes = await Promise.all(
      clicks(20).map((approver, i) => (i % 2 ? b : a).service.approve(s.request.id, approver)),
    );
    expect(outcomes.filter((o) => o.ok && o.kind === 'applied')).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok && o.code === 'not-pending')).toHaveLength(19);
    expect(s.sim.writes).toHaveLength(1);
    expect(await auditActions(a.store, s.request.id)).toEqual([
      'requested',
      'approved',
      'applying',
      'applied',
      // No 'propagation' yet: the grant is in place, and the watch runs on through the documented five minutes.
    ]);

    // Slack retries and delivers the same event to whichever replica: the same key, claimed from both at once.
    const claims = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? b : a).store.claim('slack:event:Ev0DUPLICATE', 300)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
  }, 60_000);
});
