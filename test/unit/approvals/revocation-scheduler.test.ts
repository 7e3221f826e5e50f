import { describe, expect, it } from 'vitest';
import type { AppConfig, OrgConfig } from '../../../src/config/types';
import { RevocationScheduler } from '../../../src/approvals/revocation-scheduler';
import type { FixApiSource } from '../../../src/fixes/apis';
import type { GenesysApi } from '../../../src/genesys/api';
import type { OAuthClient } from '../../../src/genesys/models';
import { failed, ok } from '../../../src/genesys/result';
import { createLogger } from '../../../src/log';
import { SqliteStore } from '../../../src/store/sqlite-store';
import { unitOrg } from '../../support/orgs';

const org: OrgConfig = unitOrg();
const config: AppConfig = { orgs: new Map([['acme', org]]), allowedChannels: [], source: 'test' };
const grant = { target: { kind: 'oauth-client' as const, id: 'archiver' }, roleId: 'viewer', divisionId: '*' };

/** A fixer whose PUT fails `failPuts` times, then works. */
function fakeGenesys(failPuts: number) {
  const client: OAuthClient = {
    id: 'archiver',
    name: 'Archiver',
    authorizedGrantType: 'CLIENT-CREDENTIALS',
    roleDivisions: [{ roleId: 'viewer', divisionId: '*' }],
  };
  const puts: OAuthClient[] = [];
  const api = {
    getOAuthClient: async () => ok(structuredClone(client)),
    putOAuthClient: async (next: OAuthClient) => {
      if (failPuts-- > 0)
        return failed({
          kind: 'http',
          status: 503,
          code: 'service.unavailable',
          message: 'down',
          operation: 'PUT /api/v2/oauth/clients/{clientId}',
        });
      puts.push(next);
      Object.assign(client, next);
      return ok(next);
    },
  } as unknown as GenesysApi;
  const source: FixApiSource = {
    forOrg: (o) => (o.fixer ? { fixer: api, reader: api, managed: () => undefined } : undefined),
    close: async () => {},
  };
  return { source, puts, client };
}

