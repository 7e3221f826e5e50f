import { describe, expect, it } from 'vitest';
import { ApprovalService } from '../../../src/approvals/service';
import type { AppConfig, OrgConfig } from '../../../src/config/types';
import type { FixProposal } from '../../../src/diagnosis/verdict';
import { RevocationScheduler } from '../../../src/approvals/revocation-scheduler';
import type { FixApiSource } from '../../../src/fixes/apis';
import type { GenesysApi } from '../../../src/genesys/api';
import type { OAuthClient } from '../../../src/genesys/models';
import { ok } from '../../../src/genesys/result';
import { approvalUpkeep } from '../../../src/approvals/upkeep';
import { createLogger } from '../../../src/log';
import { SqliteStore } from '../../../src/store/sqlite-store';
import { unitOrg } from '../../support/orgs';

const baseOrg: OrgConfig = unitOrg({ approvers: { users: ['U0ALICE'] } });
const grant: FixProposal = {
  kind: 'grant-role',
  target: { kind: 'oauth-client', id: 'archiver' },
  roleId: 'viewer',
  roleName: 'Viewer',
  divisionId: '*',
  permission: 'recording:screenRecording:view',
  extraPermissions: 0,
  before: [],
  after: [{ roleId: 'viewer', divisionId: '*' }],
};
const verdictRef = { check: { org: 'acme', fresh: false }, overall: 'fail' as const, checkedAt: 1 };

function setup(
  options: {
    org?: Partial<OrgConfig>;
    putThrows?: boolean;
    diagnoseThrows?: boolean;
    /** The PUT waits for this before it lands (a slow Genesys). */
    putGate?: Promise<void>;
    applyHeartbeatMs?: number;
  } = {},
) {
  let clock = 1_000_000;
  let puts = 0;
  const org = { ...baseOrg, ...options.org };
  const config: AppConfig = { orgs: new Map([['acme', org]]), allowedChannels: [], source: 'test' };
  const client: OAuthClient = {
    id: 'archiver',
    name: 'Archiver',
    authorizedGrantType: 'CLIENT-CREDENTIALS',
    roleDivisions: [],
    dateModified: 'd1',
  };
  // The server-side review reads the role being granted (never an administration one) and the names it shows.
  const viewer = {
    id: 'viewer',
    name: 'Viewer',
    permissionPolicies: [{ domain: 'recording', entityName: 'screenRecording', actionSet: ['view'] }],
  };
  const api = {
    getRole: async () => ok(viewer),
    listRoles: async () => ok([viewer]),
    getHomeDivision: async () => ok({ id: 'home', name: 'Home' }),
    // Any other client is sr-check's fixer, holding the role it hands out (Terraform provider: "The roles must
    // also already be assigned to the OAuth Client used by Terraform").
    getOAuthClient: async (id: string) =>
      ok(
        id === client.id
          ? structuredClone(client)
          : { id, name: 'fixer', roleDivisions: [{ roleId: 'viewer', divisionId: '*' }] },
      ),
    putOAuthClient: async (next: OAuthClient) => {
      puts += 1;
      if (options.putThrows) throw new Error('bug in the client');
      await options.putGate;
      Object.assign(client, next);
      return ok(next);
    },
  } as unknown as GenesysApi;
  const apis: FixApiSource = {
    forOrg: (o) => (o.fixer ? { fixer: api, reader: api, managed: () => undefined } : undefined),
    close: async () => {},
  };
  const store = new SqliteStore({ path: ':memory:', now: () => clock });
  /** Another replica on the same store (reconcile runs on every replica). */
  const replica = (extra: { reconcileGraceMs?: number; applyHeartbeatMs?: number } = {}) =>
    new ApprovalService({
      store,
      config,
      apis,
      diagnoser: {
        diagnose: async () => {
          if (options.diagnoseThrows) throw new Error('boom');
          return { ok: false, message: 'Unknown org' };
        },
      },
      logger: createLogger({ name: 'approvals-unit' }),
      now: () => clock,
      ...(options.applyHeartbeatMs !== undefined ? { applyHeartbeatMs: options.applyHeartbeatMs } : {}),
      ...extra,
    });
  const service = replica();
  return {
    service,
    replica,
    store,
    client,
    config,
    apis,
    puts: () => puts,
    clock: () => clock,
    advance: (ms: number) => void (clock += ms),
  };
}

