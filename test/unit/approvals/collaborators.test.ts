/**
 * The approval service's collaborators, each on its own: the ledger (audit + announce), grant revocations and the
 * apply heartbeat. The service's behaviour as a whole is service.test.ts; these pin the pieces it is built from.
 */
import { describe, expect, it } from 'vitest';
import { ApprovalLedger, type ApprovalContext } from '../../../src/approvals/ledger';
import { whileApplying } from '../../../src/approvals/recovery';
import { GrantRevocations, isTimeBound } from '../../../src/approvals/revocations';
import type { AppConfig } from '../../../src/config/types';
import { createLogger } from '../../../src/log';
import { SqliteStore } from '../../../src/store/sqlite-store';
import { sampleRequest } from '../../support/store';

const HOUR = 3_600_000;

function context(now = 1_000_000) {
  const clock = { now };
  const store = new SqliteStore({ path: ':memory:', now: () => clock.now });
  const logger = createLogger({ level: 'silent' });
  const ledger = new ApprovalLedger(store, logger);
  let ids = 0;
  const ctx: ApprovalContext = {
    store,
    config: { orgs: new Map(), allowedChannels: [], source: 'test' } satisfies AppConfig,
    apis: { forOrg: () => undefined, close: async () => undefined },
    logger,
    now: () => clock.now,
    newId: () => `id-${++ids}`,
    ledger,
  };
  return { ctx, store, ledger, clock };
}

describe('ApprovalLedger', () => {
  it('audits a transition with the request plan and tells every listener where the request stands now', async () => {
    const { store, ledger, clock } = context();
    const request = sampleRequest(clock.now);
    await store.createApproval(request);
    const told: string[] = [];
    ledger.onTransition((r) => void told.push(`${r.id}:${r.state}`));
    await store.transition(request.id, ['pending'], 'denied');
    await ledger.audit(request, 'denied', 'U0BOB', { result: 'denied: no' });
    await ledger.announce(request.id);
    const [entry] = await store.listAudit({ org: request.org });
    expect(entry).toMatchObject({ action: 'denied', actor: 'U0BOB', requestId: request.id, result: 'denied: no' });
    expect(entry?.plan).toEqual(request.plan);
    expect(told).toEqual([`${request.id}:denied`]);
    await store.close();
  });

  it('a listener that throws changes nothing: announce resolves and the next transition is still told', async () => {
    const { store, ledger, clock } = context();
    const request = sampleRequest(clock.now);
    await store.createApproval(request);
    let calls = 0;
    ledger.onTransition(() => {
      calls += 1;
      throw new Error('slack is down');
    });
    await expect(ledger.announce(request.id)).resolves.toBeUndefined();
    await expect(ledger.announce(request.id)).resolves.toBeUndefined();
    expect(calls).toBe(2);
    await store.close();
  });
});

describe('GrantRevocations', () => {
  it('schedules one revocation per time-bound request, ttlHours after the apply, and audits it', async () => {
    const { ctx, store, clock } = context();
    const request = sampleRequest(clock.now, { ttlHours: 4 });
    await store.createApproval(request);
    expect(isTimeBound(request)).toBe(true);
    if (!isTimeBound(request)) return;
    const revocations = new GrantRevocations(ctx);
    const first = await revocations.schedule(request, request.plan, clock.now);
    const again = await revocations.schedule(request, request.plan, clock.now + HOUR);
    expect(first.dueAt).toBe(clock.now + 4 * HOUR);
    expect(again.id).toBe(first.id);
    expect(await store.revocationsForRequest(request.id)).toHaveLength(1);
    const audit = await store.listAudit({ org: request.org });
    expect(audit.map((e) => e.action)).toEqual(['revocation-scheduled']);
    await store.close();
  });

  it('a permanent request is not time-bound, and supersede finds nothing to cancel when no grant was time-bound', async () => {
    const { ctx, store, clock } = context();
    const request = sampleRequest(clock.now);
    expect(isTimeBound(request)).toBe(false);
    expect(await new GrantRevocations(ctx).supersede(request)).toBeUndefined();
    await store.close();
  });
});

describe('whileApplying', () => {
  it('marks the request alive every heartbeat while the apply runs, and stops when it ends', async () => {
    const { ctx, store, clock } = context();
    const request = sampleRequest(clock.now);
    await store.createApproval(request);
    await store.transition(request.id, ['pending'], 'approved');
    await store.transition(request.id, ['approved'], 'applying');
    const marks: number[] = [];
    const result = await whileApplying(ctx, request.id, 5, async () => {
      for (let i = 0; i < 3; i++) {
        clock.now += 1000;
        await new Promise((resolve) => setTimeout(resolve, 25));
        marks.push((await store.getApproval(request.id))!.updatedAt);
      }
      return 'done';
    });
    expect(result).toBe('done');
    // The request's updatedAt followed the clock: the heartbeat ran during the apply.
    expect(marks.at(-1)).toBeGreaterThan(request.updatedAt);
    // A beat already on its way when the apply ended lands first; after that nothing moves the request.
    await new Promise((resolve) => setTimeout(resolve, 25));
    const after = (await store.getApproval(request.id))!.updatedAt;
    clock.now += 1000;
    await new Promise((resolve) => setTimeout(resolve, 25));
    expect((await store.getApproval(request.id))!.updatedAt).toBe(after);
    await store.close();
  });
});
