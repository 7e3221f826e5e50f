/**
 * The store contracts, one per port the domain declares (approvals/ports.ts, store/types.ts): every implementation
 * (SQLite, PostgreSQL) runs them all through storeContract('SqliteStore', async ({ now }) => ({ store, openSibling, dispose })).
 * `now` is the clock the store must use for every time it writes or compares (TTL, leases, updatedAt);
 * `openSibling` opens a second Store on the same database, as another process or replica would.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type {
  ApprovalRequestStore,
  AuditLog,
  ClaimStore,
  LastVerdictStore,
  NotificationOutbox,
  PropagationWatchStore,
  RevocationStore,
  SavedRequestStore,
  StatusNoticeStore,
  Store,
} from '../../src/store/types';
import type { ApprovalRequest, NewWatch } from '../../src/approvals/types';
import type { ScheduledRevocation } from '../../src/fixes/types';
import type { FixPlan } from '../../src/fixes/plan';

export interface StoreHandle<S = Store> {
  store: S;
  openSibling(): Promise<S & Pick<Store, 'close'>>;
  dispose(): Promise<void>;
}

export type MakeStore<S = Store> = (options: { now: () => number }) => Promise<StoreHandle<S>>;

const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);
/** The clock every store of these suites reads; open() resets it, tests move it on. Tests in a file run one by one. */
let clock = T0;
const now = () => clock;

/** Opens stores for one suite and closes them (and their siblings) after each test. */
function stores<S>(makeStore: MakeStore<S>) {
  const handles: StoreHandle<S>[] = [];
  const siblings: Array<Pick<Store, 'close'>> = [];
  const open = async () => {
    clock = T0;
    const handle = await makeStore({ now });
    handles.push(handle);
    return handle;
  };
  afterEach(async () => {
    for (const s of siblings.splice(0)) await s.close();
    for (const h of handles.splice(0)) await h.dispose();
  });
  return { open, siblings };
}
let sequence = 0;

export function samplePlan(overrides: Partial<Extract<FixPlan, { kind: 'grant-role' }>> = {}): FixPlan {
  return {
    kind: 'grant-role',
    org: 'acme',
    target: { kind: 'oauth-client', id: '09f08c5e-1262-478b-9a02-ada5263d5d40' },
    targetName: 'Archiver',
    summary: 'Grant role "Screen Recording Viewer" in division "Home" to OAuth client "Archiver"',
    tests: { alreadyFixed: 'holds it', changedSincePlan: 'dateModified differs' },
    roleId: '39f38e94-aac1-40e1-9358-09a68f3a8563',
    roleName: 'Screen Recording Viewer',
    divisionId: '*',
    permission: 'recording:screenRecording:view',
    before: [{ roleId: 'b5279d78-1973-4420-817f-aaad11e71b30', divisionId: '*' }],
    after: [
      { roleId: 'b5279d78-1973-4420-817f-aaad11e71b30', divisionId: '*' },
      { roleId: '39f38e94-aac1-40e1-9358-09a68f3a8563', divisionId: '*' },
    ],
    basis: { dateModified: '2025-01-08T12:00:00.000Z' },
    ...overrides,
  };
}

export function sampleRequest(now: number, overrides: Partial<ApprovalRequest> = {}): ApprovalRequest {
  sequence += 1;
  return {
    id: `req-${sequence}-${Math.random().toString(36).slice(2, 8)}`,
    org: 'acme',
    state: 'pending',
    requesterSlackId: 'U0REQUESTER',
    plan: samplePlan(),
    verdictRef: { check: { org: 'acme', fresh: false }, overall: 'fail', checkedAt: now - 1000 },
    createdAt: now,
    expiresAt: now + 24 * 3_600_000,
    updatedAt: now,
    ...overrides,
  };
}

export function sampleWatch(now: number, overrides: Partial<NewWatch> = {}): NewWatch {
  sequence += 1;
  return {
    id: `watch-${sequence}-${Math.random().toString(36).slice(2, 8)}`,
    requestId: `req-${sequence}-${Math.random().toString(36).slice(2, 8)}`,
    org: 'acme',
    check: { org: 'acme', client: '09f08c5e-1262-478b-9a02-ada5263d5d40', fresh: true },
    startedAt: now,
    nextRunAt: now,
    ...overrides,
  };
}