describe('ApprovalService.requestFix refusals', () => {
  it.each([
    ['an unknown org', {}, { org: 'globex' }, 'unknown-org'],
    ['an org without fixer credentials', { fixer: undefined }, {}, 'fixes-disabled'],
    ['an org without approvers', { approvers: { users: [] } }, {}, 'no-approvers'],
    ['an expiry beyond a week', {}, { expiresInHours: 24 * 8 }, 'invalid-request'],
    ['a zero expiry', {}, { expiresInHours: 0 }, 'invalid-request'],
    ['a negative time bound', {}, { ttlHours: -1 }, 'invalid-request'],
    [
      'a time bound on a scope',
      {},
      {
        ttlHours: 2,
        fix: {
          kind: 'add-scope',
          target: { kind: 'oauth-client', id: 'archiver' },
          scope: 'recordings',
          before: [],
          after: ['recordings'],
        },
      },
      'invalid-request',
    ],
  ] as const)('refuses %s', async (_name, org, input, code) => {
    const { service, store } = setup({ org: org as Partial<OrgConfig> });
    const outcome = await service.requestFix({
      requesterSlackId: 'U0REQ',
      org: 'acme',
      fix: grant,
      verdictRef,
      ...(input as object),
    });
    expect(outcome).toMatchObject({ ok: false, code });
    expect(await store.listApprovals()).toEqual([]);
    expect(await store.listAudit()).toEqual([]);
  });

  it('accepts an org whose only approvers are a user group', async () => {
    const { service } = setup({ org: { approvers: { users: [], userGroup: 'S0ADMINS' } } });
    expect(await service.requestFix({ requesterSlackId: 'U0REQ', org: 'acme', fix: grant, verdictRef })).toMatchObject({
      ok: true,
    });
    // No resolver configured: a group member cannot be recognised, so nobody outside `users` may approve.
    expect(await service.isApprover('acme', 'U0ANYONE')).toBe(false);
  });
});

describe('ApprovalService failures while applying', () => {
  it('records a bug while applying as failed instead of leaving the request applying', async () => {
    const { service } = setup({ putThrows: true });
    const requested = await service.requestFix({ requesterSlackId: 'U0REQ', org: 'acme', fix: grant, verdictRef });
    if (!requested.ok) throw new Error(requested.message);
    const outcome = await service.approve(requested.request.id, 'U0ALICE');
    expect(outcome).toMatchObject({
      ok: true,
      kind: 'failed',
      request: { state: 'failed' },
      reason: expect.stringMatching(/internal error/),
    });
  });

  it('still reports the applied change when the re-check cannot run', async () => {
    const { service, client } = setup({ diagnoseThrows: true });
    const requested = await service.requestFix({ requesterSlackId: 'U0REQ', org: 'acme', fix: grant, verdictRef });
    if (!requested.ok) throw new Error(requested.message);
    const outcome = await service.approve(requested.request.id, 'U0ALICE');
    expect(outcome).toMatchObject({ ok: true, kind: 'applied', recheck: { ok: false } });
    expect(client.roleDivisions).toEqual([{ roleId: 'viewer', divisionId: '*' }]);
  });

  it('keeps a trimmed deny reason and audits it', async () => {
    const { service, store } = setup();
    const requested = await service.requestFix({ requesterSlackId: 'U0REQ', org: 'acme', fix: grant, verdictRef });
    if (!requested.ok) throw new Error(requested.message);
    expect(await service.deny(requested.request.id, 'U0ALICE', '  change freeze  ')).toMatchObject({
      request: { reason: 'change freeze' },
    });
    expect((await store.listAudit())[0]).toMatchObject({
      action: 'denied',
      actor: 'U0ALICE',
      result: 'denied: change freeze',
    });
  });
});