describe('RevocationScheduler', () => {
  it('keeps a failed revocation and retries it when its lease lapses, then finishes it', async () => {
    let clock = 1_000_000;
    const store = new SqliteStore({ path: ':memory:', now: () => clock });
    const fake = fakeGenesys(1);
    const events: string[] = [];
    const scheduler = new RevocationScheduler({
      store,
      config,
      apis: fake.source,
      logger: createLogger({ name: 'scheduler-test' }),
      now: () => clock,
      leaseMs: 60_000,
      onRevoked: (e) => void events.push(e.outcome),
    });
    await store.scheduleRevocation({ id: 'rev-1', requestId: 'req-1', org: 'acme', grant, dueAt: clock });
    expect((await scheduler.runDue()).map((e) => e.outcome)).toEqual(['failed']);
    expect((await store.getRevocation('rev-1'))?.state).toBe('running');
    clock += 30_000;
    expect(await scheduler.runDue()).toEqual([]);
    clock += 30_000;
    expect((await scheduler.runDue()).map((e) => e.outcome)).toEqual(['revoked']);
    expect(fake.client.roleDivisions).toEqual([]);
    expect((await store.getRevocation('rev-1'))?.state).toBe('done');
    expect(events).toEqual(['failed', 'revoked']);
    expect((await store.listAudit()).map((e) => e.action).reverse()).toEqual(['revocation-failed', 'revoked']);
    await store.close();
  });

  it('reports a grant already removed by someone else as already-gone, writing nothing', async () => {
    const clock = 5_000;
    const store = new SqliteStore({ path: ':memory:', now: () => clock });
    const fake = fakeGenesys(0);
    fake.client.roleDivisions = [];
    const scheduler = new RevocationScheduler({
      store,
      config,
      apis: fake.source,
      logger: createLogger({ name: 'scheduler-test' }),
      now: () => clock,
    });
    await store.scheduleRevocation({ id: 'rev-2', requestId: 'req-2', org: 'acme', grant, dueAt: clock - 1 });
    expect((await scheduler.runDue()).map((e) => e.outcome)).toEqual(['already-gone']);
    expect(fake.puts).toEqual([]);
    await store.close();
  });

  it('fails for good when the org lost its fixer credentials, telling people to remove the grant by hand', async () => {
    const clock = 5_000;
    const store = new SqliteStore({ path: ':memory:', now: () => clock });
    const noFixer: AppConfig = { ...config, orgs: new Map([['acme', { ...org, fixer: undefined }]]) };
    const scheduler = new RevocationScheduler({
      store,
      config: noFixer,
      apis: fakeGenesys(0).source,
      logger: createLogger({ name: 'scheduler-test' }),
      now: () => clock,
    });
    await store.scheduleRevocation({ id: 'rev-3', requestId: 'req-3', org: 'acme', grant, dueAt: clock });
    const [event] = await scheduler.runDue();
    expect(event).toMatchObject({ outcome: 'failed', detail: expect.stringMatching(/by hand/) });
    expect((await store.getRevocation('rev-3'))?.state).toBe('failed');
    await store.close();
  });

  it('shares one pass between overlapping calls, so a revocation is handled once', async () => {
    const clock = 5_000;
    const store = new SqliteStore({ path: ':memory:', now: () => clock });
    const fake = fakeGenesys(0);
    const scheduler = new RevocationScheduler({
      store,
      config,
      apis: fake.source,
      logger: createLogger({ name: 'scheduler-test' }),
      now: () => clock,
    });
    await store.scheduleRevocation({ id: 'rev-4', requestId: 'req-4', org: 'acme', grant, dueAt: clock });
    const [a, b] = await Promise.all([scheduler.runDue(), scheduler.runDue()]);
    expect(a).toBe(b);
    expect(fake.puts).toHaveLength(1);
    await store.close();
  });

  it('gives up after maxAttempts, announcing only the first failure and the give-up', async () => {
    let clock = 1_000_000;
    const store = new SqliteStore({ path: ':memory:', now: () => clock });
    const fake = fakeGenesys(1000);
    const announced: Array<{ outcome: string; final?: boolean; attempt?: number }> = [];
    const scheduler = new RevocationScheduler({
      store,
      config,
      apis: fake.source,
      logger: createLogger({ name: 'scheduler-test' }),
      now: () => clock,
      leaseMs: 60_000,
      maxAttempts: 5,
      onRevoked: (e) => void announced.push({ outcome: e.outcome, final: e.final, attempt: e.attempt }),
    });
    await store.scheduleRevocation({ id: 'rev-5', requestId: 'req-5', org: 'acme', grant, dueAt: clock });
    // Another revocation's failures must not count towards this one.
    await store.appendAudit({
      org: 'acme',
      actor: 'system',
      action: 'revocation-failed',
      requestId: 'req-other',
      summary: 'x',
    });
    const handled: string[] = [];
    for (let pass = 0; pass < 8; pass++) {
      handled.push(...(await scheduler.runDue()).map((e) => `${e.outcome}${e.final ? '!' : ''}`));
      clock += 60_000;
    }
    expect(handled).toEqual(['failed', 'failed', 'failed', 'failed', 'failed!']);
    expect(announced).toEqual([
      { outcome: 'failed', attempt: 1, final: undefined },
      { outcome: 'failed', attempt: 5, final: true },
    ]);
    expect(await store.getRevocation('rev-5')).toMatchObject({
      state: 'failed',
      detail: expect.stringMatching(/Gave up .* after 5 failed attempts .*by hand/),
    });
    expect(
      (await store.listAudit()).filter((e) => e.requestId === 'req-5' && e.action === 'revocation-failed'),
    ).toHaveLength(5);
    expect(fake.client.roleDivisions).toEqual([{ roleId: 'viewer', divisionId: '*' }]);
    await store.close();
  });
});