/** The NotificationOutbox port, on `name`'s backend. */
export function notificationOutboxContract(
  name: string,
  makeStore: MakeStore<NotificationOutbox & ApprovalRequestStore>,
): void {
  describe(`NotificationOutbox contract: ${name}`, () => {
    const { open, siblings } = stores(makeStore);

    describe('Slack notification outbox', () => {
      it('lists settled requests whose messages do not show their state yet, gives each to one claimer, and forgets it once notified', async () => {
        const handle = await open();
        const { store } = handle;
        const sibling = await handle.openSibling();
        siblings.push(sibling);
        const told = sampleRequest(clock);
        const untold = sampleRequest(clock);
        await store.createApproval(told);
        await store.createApproval(untold);
        expect(await store.claimNotification(told.id, 'pending', 'a0', 60_000)).toBe(true);
        expect(await store.markNotified(told.id, 'pending', 'a0')).toBe(true);
        clock += 60_000;
        expect((await store.pendingNotifications(clock - 30_000, 10)).map((p) => p.request.id)).toEqual([untold.id]);
        // Too recent: the live path is still telling Slack.
        expect(await store.pendingNotifications(clock - 120_000, 10)).toEqual([]);

        expect(await store.claimNotification(untold.id, 'pending', 'a', 60_000)).toBe(true);
        expect(await sibling.claimNotification(untold.id, 'pending', 'b', 60_000)).toBe(false);
        expect(await store.pendingNotifications(clock, 10)).toEqual([]); // leased
        expect(await store.markNotified(untold.id, 'pending', 'a')).toBe(true);
        expect(await sibling.claimNotification(untold.id, 'pending', 'b', 60_000)).toBe(false); // already told

        // A state change makes it pending again, with what Slack showed last.
        expect(await store.transition(told.id, ['pending'], 'denied', { decidedBy: 'U0ALICE' })).toBe(true);
        clock += 60_000;
        const [again] = await store.pendingNotifications(clock, 10);
        expect(again).toMatchObject({ request: { id: told.id, state: 'denied' }, notifiedState: 'pending' });
        // A claim for a state the request is no longer in fails.
        expect(await store.claimNotification(told.id, 'pending', 'a', 60_000)).toBe(false);
        expect(await store.claimNotification(told.id, 'denied', 'a', 60_000)).toBe(true);
        // A lapsed lease can be taken over.
        clock += 61_000;
        expect(await sibling.claimNotification(told.id, 'denied', 'b', 60_000)).toBe(true);
        expect(await sibling.markNotified(told.id, 'denied', 'b')).toBe(true);
        expect(await store.pendingNotifications(clock, 10)).toEqual([]);
      });

      it('records a told state only for the claim holding the lease, so a slower pass never moves it backwards', async () => {
        const handle = await open();
        const { store } = handle;
        const sibling = await handle.openSibling();
        siblings.push(sibling);
        const request = sampleRequest(clock);
        await store.createApproval(request);
        // Nobody claimed it: nothing is recorded.
        expect(await store.markNotified(request.id, 'pending', 'nobody')).toBe(false);
        expect(await store.claimNotification(request.id, 'pending', 'slow', 60_000)).toBe(true);
        expect(await sibling.markNotified(request.id, 'pending', 'other')).toBe(false);
        // The slow pass is still telling "pending" when the request is denied and its lease lapses; another takes it.
        expect(await store.transition(request.id, ['pending'], 'denied', { decidedBy: 'U0ALICE' })).toBe(true);
        clock += 61_000;
        expect(await sibling.claimNotification(request.id, 'denied', 'fast', 60_000)).toBe(true);
        expect(await sibling.markNotified(request.id, 'denied', 'fast')).toBe(true);
        // The slow pass finishes last: "denied" stays recorded, nothing is to tell.
        expect(await store.markNotified(request.id, 'pending', 'slow')).toBe(false);
        clock += 60_000;
        expect(await store.pendingNotifications(clock, 10)).toEqual([]);
        expect(await store.claimNotification(request.id, 'denied', 'again', 60_000)).toBe(false);
      });

      it('a released lease records nothing and can be taken at once', async () => {
        const handle = await open();
        const { store } = handle;
        const sibling = await handle.openSibling();
        siblings.push(sibling);
        const request = sampleRequest(clock);
        await store.createApproval(request);
        expect(await store.claimNotification(request.id, 'pending', 'a', 60_000)).toBe(true);
        await sibling.releaseNotification(request.id, 'someone-else'); // not theirs: still held
        expect(await sibling.claimNotification(request.id, 'pending', 'b', 60_000)).toBe(false);
        await store.releaseNotification(request.id, 'a');
        expect(await store.markNotified(request.id, 'pending', 'a')).toBe(false);
        expect(await sibling.claimNotification(request.id, 'pending', 'b', 60_000)).toBe(true);
        expect(await sibling.markNotified(request.id, 'pending', 'b')).toBe(true);
      });
    });
  });
}