describe('ApprovalService: one open request per change', () => {
  it('refuses a second request for the same grant (permanent after time-bound), naming the open one', async () => {
    const { service, store } = setup();
    const timed = await service.requestFix({
      requesterSlackId: 'U0REQ',
      org: 'acme',
      fix: grant,
      verdictRef,
      ttlHours: 8,
    });
    if (!timed.ok) throw new Error(timed.message);
    const second = await service.requestFix({ requesterSlackId: 'U0OTHER', org: 'acme', fix: grant, verdictRef });
    expect(second).toMatchObject({ ok: false, code: 'duplicate-request' });
    if (second.ok) return;
    expect(second.message).toContain(timed.request.id);
    expect(second.message).toMatch(/time-bound \(8 h\).*already pending/);
    expect(await store.listApprovals()).toHaveLength(1);
  });

  it('lets one of two simultaneous requests (a double click) through', async () => {
    const { service, store } = setup();
    const both = await Promise.all([
      service.requestFix({ requesterSlackId: 'U0REQ', org: 'acme', fix: grant, verdictRef }),
      service.requestFix({ requesterSlackId: 'U0REQ', org: 'acme', fix: grant, verdictRef, ttlHours: 8 }),
    ]);
    expect(both.filter((o) => o.ok)).toHaveLength(1);
    expect(both.filter((o) => !o.ok && o.code === 'duplicate-request')).toHaveLength(1);
    expect(await store.listApprovals()).toHaveLength(1);
  });

  it('allows the change again once the open request is decided or expired, and other changes meanwhile', async () => {
    const { service, advance } = setup();
    const first = await service.requestFix({
      requesterSlackId: 'U0REQ',
      org: 'acme',
      fix: grant,
      verdictRef,
      expiresInHours: 1,
    });
    if (!first.ok) throw new Error(first.message);
    const otherRole: FixProposal = {
      ...grant,
      roleId: 'auditor',
      roleName: 'Auditor',
      after: [{ roleId: 'auditor', divisionId: '*' }],
    } as FixProposal;
    expect(
      await service.requestFix({ requesterSlackId: 'U0REQ', org: 'acme', fix: otherRole, verdictRef }),
    ).toMatchObject({ ok: true });
    advance(3_600_000); // the first request is past its expiry (not yet swept by expireDue)
    const again = await service.requestFix({ requesterSlackId: 'U0REQ', org: 'acme', fix: grant, verdictRef });
    expect(again).toMatchObject({ ok: true });
    expect((await service.get(first.request.id))?.state).toBe('expired');
    if (!again.ok) return;
    await service.deny(again.request.id, 'U0ALICE');
    advance(60_000);
    expect(await service.requestFix({ requesterSlackId: 'U0REQ', org: 'acme', fix: grant, verdictRef })).toMatchObject({
      ok: true,
    });
  });
});

describe('ApprovalService: a repeat request soon after a decision (issue 14)', () => {
  it('is accepted within 30 s of a deny or a failure, not refused as "being made right now"', async () => {
    const { service, advance } = setup();
    const first = await service.requestFix({ requesterSlackId: 'U0REQ', org: 'acme', fix: grant, verdictRef });
    if (!first.ok) throw new Error(first.message);
    await service.deny(first.request.id, 'U0ALICE');
    advance(5_000);
    const second = await service.requestFix({ requesterSlackId: 'U0REQ', org: 'acme', fix: grant, verdictRef });
    expect(second).toMatchObject({ ok: true });
  });

  it('is accepted after a double click whose second request found the first already stored', async () => {
    const { service, store, advance } = setup();
    const claim = store.claim.bind(store);
    let waiting = false;
    let letThrough!: () => void;
    const gate = new Promise<void>((resolve) => (letThrough = resolve));
    let claims = 0;
    // The second click passed the open-request test and reaches its claim only once the first is stored.
    store.claim = async (key, ttl) => {
      if (++claims === 1) {
        waiting = true;
        await gate;
      }
      return claim(key, ttl);
    };
    const late = service.requestFix({ requesterSlackId: 'U0REQ', org: 'acme', fix: grant, verdictRef });
    while (!waiting) await new Promise((r) => setTimeout(r, 1));
    const first = await service.requestFix({ requesterSlackId: 'U0REQ', org: 'acme', fix: grant, verdictRef });
    if (!first.ok) throw new Error(first.message);
    letThrough();
    expect(await late).toMatchObject({ ok: false, code: 'duplicate-request' });
    await service.deny(first.request.id, 'U0ALICE');
    advance(5_000);
    expect(await service.requestFix({ requesterSlackId: 'U0REQ', org: 'acme', fix: grant, verdictRef })).toMatchObject({
      ok: true,
    });
  });
});

