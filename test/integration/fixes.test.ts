/**
 * The fix-and-approval core against the Genesys Cloud simulator over HTTP, with SQLite on temp files:
 * approve/deny/refusals, exactly-once under concurrent clicks and across two services on one database,
 * restart reconciliation, expiry, no-op and changed-since-plan, time-bound grants, and the audit trail.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApprovalService } from '../../src/approvals/service';
import type { AppConfig, OrgConfig } from '../../src/config/types';
import { Secret } from '../../src/config/secret';
import { orgConfigForSimulator } from '../../src/demo';
import type { CheckRequest } from '../../src/request/grammar';
import type { FixProposal, Verdict } from '../../src/diagnosis/verdict';
import { CHANGED_SINCE_CHECK } from '../../src/fixes/plan';
import { fixApisFromServices, type FixApiSource } from '../../src/fixes/apis';
import { RevocationScheduler, type RevocationEvent } from '../../src/approvals/revocation-scheduler';
import { createLogger } from '../../src/log';
import { createServices, type Services } from '../../src/services';
import { startSimulator, type RunningSimulator } from '../../src/sim';
import { SqliteStore } from '../../src/store/sqlite-store';
import type { VerdictRef } from '../../src/approvals/types';

const REQUESTER = 'U0REQUESTER';
const ALICE = 'U0ALICE';
const BOB = 'U0BOB';
const CAROL = 'U0CAROL'; // approver only through the user group
const MALLORY = 'U0MALLORY';
const APPROVER_GROUP = 'S0FIXADMINS';

const TARGET_CLIENT = '09f08c5e-1262-478b-9a02-ada5263d5d40';
const WEB_CLIENT = 'beb23168-c35b-4472-9d41-5a9109757055';
const FIXER_CLIENT = '9dd6054f-efab-4657-9a7f-b5471c523740';
const DIAGNOSTIC_CLIENT = '064e7908-1b9a-4204-be35-b969e4b3208a';
const VIEWER_ROLE = '39f38e94-aac1-40e1-9358-09a68f3a8563';
const QUALITY_ROLE = '41f08778-c048-45ea-85db-80425b649b2b';
const LEE = 'a264b809-791c-4594-bf67-0e92534588fb';
const HOUR = 3_600_000;

interface Harness {
  sim: RunningSimulator;
  org: OrgConfig;
  config: AppConfig;
  services: Services;
  apis: FixApiSource;
  store: SqliteStore;
  service: ApprovalService;
  dbPath: string;
  clock: { now: number };
  groupMembers: string[];
  /** Another ApprovalService on the same database file (a second replica, or the process after a restart). */
  openReplica(): { store: SqliteStore; service: ApprovalService };
  diagnose(request?: Partial<CheckRequest>): Promise<Verdict>;
  close(): Promise<void>;
}