/** The Store readiness port, on `name`'s backend. */
export function readinessContract(name: string, makeStore: MakeStore<Pick<Store, 'ping'>>): void {
  describe(`Store readiness contract: ${name}`, () => {
    const { open } = stores(makeStore);

    describe('readiness', () => {
      it('ping answers while the store is open and rejects once it is closed (/readyz asks it)', async () => {
        const sibling = await (await open()).openSibling();
        await expect(sibling.ping()).resolves.toBeUndefined();
        await sibling.close();
        await expect(sibling.ping()).rejects.toThrow();
      });
    });
  });
}

/** The ApprovalRequestStore port, on `name`'s backend. */
export function approvalRequestContract(name: string, makeStore: MakeStore<ApprovalRequestStore>): void {
  describe(`ApprovalRequestStore contract: ${name}`, () => {
    const { open, siblings } = stores(makeStore);

    describe('approval requests', () => {
      it('stores a request and reads it back whole; unknown ids are undefined', async () => {
        const { store } = await open();
        const request = sampleRequest(clock, {
          thread: { channel: 'C0SUPPORT', ts: '1712345678.000100' },
          ttlHours: 4,
        });
        await store.createApproval(request);
        expect(await store.getApproval(request.id)).toEqual(request);
        expect(await store.getApproval('no-such-request')).toBeUndefined();
      });

      it('refuses a second request with the same id', async () => {
        const { store } = await open();
        const request = sampleRequest(clock);
        await store.createApproval(request);
        await expect(store.createApproval(request)).rejects.toThrow();
      });

      it('lists by org and state, newest first, with a limit and updatedBefore', async () => {
        const { store } = await open();
        const a = sampleRequest(clock, { org: 'acme', createdAt: clock, updatedAt: clock });
        const b = sampleRequest(clock, { org: 'acme', createdAt: clock + 1, updatedAt: clock + 1, state: 'denied' });
        const c = sampleRequest(clock, { org: 'globex', createdAt: clock + 2, updatedAt: clock + 2 });
        for (const r of [a, b, c]) await store.createApproval(r);
        expect((await store.listApprovals()).map((r) => r.id)).toEqual([c.id, b.id, a.id]);
        expect((await store.listApprovals({ org: 'acme' })).map((r) => r.id)).toEqual([b.id, a.id]);
        expect((await store.listApprovals({ states: ['pending'] })).map((r) => r.id)).toEqual([c.id, a.id]);
        expect(
          (await store.listApprovals({ org: 'acme', states: ['pending', 'denied'], limit: 1 })).map((r) => r.id),
        ).toEqual([b.id]);
        expect(await store.listApprovals({ states: [] })).toEqual([]);
        expect((await store.listApprovals({ updatedBefore: clock + 2 })).map((r) => r.id)).toEqual([b.id, a.id]);
      });

      it('transitions only from the named states, applying the patch and stamping updatedAt', async () => {
        const { store } = await open();
        const request = sampleRequest(clock);
        await store.createApproval(request);
        clock += 5000;
        expect(await store.transition(request.id, ['approved'], 'applying')).toBe(false);
        expect(await store.transition(request.id, ['pending'], 'approved', { decidedBy: 'U0APPROVER' })).toBe(true);
        expect(await store.transition(request.id, ['pending'], 'approved', { decidedBy: 'U0OTHER' })).toBe(false);
        const stored = await store.getApproval(request.id);
        expect(stored).toMatchObject({ state: 'approved', decidedBy: 'U0APPROVER', updatedAt: T0 + 5000 });
        const result = { status: 'failed' as const, reason: 'changed since the check; re-run it', at: clock };
        expect(
          await store.transition(request.id, ['approved', 'applying'], 'failed', { reason: result.reason, result }),
        ).toBe(true);
        expect(await store.getApproval(request.id)).toMatchObject({
          state: 'failed',
          reason: result.reason,
          result,
          decidedBy: 'U0APPROVER',
        });
        expect(await store.transition('no-such-request', ['pending'], 'approved')).toBe(false);
        expect(await store.transition(request.id, [], 'approved')).toBe(false);
      });

      it('lets exactly one of 20 concurrent transitions win, across two stores on one database', async () => {
        const handle = await open();
        const sibling = await handle.openSibling();
        siblings.push(sibling);
        const request = sampleRequest(clock);
        await handle.store.createApproval(request);
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            (i % 2 ? sibling : handle.store).transition(request.id, ['pending'], 'approved', {
              decidedBy: `U0APPROVER${i}`,
            }),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        const winner = results.indexOf(true);
        expect((await sibling.getApproval(request.id))?.decidedBy).toBe(`U0APPROVER${winner}`);
      });

      it('a sibling store sees requests and state changes made by the other', async () => {
        const handle = await open();
        const sibling = await handle.openSibling();
        siblings.push(sibling);
        const request = sampleRequest(clock);
        await handle.store.createApproval(request);
        expect(await sibling.getApproval(request.id)).toEqual(request);
        expect(await sibling.transition(request.id, ['pending'], 'denied', { decidedBy: 'U0X', reason: 'no' })).toBe(
          true,
        );
        expect((await handle.store.getApproval(request.id))?.state).toBe('denied');
      });
    });
  });
}