describe('ApprovalService: a permanent grant supersedes a time-bound one', () => {
  /** A time-bound and a permanent request for one grant, as could be stored before requests were de-duplicated. */
  async function twoRequests(s: ReturnType<typeof setup>) {
    const timed = await s.service.requestFix({
      requesterSlackId: 'U0REQ',
      org: 'acme',
      fix: grant,
      verdictRef,
      ttlHours: 8,
    });
    if (!timed.ok) throw new Error(timed.message);
    const permanent = { ...timed.request, id: 'permanent-1' };
    delete permanent.ttlHours;
    await s.store.createApproval(permanent);
    const applied = await s.service.approve(timed.request.id, 'U0ALICE');
    if (!applied.ok || applied.kind !== 'applied' || !applied.revocation)
      throw new Error('time-bound grant not applied');
    return { timed: timed.request, permanent, revocation: applied.revocation };
  }
  const scheduler = (s: ReturnType<typeof setup>, now: () => number) =>
    new RevocationScheduler({
      store: s.store,
      config: s.config,
      apis: s.apis,
      logger: createLogger({ name: 'approvals-unit' }),
      now,
    });

  it('a permanent no-op after a time-bound grant keeps the grant when the time bound runs out', async () => {
    const s = setup();
    const { revocation } = await twoRequests(s);
    const outcome = await s.service.approve('permanent-1', 'U0ALICE');
    expect(outcome).toMatchObject({
      ok: true,
      kind: 'applied',
      result: { result: 'no-op', detail: expect.stringMatching(/revocation .* is cancelled: the grant stays/) },
    });
    expect((await s.store.listAudit()).map((e) => e.action)).toContain('revocation-superseded');

    s.advance(9 * 3_600_000);
    expect(await scheduler(s, s.clock).runDue()).toEqual([]);
    expect(s.client.roleDivisions).toEqual([{ roleId: 'viewer', divisionId: '*' }]);
    expect(await s.store.getRevocation(revocation.id)).toMatchObject({
      state: 'done',
      detail: expect.stringMatching(/superseded by a permanent grant/),
    });
  });

  it('finishes an already-due revocation as superseded at once', async () => {
    const s = setup();
    const { revocation } = await twoRequests(s);
    s.advance(8 * 3_600_000);
    expect(await s.service.approve('permanent-1', 'U0ALICE')).toMatchObject({ ok: true, kind: 'applied' });
    expect(await s.store.getRevocation(revocation.id)).toMatchObject({
      state: 'done',
      detail: 'superseded by a permanent grant (request permanent-1)',
    });
    expect(s.client.roleDivisions).toEqual([{ roleId: 'viewer', divisionId: '*' }]);
  });
});