const open: Harness[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function harness(
  scenario: string,
  options: { fixer?: boolean; orgPatch?: (org: OrgConfig, sim: RunningSimulator) => OrgConfig } = {},
): Promise<Harness> {
  const sim = await startSimulator({ scenario });
  let org: OrgConfig = {
    ...orgConfigForSimulator(sim, 'acme'),
    approvers: { users: [ALICE, BOB], userGroup: APPROVER_GROUP },
  };
  if (options.fixer === false) org = { ...org, fixer: undefined };
  if (options.orgPatch) org = options.orgPatch(org, sim);
  const config: AppConfig = { orgs: new Map([['acme', org]]), allowedChannels: [], source: 'test' };
  const logger = createLogger({ name: 'fixes-test' });
  const services = createServices({
    config,
    logger,
    clientOptions: { retry: { retries: 1, budgetMs: 2000 }, timeoutMs: 5000 },
  });
  const apis = fixApisFromServices(services);
  const dir = mkdtempSync(join(tmpdir(), 'sr-check-fixes-'));
  dirs.push(dir);
  const dbPath = join(dir, 'sr-check.db');
  // The approval side runs on a fake clock (expiry, time bounds, reconcile grace); Genesys and the simulator on real time.
  const clock = { now: Date.UTC(2025, 0, 15, 12) };
  const now = () => clock.now;
  const groupMembers = [CAROL];
  const stores: SqliteStore[] = [];
  const makeService = () => {
    const store = new SqliteStore({ path: dbPath, now });
    stores.push(store);
    const service = new ApprovalService({
      store,
      config,
      diagnoser: services.diagnoser,
      apis,
      resolveUserGroup: async (group) => (group === APPROVER_GROUP ? [...groupMembers] : []),
      logger,
      now,
    });
    return { store, service };
  };
  const first = makeService();
  const h: Harness = {
    sim,
    org,
    config,
    services,
    apis,
    store: first.store,
    service: first.service,
    dbPath,
    clock,
    groupMembers,
    openReplica: makeService,
    async diagnose(request = {}) {
      const outcome = await services.diagnoser.diagnose({ org: 'acme', fresh: true, ...request });
      if (!outcome.ok) throw new Error(outcome.message);
      return outcome.verdict;
    },
    async close() {
      for (const store of stores) await store.close();
      await apis.close();
      await services.close();
      await sim.close();
    },
  };
  open.push(h);
  return h;
}

function fixOf(verdict: Verdict, kind: FixProposal['kind']): FixProposal {
  const fix = verdict.checks.flatMap((c) => c.fixes).find((f) => f.kind === kind);
  if (!fix)
    throw new Error(
      `no ${kind} fix in the verdict: ${JSON.stringify(verdict.checks.map((c) => [c.id, c.status, c.summary]))}`,
    );
  return fix;
}

/** Gives sr-check's fixer client a role in every division, in the simulated org. */
function fixerHolds(h: Harness, roleId: string): void {
  const fixer = h.sim.state.clients.get(FIXER_CLIENT)!;
  if (!fixer.roleDivisions?.some((rd) => rd.roleId === roleId))
    fixer.roleDivisions = [...(fixer.roleDivisions ?? []), { roleId, divisionId: '*' }];
}

function refOf(verdict: Verdict, check: Partial<CheckRequest> = {}): VerdictRef {
  return { check: { org: 'acme', fresh: false, ...check }, overall: verdict.overall, checkedAt: Date.now() };
}

/** Diagnoses the scenario's default target, requests its grant-role fix as REQUESTER. */
async function requestGrant(
  h: Harness,
  extra: { ttlHours?: number; expiresInHours?: number; otherRole?: boolean } = {},
) {
  const verdict = await h.diagnose();
  const { otherRole, ...options } = extra;
  const fix = fixOf(verdict, 'grant-role');
  // sr-check's fixer must hold a role to hand it out ("The roles must also already be assigned to the OAuth Client
  // used by Terraform", Terraform provider); cc-no-role's fixer holds only the usual one, so give it the other too.
  if (otherRole) fixerHolds(h, QUALITY_ROLE);
  const outcome = await h.service.requestFix({
    requesterSlackId: REQUESTER,
    org: 'acme',
    // otherRole: a different change (another role), so it may stand next to a request for the usual one.
    fix:
      otherRole && fix.kind === 'grant-role'
        ? {
            ...fix,
            roleId: QUALITY_ROLE,
            roleName: 'Quality',
            after: [...fix.before, { roleId: QUALITY_ROLE, divisionId: fix.divisionId }],
          }
        : fix,
    verdictRef: refOf(verdict),
    thread: { channel: 'C0SUPPORT', ts: '1736942400.000100' },
    ...options,
  });
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.request;
}

const writesTo = (sim: RunningSimulator, path: string) => sim.writes.filter((w) => w.path === path);
const actions = async (h: Harness, requestId: string) =>
  (await h.store.listAudit())
    .filter((e) => e.requestId === requestId)
    .reverse()
    .map((e) => e.action);

describe('approving a role grant (cc-no-role)', () => {
  it('grants the role with the fixer client by PUTting the whole client back, and the fresh re-check passes the role check', async () => {
    const h = await harness('cc-no-role');
    const before = structuredClone(h.sim.state.clients.get(TARGET_CLIENT)!);
    const request = await requestGrant(h);
    expect(request.state).toBe('pending');
    expect(request.plan).toMatchObject({
      kind: 'grant-role',
      roleId: VIEWER_ROLE,
      basis: { dateModified: before.dateModified },
    });
    expect(h.sim.writes).toEqual([]);

    const outcome = await h.service.approve(request.id, ALICE);
    expect(outcome).toMatchObject({ ok: true, kind: 'applied', result: { status: 'applied', result: 'changed' } });
    if (!outcome.ok || outcome.kind !== 'applied') throw new Error('not applied');
    expect(outcome.request).toMatchObject({ state: 'applied', decidedBy: ALICE });

    // One write: the whole client, every field kept, with the new role/division pair added.
    const puts = writesTo(h.sim, `/api/v2/oauth/clients/${TARGET_CLIENT}`);
    expect(h.sim.writes).toHaveLength(1);
    expect(puts[0]!.method).toBe('PUT');
    expect(puts[0]!.body).toMatchObject({
      id: TARGET_CLIENT,
      name: before.name,
      description: before.description,
      authorizedGrantType: before.authorizedGrantType,
      accessTokenValiditySeconds: before.accessTokenValiditySeconds,
      state: 'active',
      roleDivisions: [
        ...before.roleDivisions!,
        { roleId: VIEWER_ROLE, divisionId: request.plan.kind === 'grant-role' ? request.plan.divisionId : '' },
      ],
    });
    const after = h.sim.state.clients.get(TARGET_CLIENT)!;
    expect(after.roleDivisions).toContainEqual({
      roleId: VIEWER_ROLE,
      divisionId: request.plan.kind === 'grant-role' ? request.plan.divisionId : '',
    });
    expect(after.name).toBe(before.name);
    expect(after.description).toBe(before.description);

    // Made with the fixer client; the diagnostic client never wrote anything.
    const mutating = h.sim.requests.filter(
      (r) => ['PUT', 'POST', 'DELETE'].includes(r.method) && r.path.startsWith('/api/v2/'),
    );
    expect(mutating.map((r) => [r.method, r.clientId])).toEqual([['PUT', FIXER_CLIENT]]);
    expect(
      h.sim.requests.filter(
        (r) => r.clientId === DIAGNOSTIC_CLIENT && r.method !== 'GET' && r.path.startsWith('/api/v2/'),
      ),
    ).toEqual([]);

    // The check ran again without caches: the role check now passes.
    expect(outcome.recheck.ok).toBe(true);
    if (!outcome.recheck.ok) return;
    expect(outcome.recheck.verdict.checks.find((c) => c.id === 'role')?.status).toBe('pass');
    expect(outcome.recheck.verdict.overall).not.toBe('fail');
    expect((await h.store.lastVerdicts())[0]).toMatchObject({
      org: 'acme',
      summary: { overall: outcome.recheck.verdict.overall },
    });

    // Every transition audited, with before/after on the applied row. The re-check reads the grant at once, but the
    // client changed under five minutes ago ("It can take up to five minutes for permission updates to make their
    // way through Genesys Cloud and take effect", help page "Edit a role"): in place, the watch goes on (issue 21).
    expect(await actions(h, request.id)).toEqual(['requested', 'approved', 'applying', 'applied']);
    expect(outcome.watch).toMatchObject({ status: 'running', lastResult: 'in-place', checks: 1 });
    const applied = (await h.store.listAudit()).find((e) => e.action === 'applied')!;
    expect(applied).toMatchObject({
      actor: ALICE,
      org: 'acme',
      target: { kind: 'oauth-client', id: TARGET_CLIENT },
      result: 'changed',
    });
    expect(applied.before).toEqual(before.roleDivisions);
    expect(applied.after).toContainEqual({ roleId: VIEWER_ROLE, divisionId: expect.any(String) });
  });

  it('grants a role to a user with the subject grant endpoint', async () => {
    const h = await harness('cc-no-role');
    const verdict = await h.diagnose({ user: LEE, client: WEB_CLIENT });
    const fix = fixOf(verdict, 'grant-role');
    expect(fix.target).toEqual({ kind: 'user', id: LEE });
    const requested = await h.service.requestFix({
      requesterSlackId: REQUESTER,
      org: 'acme',
      fix,
      verdictRef: refOf(verdict, { user: LEE, client: WEB_CLIENT }),
    });
    if (!requested.ok) throw new Error(requested.message);
    const outcome = await h.service.approve(requested.request.id, BOB);
    expect(outcome).toMatchObject({ ok: true, kind: 'applied', result: { result: 'changed' } });
    const plan = requested.request.plan;
    if (plan.kind !== 'grant-role') throw new Error('plan kind');
    expect(h.sim.writes).toEqual([
      {
        method: 'POST',
        path: `/api/v2/authorization/subjects/${LEE}/divisions/${plan.divisionId}/roles/${plan.roleId}`,
      },
    ]);
    expect(h.sim.state.users.get(LEE)!.grants).toContainEqual(
      expect.objectContaining({ roleId: plan.roleId, divisionId: plan.divisionId }),
    );
    expect(
      h.sim.requests.filter((r) => r.method === 'POST' && r.path.includes('/subjects/')).map((r) => r.clientId),
    ).toEqual([FIXER_CLIENT]);
    if (outcome.ok && outcome.kind === 'applied' && outcome.recheck.ok) {
      expect(outcome.recheck.verdict.checks.find((c) => c.id === 'role')?.status).toBe('pass');
    } else throw new Error('re-check missing');
  });

  it('denies: nothing is written, the reason is kept, and a later approval is refused', async () => {
    const h = await harness('cc-no-role');
    const request = await requestGrant(h);
    const denied = await h.service.deny(request.id, BOB, 'not during the freeze');
    expect(denied).toMatchObject({
      ok: true,
      kind: 'denied',
      request: { state: 'denied', decidedBy: BOB, reason: 'not during the freeze' },
    });
    expect(await h.service.approve(request.id, ALICE)).toMatchObject({ ok: false, code: 'not-pending' });
    expect(h.sim.writes).toEqual([]);
    expect(await actions(h, request.id)).toEqual(['requested', 'denied']);
  });

  it('refuses self-approval, even from an approver', async () => {
    const h = await harness('cc-no-role');
    const verdict = await h.diagnose();
    const requested = await h.service.requestFix({
      requesterSlackId: ALICE,
      org: 'acme',
      fix: fixOf(verdict, 'grant-role'),
      verdictRef: refOf(verdict),
    });
    if (!requested.ok) throw new Error(requested.message);
    expect(await h.service.approve(requested.request.id, ALICE)).toMatchObject({ ok: false, code: 'self-approval' });
    expect(await h.service.deny(requested.request.id, ALICE)).toMatchObject({ ok: false, code: 'self-approval' });
    expect((await h.service.get(requested.request.id))?.state).toBe('pending');
    expect(h.sim.writes).toEqual([]);
  });

  it('refuses anyone who is not an approver', async () => {
    const h = await harness('cc-no-role');
    const request = await requestGrant(h);
    expect(await h.service.approve(request.id, MALLORY)).toMatchObject({ ok: false, code: 'not-an-approver' });
    expect(await h.service.deny(request.id, MALLORY)).toMatchObject({ ok: false, code: 'not-an-approver' });
    expect(await h.service.approve('no-such-request', ALICE)).toMatchObject({ ok: false, code: 'unknown-request' });
    expect((await h.service.get(request.id))?.state).toBe('pending');
    expect(await actions(h, request.id)).toEqual(['requested']);
  });

  it('accepts an approver through the user group, resolved at click time', async () => {
    const h = await harness('cc-no-role');
    const request = await requestGrant(h);
    h.groupMembers.splice(0);
    expect(await h.service.approve(request.id, CAROL)).toMatchObject({ ok: false, code: 'not-an-approver' });
    h.groupMembers.push(CAROL);
    expect(await h.service.isApprover('acme', CAROL)).toBe(true);
    expect(await h.service.approve(request.id, CAROL)).toMatchObject({
      ok: true,
      kind: 'applied',
      request: { decidedBy: CAROL },
    });
    expect(h.sim.writes).toHaveLength(1);
  });

  it('applies once when 20 approvals arrive at the same time', async () => {
    const h = await harness('cc-no-role');
    const request = await requestGrant(h);
    const approvers = [ALICE, BOB, CAROL];
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => h.service.approve(request.id, approvers[i % 3]!)),
    );
    expect(outcomes.filter((o) => o.ok && o.kind === 'applied')).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok && o.code === 'not-pending')).toHaveLength(19);
    expect(h.sim.writes).toHaveLength(1);
    expect(await actions(h, request.id)).toEqual(['requested', 'approved', 'applying', 'applied']);
  });

  it('a second service on the same database file sees the pending request and can act on it, once', async () => {
    const h = await harness('cc-no-role');
    const request = await requestGrant(h);
    const replica = h.openReplica();
    expect((await replica.service.listPending('acme')).map((r) => r.id)).toEqual([request.id]);
    const [mine, theirs] = await Promise.all([
      replica.service.approve(request.id, BOB),
      h.service.approve(request.id, ALICE),
    ]);
    expect([mine, theirs].filter((o) => o.ok && o.kind === 'applied')).toHaveLength(1);
    expect(h.sim.writes).toHaveLength(1);
    expect((await h.service.get(request.id))?.state).toBe('applied');
  });
});