/** The AuditLog port, on `name`'s backend. */
export function auditLogContract(name: string, makeStore: MakeStore<AuditLog>): void {
  describe(`AuditLog contract: ${name}`, () => {
    const { open } = stores(makeStore);

    describe('audit log', () => {
      it('appends entries with an id and time, and lists them newest first with org, since and limit filters', async () => {
        const { store } = await open();
        const plan = samplePlan();
        const first = await store.appendAudit({
          org: 'acme',
          actor: 'U0REQUESTER',
          action: 'requested',
          requestId: 'req-1',
          target: plan.target,
          summary: plan.summary,
          plan,
          before: [{ roleId: 'a', divisionId: '*' }],
          after: [
            { roleId: 'a', divisionId: '*' },
            { roleId: 'b', divisionId: '*' },
          ],
          result: 'pending',
        });
        expect(first).toMatchObject({ at: T0, org: 'acme', action: 'requested' });
        expect(typeof first.id).toBe('number');
        clock += 60_000;
        await store.appendAudit({ org: 'globex', actor: 'system', action: 'expired', summary: 'x' });
        clock += 60_000;
        const third = await store.appendAudit({ org: 'acme', actor: 'U0APPROVER', action: 'approved', summary: 'y' });

        const all = await store.listAudit();
        expect(all.map((e) => e.action)).toEqual(['approved', 'expired', 'requested']);
        expect(all[2]).toEqual(first);
        expect(all[0]).toEqual(third);
        expect(all[0]!.before).toBeUndefined();
        expect((await store.listAudit({ org: 'acme' })).map((e) => e.action)).toEqual(['approved', 'requested']);
        expect((await store.listAudit({ since: T0 + 60_000 })).map((e) => e.action)).toEqual(['approved', 'expired']);
        expect((await store.listAudit({ limit: 1 })).map((e) => e.action)).toEqual(['approved']);
        expect(await store.listAudit({ org: 'nobody' })).toEqual([]);
      });

      it('keeps entries in the order they were appended when times are equal', async () => {
        const { store } = await open();
        for (const action of ['a', 'b', 'c'])
          await store.appendAudit({ org: 'acme', actor: 'system', action, summary: action });
        expect((await store.listAudit()).map((e) => e.action)).toEqual(['c', 'b', 'a']);
      });
    });
  });
}

/** The ClaimStore port, on `name`'s backend. */
export function claimContract(name: string, makeStore: MakeStore<ClaimStore>): void {
  describe(`ClaimStore contract: ${name}`, () => {
    const { open, siblings } = stores(makeStore);

    describe('idempotency keys', () => {
      it('gives a key to its first claimer only, until the TTL passes', async () => {
        const handle = await open();
        const sibling = await handle.openSibling();
        siblings.push(sibling);
        expect(await handle.store.claim('evt:Ev123', 60)).toBe(true);
        expect(await handle.store.claim('evt:Ev123', 60)).toBe(false);
        expect(await sibling.claim('evt:Ev123', 60)).toBe(false);
        expect(await sibling.claim('evt:Ev456', 60)).toBe(true);
        clock += 59_000;
        expect(await handle.store.claim('evt:Ev123', 60)).toBe(false);
        clock += 1_000;
        expect(await sibling.claim('evt:Ev123', 60)).toBe(true);
        expect(await handle.store.claim('evt:Ev123', 60)).toBe(false);
      });

      it('releaseClaim ends a claim before its TTL, for every replica, and touches no other key', async () => {
        const handle = await open();
        const sibling = await handle.openSibling();
        siblings.push(sibling);
        expect(await handle.store.claim('approvals:request:a', 30)).toBe(true);
        expect(await handle.store.claim('approvals:request:b', 30)).toBe(true);
        await handle.store.releaseClaim('approvals:request:a');
        expect(await sibling.claim('approvals:request:a', 30)).toBe(true);
        expect(await sibling.claim('approvals:request:b', 30)).toBe(false);
        await sibling.releaseClaim('never-claimed');
      });

      it('lets exactly one of many concurrent claims of a key win', async () => {
        const handle = await open();
        const sibling = await handle.openSibling();
        siblings.push(sibling);
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => (i % 2 ? sibling : handle.store).claim('action:A1', 300)),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
      });
    });
  });
}