describe('ApprovalService marks a request alive while it applies', () => {
  const until = async (done: () => Promise<boolean>) => {
    for (let i = 0; i < 500 && !(await done()); i++) await new Promise((r) => setTimeout(r, 5));
    if (!(await done())) throw new Error('timed out');
  };

  it('a slow apply on one replica is never reconciled by another, however long it takes; it is written once', async () => {
    let land!: () => void;
    const s = setup({ putGate: new Promise<void>((resolve) => (land = resolve)), applyHeartbeatMs: 5 });
    const other = s.replica({ reconcileGraceMs: 30_000 });
    const requested = await s.service.requestFix({ requesterSlackId: 'U0REQ', org: 'acme', fix: grant, verdictRef });
    if (!requested.ok) throw new Error(requested.message);
    const id = requested.request.id;
    const approving = s.service.approve(id, 'U0ALICE');
    await until(async () => s.puts() === 1);
    // Ten minutes pass (on the clock) while Genesys holds the write; the applying replica keeps marking it.
    for (let minute = 0; minute < 10; minute++) {
      s.advance(60_000);
      const marked = s.clock();
      await until(async () => (await s.store.getApproval(id))!.updatedAt === marked);
      expect(await other.reconcile()).toEqual([]);
    }
    land();
    expect(await approving).toMatchObject({ ok: true, kind: 'applied', request: { state: 'applied' } });
    expect(s.puts()).toBe(1);
    expect(s.client.roleDivisions).toEqual([{ roleId: 'viewer', divisionId: '*' }]);
  });

  it('stops marking once the apply ends', async () => {
    const s = setup({ applyHeartbeatMs: 5 });
    const requested = await s.service.requestFix({ requesterSlackId: 'U0REQ', org: 'acme', fix: grant, verdictRef });
    if (!requested.ok) throw new Error(requested.message);
    await s.service.approve(requested.request.id, 'U0ALICE');
    const appliedAt = (await s.store.getApproval(requested.request.id))!.updatedAt;
    s.advance(60_000);
    await new Promise((r) => setTimeout(r, 40));
    expect((await s.store.getApproval(requested.request.id))!.updatedAt).toBe(appliedAt);
  });

  it('a request a stopped process left applying is due for reconcile exactly one grace after its last mark', async () => {
    const s = setup();
    const requested = await s.service.requestFix({ requesterSlackId: 'U0REQ', org: 'acme', fix: grant, verdictRef });
    if (!requested.ok) throw new Error(requested.message);
    await s.store.transition(requested.request.id, ['pending'], 'approved', { decidedBy: 'U0ALICE' });
    await s.store.transition(requested.request.id, ['approved'], 'applying');
    const restarted = s.replica({ reconcileGraceMs: 45_000 });
    expect(await restarted.nextReconcileAt()).toBe(s.clock() + 45_000);
    s.advance(44_999);
    expect(await restarted.reconcile()).toEqual([]);
    s.advance(1);
    expect(await restarted.reconcile()).toMatchObject([
      { resolution: 'failed', request: { id: requested.request.id, state: 'failed' } },
    ]);
    expect(await restarted.nextReconcileAt()).toBeUndefined();
  });
});

describe('ApprovalService.reconcile of a time-bound grant found made', () => {
  it('marks it applied and schedules its revocation from when it was applied', async () => {
    const s = setup();
    const requested = await s.service.requestFix({
      requesterSlackId: 'U0REQ',
      org: 'acme',
      fix: grant,
      verdictRef,
      ttlHours: 2,
    });
    if (!requested.ok) throw new Error(requested.message);
    await s.store.transition(requested.request.id, ['pending'], 'approved', { decidedBy: 'U0ALICE' });
    await s.store.transition(requested.request.id, ['approved'], 'applying');
    const applyingAt = s.clock();
    // The PUT went through; the process died before recording it.
    s.client.roleDivisions = [{ roleId: 'viewer', divisionId: '*' }];
    s.advance(10 * 60_000);
    const [outcome] = await s.service.reconcile();
    expect(outcome).toMatchObject({
      resolution: 'applied',
      request: { state: 'applied' },
      reason: expect.stringMatching(/revoked automatically at/),
    });
    expect(outcome?.revocation).toMatchObject({
      state: 'scheduled',
      dueAt: applyingAt + 2 * 3_600_000,
      requestId: requested.request.id,
    });
    expect((await s.store.listAudit()).map((e) => e.action)).toContain('revocation-scheduled');
    expect(await s.store.dueRevocations(applyingAt + 2 * 3_600_000)).toHaveLength(1);
  });
});