describe('before applying, the target is read again', () => {
  it('already fixed: recorded as a no-op, nothing written', async () => {
    const h = await harness('cc-no-role');
    const request = await requestGrant(h);
    if (request.plan.kind !== 'grant-role') throw new Error('plan kind');
    const client = h.sim.state.clients.get(TARGET_CLIENT)!;
    client.roleDivisions = [
      ...client.roleDivisions!,
      { roleId: request.plan.roleId, divisionId: request.plan.divisionId },
    ];
    client.dateModified = new Date().toISOString();
    const outcome = await h.service.approve(request.id, ALICE);
    expect(outcome).toMatchObject({
      ok: true,
      kind: 'applied',
      result: { status: 'applied', result: 'no-op' },
      request: { state: 'applied' },
    });
    expect(h.sim.writes).toEqual([]);
    expect((await h.store.listAudit()).find((e) => e.action === 'applied')?.result).toBe('no-op');
  });

  it('changed since the plan (another role added): refused, nothing written', async () => {
    const h = await harness('cc-no-role');
    const request = await requestGrant(h);
    const client = h.sim.state.clients.get(TARGET_CLIENT)!;
    client.roleDivisions = [...client.roleDivisions!, { roleId: QUALITY_ROLE, divisionId: '*' }];
    client.dateModified = new Date(Date.now() + 1000).toISOString();
    const outcome = await h.service.approve(request.id, ALICE);
    expect(outcome).toMatchObject({
      ok: true,
      kind: 'failed',
      reason: CHANGED_SINCE_CHECK,
      request: { state: 'failed', reason: CHANGED_SINCE_CHECK },
    });
    expect(h.sim.writes).toEqual([]);
    expect(await actions(h, request.id)).toEqual(['requested', 'approved', 'applying', 'failed']);
  });

  it('changed since the plan (only dateModified moved): refused', async () => {
    const h = await harness('cc-no-role');
    const request = await requestGrant(h);
    h.sim.state.clients.get(TARGET_CLIENT)!.dateModified = new Date(Date.now() + 5000).toISOString();
    expect(await h.service.approve(request.id, ALICE)).toMatchObject({
      ok: true,
      kind: 'failed',
      reason: CHANGED_SINCE_CHECK,
    });
    expect(h.sim.writes).toEqual([]);
  });
});