/** The SavedRequestStore port, on `name`'s backend. */
export function savedRequestContract(name: string, makeStore: MakeStore<SavedRequestStore>): void {
  describe(`SavedRequestStore contract: ${name}`, () => {
    const { open } = stores(makeStore);

    describe('stored check requests', () => {
      it('returns what was saved until it expires; saving again replaces it', async () => {
        const { store } = await open();
        const value = {
          org: 'acme',
          client: '09f08c5e-1262-478b-9a02-ada5263d5d40',
          fresh: false,
          nested: { list: [1, 'two'] },
        };
        await store.saveRequest('chk-1', value, 3600);
        expect(await store.getRequest('chk-1')).toEqual(value);
        expect(await store.getRequest('chk-unknown')).toBeUndefined();
        await store.saveRequest('chk-1', { org: 'globex' }, 3600);
        expect(await store.getRequest('chk-1')).toEqual({ org: 'globex' });
        clock += 3_600_000;
        expect(await store.getRequest('chk-1')).toBeUndefined();
      });
    });
  });
}

/** The LastVerdictStore port, on `name`'s backend. */
export function lastVerdictContract(name: string, makeStore: MakeStore<LastVerdictStore>): void {
  describe(`LastVerdictStore contract: ${name}`, () => {
    const { open } = stores(makeStore);

    describe('last verdicts', () => {
      it('keeps one summary per org, the latest', async () => {
        const { store } = await open();
        const identity = { kind: 'oauth-client' as const, id: 'c1', name: 'Archiver' };
        await store.setLastVerdict('acme', { overall: 'fail', headline: 'role fails', identity, checkedAt: T0 });
        clock += 1000;
        await store.setLastVerdict('globex', {
          overall: 'pass',
          headline: 'All checks pass',
          identity,
          checkedAt: T0 + 1000,
        });
        await store.setLastVerdict('acme', {
          overall: 'warn',
          headline: 'token warns',
          identity,
          checkedAt: T0 + 1000,
        });
        const verdicts = await store.lastVerdicts();
        expect(verdicts.map((v) => [v.org, v.summary.overall, v.updatedAt])).toEqual([
          ['acme', 'warn', T0 + 1000],
          ['globex', 'pass', T0 + 1000],
        ]);
        expect(verdicts[0]!.summary.identity).toEqual(identity);
      });
    });
  });
}

