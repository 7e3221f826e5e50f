/** Verdict history and schedule tick claims: the same contract on SQLite and PostgreSQL. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { VerdictHistoryEntry } from '../../../src/diagnosis/history';
import { PostgresStore } from '../../../src/store/postgres-store';
import { SqliteStore } from '../../../src/store/sqlite-store';
import type { Store } from '../../../src/store/types';
import { dropSchema, postgresForSuite, randomSchema, TEST_DATABASE_URL } from '../../support/postgres';

const T0 = Date.UTC(2026, 10, 1, 0, 0, 0);

function entry(
  org: string,
  at: number,
  overall: VerdictHistoryEntry['overall'],
  source: VerdictHistoryEntry['source'] = 'schedule',
): VerdictHistoryEntry {
  return {
    org,
    at,
    source,
    overall,
    statusSince: at,
    headline: overall === 'pass' ? 'All checks pass' : `role ${overall}s`,
    identity: { kind: 'oauth-client', id: 'c1' },
    checks: [{ id: 'role', status: overall === 'unknown' ? 'unknown' : overall }],
    missingPermissions: [],
  };
}

function contract(
  name: string,
  open: () => Promise<{ store: Store; sibling: () => Promise<Store>; dispose: () => Promise<void> }>,
) {
  describe(name, () => {
    let dispose: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await dispose?.();
      dispose = undefined;
    });
    const start = async () => {
      const opened = await open();
      dispose = opened.dispose;
      return opened;
    };

    it('appends and lists history by org, newest first, filtered by source and time, limited', async () => {
      const { store } = await start();
      await store.appendHistory(entry('acme', T0, 'pass'));
      await store.appendHistory(entry('acme', T0 + 1000, 'fail'));
      await store.appendHistory(entry('acme', T0 + 2000, 'pass', 'check'));
      await store.appendHistory(entry('globex', T0 + 500, 'unknown'));
      expect((await store.listHistory('acme')).map((e) => e.at)).toEqual([T0 + 2000, T0 + 1000, T0]);
      expect((await store.listHistory('acme', { source: 'schedule' })).map((e) => e.overall)).toEqual(['fail', 'pass']);
      expect((await store.listHistory('acme', { since: T0 + 1000 })).map((e) => e.at)).toEqual([T0 + 2000, T0 + 1000]);
      expect(await store.listHistory('acme', { limit: 1 })).toEqual([entry('acme', T0 + 2000, 'pass', 'check')]);
      expect(await store.listHistory('nobody')).toEqual([]);
    });

    it('prunes history older than the cutoff, every org', async () => {
      const { store } = await start();
      await store.appendHistory(entry('acme', T0, 'pass'));
      await store.appendHistory(entry('globex', T0 + 10, 'pass'));
      await store.appendHistory(entry('acme', T0 + 100, 'fail'));
      expect(await store.pruneHistory(T0 + 50)).toBe(2);
      expect((await store.listHistory('acme')).map((e) => e.at)).toEqual([T0 + 100]);
      expect(await store.listHistory('globex')).toEqual([]);
    });

    it('a tick is claimed by one caller, finished only by its holder, and never claimed again once done', async () => {
      const { store, sibling } = await start();
      const other = await sibling();
      const claims = await Promise.all([
        store.claimScheduleTick('acme', T0, 'a', T0 + 60_000, T0),
        other.claimScheduleTick('acme', T0, 'b', T0 + 60_000, T0),
        store.claimScheduleTick('acme', T0, 'c', T0 + 60_000, T0),
      ]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      const holder = ['a', 'b', 'c'][claims.indexOf(true)]!;
      const stranger = holder === 'a' ? 'b' : 'a';
      expect(await store.finishScheduleTick('acme', T0, stranger, 'pass', T0 + 1)).toBe(false);
      expect(await store.finishScheduleTick('acme', T0, holder, 'fail', T0 + 2)).toBe(true);
      expect(await store.lastScheduleTick('acme')).toEqual({
        org: 'acme',
        tickAt: T0,
        state: 'done',
        owner: holder,
        leaseUntil: T0 + 60_000,
        attempts: 1,
        claimedAt: T0,
        finishedAt: T0 + 2,
        result: 'fail',
      });
      // Done: not even after its lease.
      expect(await other.claimScheduleTick('acme', T0, 'z', T0 + 999_999, T0 + 500_000)).toBe(false);
      // Another org, another tick: separate.
      expect(await other.claimScheduleTick('globex', T0, 'z', T0 + 60_000, T0)).toBe(true);
    });

    it('a running tick whose lease ended is taken over once; the old holder can no longer finish it', async () => {
      const { store, sibling } = await start();
      const other = await sibling();
      expect(await store.claimScheduleTick('acme', T0, 'dead', T0 + 60_000, T0)).toBe(true);
      expect(await other.claimScheduleTick('acme', T0, 'b', T0 + 120_000, T0 + 60_000)).toBe(false); // lease not yet over
      const takeovers = await Promise.all([
        other.claimScheduleTick('acme', T0, 'b', T0 + 200_000, T0 + 60_001),
        store.claimScheduleTick('acme', T0, 'c', T0 + 200_000, T0 + 60_001),
      ]);
      expect(takeovers.filter(Boolean)).toHaveLength(1);
      expect(await store.finishScheduleTick('acme', T0, 'dead', 'pass', T0 + 70_000)).toBe(false);
      expect((await store.lastScheduleTick('acme'))?.attempts).toBe(2);
    });

    it('lastScheduleTick is the newest tick; pruning drops old ticks', async () => {
      const { store } = await start();
      await store.claimScheduleTick('acme', T0, 'a', T0 + 1, T0);
      await store.claimScheduleTick('acme', T0 + 3_600_000, 'a', T0 + 3_600_001, T0 + 3_600_000);
      expect((await store.lastScheduleTick('acme'))?.tickAt).toBe(T0 + 3_600_000);
      expect(await store.lastScheduleTick('globex')).toBeUndefined();
      expect(await store.pruneScheduleTicks(T0 + 1)).toBe(1);
      expect((await store.lastScheduleTick('acme'))?.tickAt).toBe(T0 + 3_600_000);
    });
  });
}

contract('SqliteStore history and ticks', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'srhist-'));
  const path = join(dir, 'store.db');
  const stores: SqliteStore[] = [new SqliteStore({ path })];
  return {
    store: stores[0]!,
    sibling: async () => {
      const s = new SqliteStore({ path });
      stores.push(s);
      return s;
    },
    dispose: async () => {
      await Promise.all(stores.map((s) => s.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

const pg = postgresForSuite('history store (PostgreSQL)', it);
describe.skipIf(!pg.available)('PostgreSQL', () => {
  contract('PostgresStore history and ticks', async () => {
    const schema = randomSchema('hist');
    const stores: PostgresStore[] = [
      await PostgresStore.open({ connectionString: TEST_DATABASE_URL, schema, maxConnections: 3 }),
    ];
    return {
      store: stores[0]!,
      sibling: async () => {
        const s = await PostgresStore.open({ connectionString: TEST_DATABASE_URL, schema, maxConnections: 3 });
        stores.push(s);
        return s;
      },
      dispose: async () => {
        await Promise.all(stores.map((s) => s.close()));
        await dropSchema(schema);
      },
    };
  });
});