describe('ApprovalService: a time-bound grant never loses its revocation', () => {
  const HOUR = 3_600_000;
  const scheduler = (s: ReturnType<typeof setup>) =>
    new RevocationScheduler({
      store: s.store,
      config: s.config,
      apis: s.apis,
      logger: createLogger({ name: 'approvals-unit' }),
      now: s.clock,
    });
  /** Every upkeep pass (expiry, reconcile) as src/index.ts runs it. */
  const upkeep = (s: ReturnType<typeof setup>) =>
    approvalUpkeep(
      { expireDue: () => s.service.expireDue(), announceReconciled: async () => {}, service: s.service },
      createLogger({ name: 'approvals-unit' }),
    );
  async function timeBound(s: ReturnType<typeof setup>, ttlHours = 8) {
    const requested = await s.service.requestFix({
      requesterSlackId: 'U0REQ',
      org: 'acme',
      fix: grant,
      verdictRef,
      ttlHours,
    });
    if (!requested.ok) throw new Error(requested.message);
    return requested.request;
  }
  /** What a process killed (or refused by the store) right after storing `applied` left, before this fix. */
  async function appliedWithoutRevocation(s: ReturnType<typeof setup>, ttlHours: number) {
    const request = await timeBound(s, ttlHours);
    await s.store.transition(request.id, ['pending'], 'approved', { decidedBy: 'U0ALICE' });
    await s.store.transition(request.id, ['approved'], 'applying');
    s.client.roleDivisions = [{ roleId: 'viewer', divisionId: '*' }];
    const at = s.clock();
    await s.store.transition(request.id, ['applying'], 'applied', {
      result: { status: 'applied', result: 'changed', detail: 'granted', at, after: undefined },
    });
    return { request, at };
  }

  it('is scheduled before `applied` is stored: a store error in the audit write after the grant leaves both', async () => {
    const s = setup();
    const request = await timeBound(s, 8);
    const append = s.store.appendAudit.bind(s.store);
    s.store.appendAudit = async (entry) => {
      if (entry.action === 'applied') throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
      return append(entry);
    };
    const appliedAt = s.clock();
    await expect(s.service.approve(request.id, 'U0ALICE')).rejects.toThrow(/database is locked/);
    expect(s.client.roleDivisions).toEqual([{ roleId: 'viewer', divisionId: '*' }]);
    expect(await s.store.getApproval(request.id)).toMatchObject({ state: 'applied', ttlHours: 8 });
    const revocations = await s.store.dueRevocations(Number.MAX_SAFE_INTEGER);
    expect(revocations).toEqual([
      expect.objectContaining({ requestId: request.id, state: 'scheduled', dueAt: appliedAt + 8 * HOUR }),
    ]);
    expect((await s.store.listAudit()).map((e) => e.action)).toContain('revocation-scheduled');

    // Later upkeep passes leave it as it is (one revocation), and it is revoked when due.
    s.advance(10 * 60_000);
    await upkeep(s)();
    expect(await s.store.dueRevocations(Number.MAX_SAFE_INTEGER)).toHaveLength(1);
    s.advance(8 * HOUR);
    expect((await scheduler(s).runDue()).map((e) => e.outcome)).toEqual(['revoked']);
    expect(s.client.roleDivisions).toEqual([]);
  });

  it('leaves no revocation after a failed apply', async () => {
    const s = setup({ putThrows: true });
    const request = await timeBound(s, 8);
    expect(await s.service.approve(request.id, 'U0ALICE')).toMatchObject({ kind: 'failed' });
    expect(await s.store.dueRevocations(Number.MAX_SAFE_INTEGER)).toEqual([]);
    s.advance(10 * 60_000);
    await upkeep(s)();
    expect(await s.store.dueRevocations(Number.MAX_SAFE_INTEGER)).toEqual([]);
  });

  it('a request stored applied without its revocation (a crash) gets it from upkeep, due from the apply, audited', async () => {
    const s = setup();
    const { request, at } = await appliedWithoutRevocation(s, 8);
    s.advance(10 * 60_000);
    await upkeep(s)();
    const revocations = await s.store.dueRevocations(Number.MAX_SAFE_INTEGER);
    expect(revocations).toEqual([
      expect.objectContaining({ requestId: request.id, state: 'scheduled', dueAt: at + 8 * HOUR }),
    ]);
    const scheduled = (await s.store.listAudit()).filter((e) => e.action === 'revocation-scheduled');
    expect(scheduled).toEqual([
      expect.objectContaining({ requestId: request.id, result: expect.stringMatching(/scheduled late/) }),
    ]);
    // Once only.
    s.advance(10 * 60_000);
    await upkeep(s)();
    expect(await s.store.dueRevocations(Number.MAX_SAFE_INTEGER)).toHaveLength(1);

    s.advance(8 * HOUR);
    expect((await scheduler(s).runDue()).map((e) => e.outcome)).toEqual(['revoked']);
    expect(s.client.roleDivisions).toEqual([]);
  });

  it('an overdue one found by upkeep is revoked by the next scheduler pass', async () => {
    const s = setup();
    const { request } = await appliedWithoutRevocation(s, 1);
    s.advance(3 * HOUR);
    await upkeep(s)();
    expect((await s.store.listAudit()).find((e) => e.action === 'revocation-scheduled')?.result).toMatch(/overdue/);
    expect((await scheduler(s).runDue()).map((e) => [e.revocation.requestId, e.outcome])).toEqual([
      [request.id, 'revoked'],
    ]);
    expect(s.client.roleDivisions).toEqual([]);
  });

  it('a repaired one is not revoked when a permanent grant of the same role was applied after it', async () => {
    const s = setup();
    const { request } = await appliedWithoutRevocation(s, 1);
    s.advance(60_000);
    const permanent = { ...request, id: 'permanent-1', state: 'pending' as const, updatedAt: s.clock() };
    delete permanent.ttlHours;
    delete permanent.result;
    delete permanent.decidedBy;
    await s.store.createApproval(permanent);
    expect(await s.service.approve('permanent-1', 'U0ALICE')).toMatchObject({ kind: 'applied' });
    s.advance(10 * 60_000);
    await upkeep(s)();
    expect(await s.store.dueRevocations(Number.MAX_SAFE_INTEGER)).toHaveLength(1);
    s.advance(2 * HOUR);
    expect(await scheduler(s).runDue()).toEqual([]);
    expect(s.client.roleDivisions).toEqual([{ roleId: 'viewer', divisionId: '*' }]);
    expect((await s.store.listAudit()).map((e) => e.action)).toContain('revocation-superseded');
  });

  it('does not repair a no-op: a grant that was there before is never revoked', async () => {
    const s = setup();
    const { request } = await appliedWithoutRevocation(s, 1);
    await s.store.transition(request.id, ['applied'], 'applied', {
      result: { status: 'applied', result: 'no-op', detail: 'already there', at: s.clock(), after: undefined },
    });
    s.advance(3 * HOUR);
    await upkeep(s)();
    expect(await s.store.dueRevocations(Number.MAX_SAFE_INTEGER)).toEqual([]);
  });
});

describe('ApprovalService refusal messages', () => {
  it('says who decided a request already decided in plain text, without Slack markup', async () => {
    const { service } = setup();
    const requested = await service.requestFix({ requesterSlackId: 'U0REQ', org: 'acme', fix: grant, verdictRef });
    if (!requested.ok) throw new Error(requested.message);
    await service.deny(requested.request.id, 'U0ALICE');
    const again = await service.approve(requested.request.id, 'U0ALICE');
    expect(again).toMatchObject({ ok: false, code: 'not-pending', request: { decidedBy: 'U0ALICE' } });
    if (again.ok) return;
    expect(again.message).toBe('This fix request is already denied by Slack user U0ALICE.');
    expect(again.message).not.toMatch(/[<>]/);
  });
});