/** The RevocationStore port, on `name`'s backend. */
export function revocationContract(
  name: string,
  makeStore: MakeStore<RevocationStore & Pick<ApprovalRequestStore, 'createApproval'>>,
): void {
  describe(`RevocationStore contract: ${name}`, () => {
    const { open, siblings } = stores(makeStore);

    describe('scheduled revocations', () => {
      const grant = {
        target: { kind: 'oauth-client' as const, id: 'c1' },
        roleId: 'r1',
        roleName: 'Viewer',
        divisionId: '*',
      };

      it('is due at its time, claimed by exactly one caller, and done once finished', async () => {
        const handle = await open();
        const sibling = await handle.openSibling();
        siblings.push(sibling);
        const scheduled = await handle.store.scheduleRevocation({
          id: 'rev-1',
          requestId: 'req-1',
          org: 'acme',
          grant,
          thread: { channel: 'C1', ts: '1.2' },
          dueAt: T0 + 3_600_000,
        });
        expect(scheduled).toMatchObject({ id: 'rev-1', state: 'scheduled', createdAt: T0 });
        expect(await handle.store.dueRevocations(T0 + 3_599_999)).toEqual([]);
        clock = T0 + 3_600_000;
        const due = await sibling.dueRevocations(clock);
        expect(due).toEqual([
          expect.objectContaining({ id: 'rev-1', grant, thread: { channel: 'C1', ts: '1.2' }, state: 'scheduled' }),
        ]);

        const claims = await Promise.all(
          Array.from({ length: 10 }, (_, i) => (i % 2 ? sibling : handle.store).claimRevocation('rev-1', 60_000)),
        );
        expect(claims.filter(Boolean)).toHaveLength(1);
        expect(await handle.store.dueRevocations(clock)).toEqual([]);
        expect(await handle.store.finishRevocation('rev-1', 'done', 'revoked')).toBe(true);
        expect(await handle.store.finishRevocation('rev-1', 'done', 'again')).toBe(false);
        expect(await sibling.getRevocation('rev-1')).toMatchObject({ state: 'done', detail: 'revoked' });
        clock += 365 * 86_400_000;
        expect(await handle.store.dueRevocations(clock)).toEqual([]);
        expect(await handle.store.getRevocation('rev-unknown')).toBeUndefined();
      });

      it('cannot be claimed before it is due', async () => {
        const { store } = await open();
        await store.scheduleRevocation({ id: 'rev-early', requestId: 'req-2', org: 'acme', grant, dueAt: T0 + 1000 });
        expect(await store.claimRevocation('rev-early', 60_000)).toBe(false);
      });

      it('is due again when a claim lapses unfinished (the replica holding it died)', async () => {
        const { store } = await open();
        await store.scheduleRevocation({ id: 'rev-2', requestId: 'req-2', org: 'acme', grant, dueAt: T0 });
        expect(await store.claimRevocation('rev-2', 60_000)).toBe(true);
        clock += 59_999;
        expect(await store.dueRevocations(clock)).toEqual([]);
        expect(await store.claimRevocation('rev-2', 60_000)).toBe(false);
        clock += 1;
        expect((await store.dueRevocations(clock)).map((r: ScheduledRevocation) => [r.id, r.state])).toEqual([
          ['rev-2', 'running'],
        ]);
        expect(await store.claimRevocation('rev-2', 60_000)).toBe(true);
        expect(await store.finishRevocation('rev-2', 'failed', 'no fixer')).toBe(true);
        expect((await store.getRevocation('rev-2'))?.state).toBe('failed');
      });

      it("lists a request's revocations, and applied time-bound requests that have none", async () => {
        const { store } = await open();
        const timed = sampleRequest(clock, { state: 'applied', ttlHours: 8 });
        const covered = sampleRequest(clock, { state: 'applied', ttlHours: 8 });
        const permanent = sampleRequest(clock, { state: 'applied' });
        const applying = sampleRequest(clock, { state: 'applying', ttlHours: 8 });
        for (const r of [timed, covered, permanent, applying]) await store.createApproval(r);
        await store.scheduleRevocation({ id: 'rev-c', requestId: covered.id, org: 'acme', grant, dueAt: T0 + 10 });
        expect((await store.revocationsForRequest(covered.id)).map((r) => r.id)).toEqual(['rev-c']);
        expect(await store.revocationsForRequest(timed.id)).toEqual([]);
        expect((await store.timeBoundWithoutRevocation(clock + 1)).map((r) => r.id)).toEqual([timed.id]);
        expect(await store.timeBoundWithoutRevocation(clock)).toEqual([]);
      });

      it('lists due revocations oldest due first', async () => {
        const { store } = await open();
        await store.scheduleRevocation({ id: 'rev-b', requestId: 'r', org: 'acme', grant, dueAt: T0 - 10 });
        await store.scheduleRevocation({ id: 'rev-a', requestId: 'r', org: 'acme', grant, dueAt: T0 - 20 });
        expect((await store.dueRevocations(T0)).map((r) => r.id)).toEqual(['rev-a', 'rev-b']);
      });
    });
  });
}