describe('before applying a grant, the role is read again (the approver saw its permissions at request time)', () => {
  /** Edits the role in the simulator, as someone in Genesys might while the request waits (up to a week). */
  function addPolicy(h: Harness, roleId: string, domain: string, entityName: string, action: string) {
    const role = h.sim.state.roles.get(roleId)!;
    role.permissionPolicies = [...role.permissionPolicies, { domain, entityName, actionSet: [action] }];
  }

  it('a role that became an administration role is not granted: failed, nothing written, audited', async () => {
    const h = await harness('cc-no-role');
    const request = await requestGrant(h);
    if (request.plan.kind !== 'grant-role') throw new Error('plan kind');
    expect(request.plan.permissionsAdded).not.toContain('authorization:grant:add');
    addPolicy(h, request.plan.roleId, 'authorization', 'grant', 'add');
    const outcome = await h.service.approve(request.id, ALICE);
    expect(outcome).toMatchObject({ ok: true, kind: 'failed', request: { state: 'failed' } });
    const reason = outcome.ok && outcome.kind === 'failed' ? outcome.reason : '';
    expect(reason).toContain('the role changed since the request');
    expect(reason).toContain('authorization:grant:add');
    expect(reason).toContain('not shown to the approver');
    expect(h.sim.writes).toEqual([]);
    expect(await actions(h, request.id)).toEqual(['requested', 'approved', 'applying', 'failed']);
    const failed = (await h.store.listAudit()).find((e) => e.requestId === request.id && e.action === 'failed');
    expect(failed?.result).toContain('authorization:grant:add');
  });

  it('a role that gained any other permission is not granted either: the approver was shown another list', async () => {
    const h = await harness('cc-no-role');
    const request = await requestGrant(h);
    if (request.plan.kind !== 'grant-role') throw new Error('plan kind');
    addPolicy(h, request.plan.roleId, 'recording', 'recording', 'delete');
    const outcome = await h.service.approve(request.id, ALICE);
    expect(outcome).toMatchObject({ ok: true, kind: 'failed', request: { state: 'failed' } });
    const reason = outcome.ok && outcome.kind === 'failed' ? outcome.reason : '';
    expect(reason).toBe(
      'the role changed since the request: it now carries recording:recording:delete (not shown to the approver); request the fix again',
    );
    expect(h.sim.writes).toEqual([]);
  });

  it('a role that cannot be read is not granted: its permissions could not be confirmed', async () => {
    const h = await harness('cc-no-role');
    const request = await requestGrant(h);
    h.sim.addFault({ kind: 'status', status: 503, match: 'GET /api/v2/authorization/roles/*' });
    const outcome = await h.service.approve(request.id, ALICE);
    expect(outcome).toMatchObject({ ok: true, kind: 'failed', request: { state: 'failed' } });
    const reason = outcome.ok && outcome.kind === 'failed' ? outcome.reason : '';
    expect(reason).toMatch(/^could not confirm the role's permissions: /);
    expect(h.sim.writes).toEqual([]);
    expect(await actions(h, request.id)).toEqual(['requested', 'approved', 'applying', 'failed']);
  });
});

describe('expiry', () => {
  it('a request past its expiry cannot be approved and is recorded as expired', async () => {
    const h = await harness('cc-no-role');
    const request = await requestGrant(h, { expiresInHours: 1 });
    const other = await requestGrant(h, { expiresInHours: 3, otherRole: true });
    h.clock.now += HOUR;
    expect(await h.service.approve(request.id, ALICE)).toMatchObject({
      ok: false,
      code: 'expired',
      request: { state: 'expired' },
    });
    expect(await h.service.expireDue()).toEqual([]);
    h.clock.now += 2 * HOUR;
    expect((await h.service.expireDue()).map((r) => [r.id, r.state])).toEqual([[other.id, 'expired']]);
    expect(h.sim.writes).toEqual([]);
    expect(await actions(h, request.id)).toEqual(['requested', 'expired']);
    expect(await actions(h, other.id)).toEqual(['requested', 'expired']);
  });
});

describe('restart with a request left applying', () => {
  it('done case: the target shows the change, so it is marked applied without writing again', async () => {
    const h = await harness('cc-no-role');
    const request = await requestGrant(h);
    if (request.plan.kind !== 'grant-role') throw new Error('plan kind');
    expect(await h.store.transition(request.id, ['pending'], 'approved', { decidedBy: ALICE })).toBe(true);
    expect(await h.store.transition(request.id, ['approved'], 'applying')).toBe(true);
    // The process wrote the change and stopped before recording it.
    const client = h.sim.state.clients.get(TARGET_CLIENT)!;
    client.roleDivisions = [
      ...client.roleDivisions!,
      { roleId: request.plan.roleId, divisionId: request.plan.divisionId },
    ];
    client.dateModified = new Date().toISOString();
    await h.store.close();

    const restarted = h.openReplica();
    expect(await restarted.service.reconcile()).toEqual([]); // within the grace period: maybe another replica is applying it
    h.clock.now += 10 * 60_000;
    const outcomes = await restarted.service.reconcile();
    expect(outcomes).toEqual([
      expect.objectContaining({
        resolution: 'applied',
        request: expect.objectContaining({ id: request.id, state: 'applied' }),
      }),
    ]);
    expect(h.sim.writes).toEqual([]);
    expect(
      (await restarted.store.listAudit()).filter((e) => e.requestId === request.id).map((e) => [e.action, e.actor])[0],
    ).toEqual(['applied', 'system']);
    expect(await restarted.service.reconcile()).toEqual([]);
  });

  it('not-done case: the target lacks the change, so it is marked failed and nothing is applied', async () => {
    const h = await harness('cc-no-role');
    const request = await requestGrant(h);
    const stuckApproved = await requestGrant(h, { otherRole: true });
    await h.store.transition(request.id, ['pending'], 'approved', { decidedBy: ALICE });
    await h.store.transition(request.id, ['approved'], 'applying');
    await h.store.transition(stuckApproved.id, ['pending'], 'approved', { decidedBy: BOB });
    h.clock.now += 10 * 60_000;
    const restarted = h.openReplica();
    const outcomes = await restarted.service.reconcile();
    expect(outcomes.map((o) => [o.request.id, o.resolution]).sort()).toEqual(
      [
        [request.id, 'failed'],
        [stuckApproved.id, 'failed'],
      ].sort(),
    );
    expect(outcomes.find((o) => o.request.id === request.id)?.reason).toMatch(/interrupted before the change was made/);
    expect((await restarted.service.get(request.id))?.state).toBe('failed');
    expect(h.sim.writes).toEqual([]);
    expect(h.sim.state.clients.get(TARGET_CLIENT)!.roleDivisions).not.toContainEqual(
      expect.objectContaining({ roleId: VIEWER_ROLE }),
    );
  });
});

describe('time-bound grants', () => {
  function scheduler(h: Harness, store: SqliteStore, events: RevocationEvent[]) {
    return new RevocationScheduler({
      store,
      config: h.config,
      apis: h.apis,
      logger: createLogger({ name: 'revocations-test' }),
      now: () => h.clock.now,
      onRevoked: (event) => void events.push(event),
    });
  }

  it('revokes the grant once its TTL has passed, audits it and reports it for the thread', async () => {
    const h = await harness('cc-no-role');
    const request = await requestGrant(h, { ttlHours: 2 });
    const outcome = await h.service.approve(request.id, ALICE);
    if (!outcome.ok || outcome.kind !== 'applied') throw new Error('not applied');
    expect(outcome.revocation).toMatchObject({ dueAt: outcome.result.at + 2 * HOUR, state: 'scheduled' });
    const events: RevocationEvent[] = [];
    const revocations = scheduler(h, h.store, events);

    h.clock.now = outcome.result.at + HOUR;
    expect(await revocations.runDue()).toEqual([]);
    expect(h.sim.state.clients.get(TARGET_CLIENT)!.roleDivisions).toContainEqual(
      expect.objectContaining({ roleId: VIEWER_ROLE }),
    );

    h.clock.now = outcome.result.at + 2 * HOUR;
    const handled = await revocations.runDue();
    expect(handled).toEqual([
      expect.objectContaining({ outcome: 'revoked', thread: { channel: 'C0SUPPORT', ts: '1736942400.000100' } }),
    ]);
    expect(events).toEqual(handled);
    expect(h.sim.state.clients.get(TARGET_CLIENT)!.roleDivisions).not.toContainEqual(
      expect.objectContaining({ roleId: VIEWER_ROLE }),
    );
    expect(h.sim.writes.map((w) => w.method)).toEqual(['PUT', 'PUT']);
    expect(h.sim.requests.filter((r) => r.method === 'PUT').every((r) => r.clientId === FIXER_CLIENT)).toBe(true);
    expect(await actions(h, request.id)).toEqual([
      'requested',
      'approved',
      'applying',
      // Scheduled before the request is stored applied, so no crash in between can leave the grant permanent.
      'revocation-scheduled',
      'applied',
      // The watch is still running (in place, within the documented five minutes) when the TTL revokes it.
      'revoked',
    ]);
    expect(await revocations.runDue()).toEqual([]);
  });

  it('survives a restart: a scheduler started later processes what fell due meanwhile', async () => {
    const h = await harness('cc-no-role');
    const request = await requestGrant(h, { ttlHours: 1 });
    const outcome = await h.service.approve(request.id, BOB);
    if (!outcome.ok || outcome.kind !== 'applied') throw new Error('not applied');
    await h.store.close();

    h.clock.now = outcome.result.at + 3 * HOUR;
    const restarted = h.openReplica();
    const events: RevocationEvent[] = [];
    const revocations = scheduler(h, restarted.store, events);
    try {
      const handled = await revocations.start();
      expect(handled.map((e) => e.outcome)).toEqual(['revoked']);
    } finally {
      revocations.stop();
    }
    expect(events).toHaveLength(1);
    expect(h.sim.state.clients.get(TARGET_CLIENT)!.roleDivisions).not.toContainEqual(
      expect.objectContaining({ roleId: VIEWER_ROLE }),
    );
    expect((await restarted.store.listAudit()).map((e) => e.action)).toContain('revoked');
  });

  it('keeps its revocation when the store refuses the audit write after the grant (SQLITE_BUSY)', async () => {
    const h = await harness('cc-no-role');
    const request = await requestGrant(h, { ttlHours: 2 });
    const append = h.store.appendAudit.bind(h.store);
    h.store.appendAudit = async (entry) => {
      if (entry.action === 'applied') throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
      return append(entry);
    };
    const appliedAt = h.clock.now;
    await expect(h.service.approve(request.id, ALICE)).rejects.toThrow(/database is locked/);
    h.store.appendAudit = append;
    expect(h.sim.state.clients.get(TARGET_CLIENT)!.roleDivisions).toContainEqual(
      expect.objectContaining({ roleId: VIEWER_ROLE }),
    );
    expect(await h.store.getApproval(request.id)).toMatchObject({ state: 'applied', ttlHours: 2 });
    expect(await h.store.dueRevocations(Number.MAX_SAFE_INTEGER)).toEqual([
      expect.objectContaining({ requestId: request.id, state: 'scheduled', dueAt: appliedAt + 2 * HOUR }),
    ]);

    // A restarted process reconciles (nothing to add) and its scheduler takes the grant back when due.
    h.clock.now += 10 * 60_000;
    const restarted = h.openReplica();
    expect(await restarted.service.reconcile()).toEqual([]);
    expect(await restarted.store.dueRevocations(Number.MAX_SAFE_INTEGER)).toHaveLength(1);
    h.clock.now = appliedAt + 2 * HOUR;
    const events: RevocationEvent[] = [];
    expect((await scheduler(h, restarted.store, events).runDue()).map((e) => e.outcome)).toEqual(['revoked']);
    expect(h.sim.state.clients.get(TARGET_CLIENT)!.roleDivisions).not.toContainEqual(
      expect.objectContaining({ roleId: VIEWER_ROLE }),
    );
  });

  it('a grant stored applied without its revocation (a crash before this was fixed) is revoked after upkeep repairs it', async () => {
    const h = await harness('cc-no-role');
    const request = await requestGrant(h, { ttlHours: 1 });
    // What an earlier version killed between storing `applied` and scheduling the revocation left behind.
    const schedule = h.store.scheduleRevocation.bind(h.store);
    h.store.scheduleRevocation = async () => {
      throw new Error('killed');
    };
    const appliedAt = h.clock.now;
    await expect(h.service.approve(request.id, ALICE)).rejects.toThrow(/killed/);
    h.store.scheduleRevocation = schedule;
    // approve() now schedules first, so it left the request `applying` (reconcile resolves that): store it
    // applied, as the earlier version did before it scheduled.
    if ((await h.store.getApproval(request.id))?.state === 'applying') {
      await h.store.transition(request.id, ['applying'], 'applied', {
        result: { status: 'applied', result: 'changed', detail: 'granted', at: appliedAt, after: undefined },
      });
    }
    expect(await h.store.dueRevocations(Number.MAX_SAFE_INTEGER)).toEqual([]);

    h.clock.now += 2 * HOUR;
    const restarted = h.openReplica();
    await restarted.service.reconcile();
    expect(await restarted.store.dueRevocations(h.clock.now)).toEqual([
      expect.objectContaining({ requestId: request.id, dueAt: appliedAt + HOUR }),
    ]);
    const events: RevocationEvent[] = [];
    expect((await scheduler(h, restarted.store, events).runDue()).map((e) => e.outcome)).toEqual(['revoked']);
    expect(h.sim.state.clients.get(TARGET_CLIENT)!.roleDivisions).not.toContainEqual(
      expect.objectContaining({ roleId: VIEWER_ROLE }),
    );
    expect(await actions(h, request.id)).toContain('revocation-scheduled');
  });

  it('does not schedule a revocation for a no-op (the grant was there before)', async () => {
    const h = await harness('cc-no-role');
    const request = await requestGrant(h, { ttlHours: 1 });
    if (request.plan.kind !== 'grant-role') throw new Error('plan kind');
    const client = h.sim.state.clients.get(TARGET_CLIENT)!;
    client.roleDivisions = [
      ...client.roleDivisions!,
      { roleId: request.plan.roleId, divisionId: request.plan.divisionId },
    ];
    const outcome = await h.service.approve(request.id, ALICE);
    expect(outcome).toMatchObject({ ok: true, kind: 'applied', result: { result: 'no-op' } });
    expect(outcome.ok && outcome.kind === 'applied' ? outcome.revocation : 'x').toBeUndefined();
    expect(await h.store.dueRevocations(h.clock.now + 100 * HOUR)).toEqual([]);
  });
});

describe('what a fix request needs', () => {
  it('refuses when the org has no fixer credentials, saying how to enable fixes', async () => {
    const h = await harness('cc-no-role', { fixer: false });
    const verdict = await h.diagnose();
    const outcome = await h.service.requestFix({
      requesterSlackId: REQUESTER,
      org: 'acme',
      fix: fixOf(verdict, 'grant-role'),
      verdictRef: refOf(verdict),
    });
    expect(outcome).toMatchObject({ ok: false, code: 'fixes-disabled' });
    if (outcome.ok) return;
    expect(outcome.message).toMatch(/`fixer` credentials/);
    expect(outcome.message).toMatch(/approvers/);
    expect(await h.store.listApprovals()).toEqual([]);
    expect(h.sim.writes).toEqual([]);
  });

  it('refuses a request whose target already changed since the check', async () => {
    const h = await harness('cc-no-role');
    const verdict = await h.diagnose();
    const client = h.sim.state.clients.get(TARGET_CLIENT)!;
    client.roleDivisions = [...client.roleDivisions!, { roleId: QUALITY_ROLE, divisionId: '*' }];
    const outcome = await h.service.requestFix({
      requesterSlackId: REQUESTER,
      org: 'acme',
      fix: fixOf(verdict, 'grant-role'),
      verdictRef: refOf(verdict),
    });
    expect(outcome).toMatchObject({ ok: false, code: 'changed-since-check' });
  });
});

describe('adding a scope (readonly-scope-for-write)', () => {
  it('PUTs the whole client with the full scope and the re-check passes', async () => {
    const h = await harness('readonly-scope-for-write');
    const verdict = await h.diagnose();
    // The scenario's org enforces scopes and says so (scopeEnforcement: on): the missing scope fails.
    expect(verdict.checks.find((c) => c.id === 'scope')?.status).toBe('fail');
    const fix = fixOf(verdict, 'add-scope');
    const requested = await h.service.requestFix({
      requesterSlackId: REQUESTER,
      org: 'acme',
      fix,
      verdictRef: refOf(verdict),
    });
    if (!requested.ok) throw new Error(requested.message);
    const outcome = await h.service.approve(requested.request.id, ALICE);
    expect(outcome).toMatchObject({ ok: true, kind: 'applied', result: { result: 'changed' } });
    const web = h.sim.state.clients.get(WEB_CLIENT)!;
    expect(web.scope).toContain('recordings');
    expect(web.scope).not.toContain('recordings:readonly');
    expect(web.scope).toEqual(expect.arrayContaining(['conversations:readonly', 'users:readonly']));
    expect(h.sim.writes).toHaveLength(1);
    expect(h.sim.writes[0]!.body).toMatchObject({
      id: WEB_CLIENT,
      name: 'ArchiveBridge Web',
      authorizedGrantType: 'CODE',
      description: expect.any(String),
    });
    expect(h.sim.requests.filter((r) => r.method === 'PUT').map((r) => r.clientId)).toEqual([FIXER_CLIENT]);
    if (!outcome.ok || outcome.kind !== 'applied' || !outcome.recheck.ok) throw new Error('re-check missing');
    expect(outcome.recheck.verdict.checks.find((c) => c.id === 'scope')?.status).toBe('pass');
    expect(outcome.recheck.verdict.overall).toBe('pass');
  });
});

describe('refreshing credentials (role-change-after-token)', () => {
  const withProbe = (org: OrgConfig, sim: RunningSimulator): OrgConfig => ({
    ...org,
    probe: {
      clientId: TARGET_CLIENT,
      clientSecret: new Secret(sim.scenario.oauthClients.find((c) => c.id === TARGET_CLIENT)!.secret),
    },
  });

  it("revokes the managed client's cached token and mints a new one that tokens/me accepts", async () => {
    const h = await harness('role-change-after-token', { orgPatch: withProbe });
    const verdict = await h.diagnose();
    // No check proposes a refresh any more (whether old tokens keep old access is undocumented); the fix
    // kind stays for requests made by hand, as here.
    expect(verdict.checks.flatMap((c) => c.fixes).some((f) => f.kind === 'refresh-credentials')).toBe(false);
    const fix: FixProposal = {
      kind: 'refresh-credentials',
      target: { kind: 'oauth-client', id: TARGET_CLIENT },
      reason: 'client edited',
    };

    // The integration's token, cached before the fix (the check's own probe token, already revoked, comes first).
    const probe = h.apis.forOrg(h.org)!.managed(TARGET_CLIENT)!;
    const earlier = [...h.sim.state.tokens.values()].filter((t) => t.clientId === TARGET_CLIENT).length;
    expect((await probe.ensureToken()).ok).toBe(true);
    const tokensOf = () => [...h.sim.state.tokens.values()].filter((t) => t.clientId === TARGET_CLIENT).slice(earlier);
    expect(tokensOf()).toHaveLength(1);
    const writesBefore = h.sim.writes.length;

    const requested = await h.service.requestFix({
      requesterSlackId: REQUESTER,
      org: 'acme',
      fix,
      verdictRef: refOf(verdict),
    });
    if (!requested.ok) throw new Error(requested.message);
    expect(requested.request.plan).toMatchObject({ kind: 'refresh-credentials', method: 'own-token' });
    const outcome = await h.service.approve(requested.request.id, ALICE);
    expect(outcome).toMatchObject({ ok: true, kind: 'applied', result: { result: 'changed' } });

    const tokens = tokensOf();
    expect(tokens).toHaveLength(2);
    expect(tokens[0]!.revoked).toBe(true);
    expect(tokens[1]!.revoked).toBe(false);
    expect(tokens[1]!.grants).toEqual(h.sim.state.clients.get(TARGET_CLIENT)!.roleDivisions);
    expect(h.sim.writes.slice(writesBefore).map((w) => [w.method, w.path])).toEqual([['DELETE', '/api/v2/tokens/me']]);
    expect(
      h.sim.requests.some(
        (r) => r.method === 'GET' && r.path === '/api/v2/tokens/me' && r.clientId === TARGET_CLIENT && r.status === 200,
      ),
    ).toBe(true);
    // The client's roles changed three minutes ago: within the documented five minutes the watch goes on (issue 21).
    expect(await actions(h, requested.request.id)).toEqual(['requested', 'approved', 'applying', 'applied']);
  });

  it('refuses to plan a refresh for a client sr-check holds no credentials for', async () => {
    const h = await harness('role-change-after-token');
    const verdict = await h.diagnose();
    const fix: FixProposal = {
      kind: 'refresh-credentials',
      target: { kind: 'oauth-client', id: TARGET_CLIENT },
      reason: 'client edited',
    };
    const outcome = await h.service.requestFix({
      requesterSlackId: REQUESTER,
      org: 'acme',
      fix,
      verdictRef: refOf(verdict),
    });
    expect(outcome).toMatchObject({ ok: false, code: 'unsupported' });
  });

  it("revokes a user's tokens with DELETE /api/v2/tokens/{userId}", async () => {
    const h = await harness('role-change-after-token');
    const userToken = h.sim.mintUserToken(WEB_CLIENT, LEE);
    const fix: FixProposal = {
      kind: 'refresh-credentials',
      target: { kind: 'user', id: LEE },
      reason: 'grant changed',
    };
    const requested = await h.service.requestFix({
      requesterSlackId: REQUESTER,
      org: 'acme',
      fix,
      verdictRef: refOf(await h.diagnose(), { user: LEE, client: WEB_CLIENT }),
    });
    if (!requested.ok) throw new Error(requested.message);
    expect(await h.service.approve(requested.request.id, BOB)).toMatchObject({ ok: true, kind: 'applied' });
    expect(h.sim.state.tokens.get(userToken)!.revoked).toBe(true);
    expect(h.sim.requests.filter((r) => r.method === 'DELETE').map((r) => [r.path, r.clientId])).toEqual([
      [`/api/v2/tokens/${LEE}`, FIXER_CLIENT],
    ]);
  });
});