/** The PropagationWatchStore port, on `name`'s backend. */
export function propagationWatchContract(name: string, makeStore: MakeStore<PropagationWatchStore>): void {
  describe(`PropagationWatchStore contract: ${name}`, () => {
    const { open, siblings } = stores(makeStore);

    describe('propagation watches', () => {
      it('stores a watch once per approval request and reads it back whole', async () => {
        const { store } = await open();
        const input = sampleWatch(clock, {
          leaseOwner: 'replica-a',
          leaseUntil: T0 + 60_000,
          message: { channel: 'C1', ts: '1.2' },
        });
        const created = await store.createWatch(input);
        expect(created).toEqual({
          ...input,
          position: 0,
          status: 'running',
          checks: 0,
          createdAt: T0,
          updatedAt: T0,
        });
        expect(await store.getWatch(input.id)).toEqual(created);
        expect(await store.getWatchForRequest(input.requestId)).toEqual(created);
        // A second watch for the same fix is refused without error and changes nothing.
        expect(await store.createWatch({ ...sampleWatch(clock), requestId: input.requestId })).toBeUndefined();
        expect(await store.getWatchForRequest(input.requestId)).toEqual(created);
        expect(await store.getWatch('no-such-watch')).toBeUndefined();
        expect(await store.getWatchForRequest('no-such-request')).toBeUndefined();
      });

      it('lists running watches that are due and not held, oldest due first', async () => {
        const { store } = await open();
        const later = await store.createWatch(sampleWatch(clock, { nextRunAt: T0 + 15_000 }));
        const due = await store.createWatch(sampleWatch(clock, { nextRunAt: T0 - 1000 }));
        const held = await store.createWatch(
          sampleWatch(clock, { nextRunAt: T0 - 2000, leaseOwner: 'replica-a', leaseUntil: T0 + 30_000 }),
        );
        expect((await store.dueWatches(T0)).map((w) => w.id)).toEqual([due!.id]);
        expect((await store.dueWatches(T0 + 15_000)).map((w) => w.id)).toEqual([due!.id, later!.id]);
        // The lease lapses: the held watch is due for anyone again.
        expect((await store.dueWatches(T0 + 30_000)).map((w) => w.id)).toEqual([held!.id, due!.id, later!.id]);
      });

      it('claims a due step for exactly one of 20 concurrent callers across two stores', async () => {
        const handle = await open();
        const sibling = await handle.openSibling();
        siblings.push(sibling);
        const watch = (await handle.store.createWatch(sampleWatch(clock)))!;
        const claims = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            (i % 2 ? sibling : handle.store).claimWatch(watch.id, 0, `replica-${i}`, 120_000),
          ),
        );
        expect(claims.filter(Boolean)).toHaveLength(1);
        const winner = `replica-${claims.indexOf(true)}`;
        expect(await sibling.getWatch(watch.id)).toMatchObject({ leaseOwner: winner, leaseUntil: T0 + 120_000 });
        expect(await handle.store.dueWatches(T0 + 60_000)).toEqual([]);
      });

      it('claims only the step at its position, once it is due; the holder may claim again, others once the lease lapses', async () => {
        const { store } = await open();
        const watch = (await store.createWatch(
          sampleWatch(clock, { nextRunAt: T0 + 15_000, leaseOwner: 'a', leaseUntil: T0 + 75_000 }),
        ))!;
        expect(await store.claimWatch(watch.id, 0, 'a', 60_000)).toBe(false); // not due yet
        clock = T0 + 15_000;
        expect(await store.claimWatch(watch.id, 1, 'a', 60_000)).toBe(false); // wrong position
        expect(await store.claimWatch(watch.id, 0, 'b', 60_000)).toBe(false); // held by a
        expect(await store.claimWatch(watch.id, 0, 'a', 60_000)).toBe(true);
        expect(await store.claimWatch(watch.id, 0, 'a', 60_000)).toBe(true); // the holder renews
        clock = T0 + 75_000;
        expect(await store.claimWatch(watch.id, 0, 'b', 60_000)).toBe(true); // a went quiet: b takes it
        expect(await store.claimWatch(watch.id, 0, 'a', 60_000)).toBe(false);
        expect(await store.claimWatch('no-such-watch', 0, 'a', 60_000)).toBe(false);
      });

      it('updates only at the expected position and holder, and never after it finished', async () => {
        const { store } = await open();
        const watch = (await store.createWatch(sampleWatch(clock)))!;
        expect(await store.claimWatch(watch.id, 0, 'a', 60_000)).toBe(true);
        clock += 2000;
        expect(await store.updateWatch(watch.id, { position: 0, owner: 'b' }, { position: 1 })).toBe(false);
        expect(await store.updateWatch(watch.id, { position: 1, owner: 'a' }, { position: 2 })).toBe(false);
        expect(
          await store.updateWatch(
            watch.id,
            { position: 0, owner: 'a' },
            {
              position: 1,
              nextRunAt: T0 + 15_000,
              checks: 1,
              lastCheckedAt: T0,
              lastResult: 'refused',
              leaseUntil: T0 + 75_000,
            },
          ),
        ).toBe(true);
        expect(await store.getWatch(watch.id)).toMatchObject({
          position: 1,
          nextRunAt: T0 + 15_000,
          checks: 1,
          lastCheckedAt: T0,
          lastResult: 'refused',
          leaseOwner: 'a',
          leaseUntil: T0 + 75_000,
          status: 'running',
          updatedAt: T0 + 2000,
        });
        expect(await store.updateWatch(watch.id, { position: 0, owner: 'a' }, { position: 1 })).toBe(false); // a step is advanced once
        expect(
          await store.updateWatch(
            watch.id,
            { position: 1, owner: 'a' },
            { status: 'passed', resultSeconds: 15, checks: 2, leaseUntil: null },
          ),
        ).toBe(true);
        const finished = await store.getWatch(watch.id);
        expect(finished).toMatchObject({ status: 'passed', resultSeconds: 15, checks: 2 });
        expect(finished?.leaseOwner).toBeUndefined();
        expect(finished?.leaseUntil).toBeUndefined();
        expect(await store.updateWatch(watch.id, { position: 1, owner: 'a' }, { status: 'gave-up' })).toBe(false);
        expect(await store.claimWatch(watch.id, 1, 'a', 60_000)).toBe(false);
        clock += 3_600_000;
        expect(await store.dueWatches(clock)).toEqual([]);
      });

      it('survives a restart: a store opened later sees the watch where it stood and the message it updates', async () => {
        const handle = await open();
        const watch = (await handle.store.createWatch(
          sampleWatch(clock, { leaseOwner: 'a', leaseUntil: T0 + 60_000 }),
        ))!;
        expect(await handle.store.claimWatch(watch.id, 0, 'a', 60_000)).toBe(true);
        await handle.store.setWatchMessage(watch.id, { channel: 'C0SUPPORT', ts: '1736942400.000200' });
        expect(
          await handle.store.updateWatch(
            watch.id,
            { position: 0, owner: 'a' },
            { position: 1, nextRunAt: T0 + 15_000, leaseUntil: T0 + 75_000 },
          ),
        ).toBe(true);
        const restarted = await handle.openSibling();
        siblings.push(restarted);
        clock = T0 + 75_000;
        expect(await restarted.dueWatches(clock)).toEqual([
          expect.objectContaining({
            id: watch.id,
            position: 1,
            message: { channel: 'C0SUPPORT', ts: '1736942400.000200' },
          }),
        ]);
        expect(await restarted.claimWatch(watch.id, 1, 'restarted', 60_000)).toBe(true);
        expect(
          await restarted.updateWatch(
            watch.id,
            { position: 1, owner: 'restarted' },
            { status: 'gave-up', resultSeconds: 600, leaseUntil: null },
          ),
        ).toBe(true);
        expect(await handle.store.getWatch(watch.id)).toMatchObject({ status: 'gave-up', resultSeconds: 600 });
      });
    });
  });
}
/** The StatusNoticeStore port (schedule/types.ts), on `name`'s backend. */
export function statusNoticeContract(name: string, makeStore: MakeStore<StatusNoticeStore>): void {
  describe(`StatusNoticeStore contract: ${name}`, () => {
    const { open, siblings } = stores(makeStore);

    describe('status-change outbox', () => {
      const notice = (id: string, createdAt: number, channel = 'CACME') => ({
        id,
        org: 'acme',
        channel,
        payload: '{"text":"acme now fails","blocks":[]}',
        createdAt,
      });

      it('hands each due notice to one claim, oldest first; done ends it, a retry makes it due again one attempt on', async () => {
        const { store, openSibling } = await open();
        const sibling = await openSibling();
        siblings.push(sibling);
        await store.addStatusNotices([notice('n2', clock + 1), notice('n1', clock)]);
        // Recorded twice (a retried record): still one.
        await store.addStatusNotices([notice('n1', clock)]);
        const [a, b] = await Promise.all([
          store.claimStatusNotices('a', clock, 60_000, 10),
          sibling.claimStatusNotices('b', clock, 60_000, 10),
        ]);
        const taken = [...a, ...b];
        expect(taken.map((n) => n.id).sort()).toEqual(['n1', 'n2']);
        const mine = a.length > 0 ? a : b;
        const owner = a.length > 0 ? 'a' : 'b';
        if (a.length > 0 && b.length > 0) throw new Error('one notice went to two claims');
        expect(mine.map((n) => n.id)).toEqual(['n1', 'n2']);
        expect(mine[0]).toEqual({ ...notice('n1', clock), attempts: 0 });
        // Held: nobody else gets them until the lease ends.
        expect(await store.claimStatusNotices('c', clock + 1_000, 60_000, 10)).toEqual([]);
        expect(await store.finishStatusNotice('n1', 'someone-else', true, clock)).toBe(false);
        expect(await store.finishStatusNotice('n1', owner, true, clock)).toBe(true);
        expect(await store.finishStatusNotice('n2', owner, false, clock)).toBe(true);
        const again = await store.claimStatusNotices('d', clock + 2_000, 60_000, 10);
        expect(again).toEqual([{ ...notice('n2', clock + 1), attempts: 1 }]);
        // A holder that stopped: its lease lapses and the notice is due again.
        expect(await store.claimStatusNotices('e', clock + 62_001, 60_000, 10)).toEqual([
          { ...notice('n2', clock + 1), attempts: 1 },
        ]);
        expect(await store.finishStatusNotice('n2', 'd', true, clock)).toBe(false);
        expect(await store.finishStatusNotice('n2', 'e', true, clock + 62_001)).toBe(true);
        expect(await store.claimStatusNotices('f', clock + 200_000, 60_000, 10)).toEqual([]);
      });
    });
  });
}

/** Every port's contract, on one backend (each implementation of Store runs this). */
export function storeContract(name: string, makeStore: MakeStore): void {
  notificationOutboxContract(name, makeStore);
  readinessContract(name, makeStore);
  approvalRequestContract(name, makeStore);
  auditLogContract(name, makeStore);
  claimContract(name, makeStore);
  savedRequestContract(name, makeStore);
  lastVerdictContract(name, makeStore);
  revocationContract(name, makeStore);
  propagationWatchContract(name, makeStore);
  statusNoticeContract(name, makeStore);
}
