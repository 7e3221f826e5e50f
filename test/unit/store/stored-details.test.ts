/**
 * The SavedDetailsStore contract (issue 25 item 9c: each check's Details, ~100 KB, kept for 7 days, bounded per
 * person), on SQLite (two connections to one file) and PostgreSQL (two pools on one isolated schema): a person keeps
 * at most `count` Details and `bytes` bytes of them, the oldest dropped first, whichever replica wrote them; other
 * people's are untouched; expired ones are gone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { PostgresStore } from '../../../src/store/postgres-store';
import { SqliteStore } from '../../../src/store/sqlite-store';
import type { SavedDetailsStore } from '../../../src/store/types';
import { dropSchema, postgresForSuite, randomSchema, TEST_DATABASE_URL } from '../../support/postgres';

type Pair = { a: SavedDetailsStore; b: SavedDetailsStore; clock: { t: number }; close(): Promise<void> };
const T0 = Date.UTC(2025, 0, 15, 12);
const DAY = 86_400;
const details = (n: number, size = 100) => ({ n, text: 'x'.repeat(size) });

function contract(name: string, open: () => Promise<Pair>): void {
  describe(`SavedDetailsStore contract: ${name}`, () => {
    const pairs: Pair[] = [];
    afterEach(async () => {
      for (const p of pairs.splice(0)) await p.close();
    });
    const pair = async () => {
      const p = await open();
      pairs.push(p);
      return p;
    };

    it("a person's oldest Details are dropped beyond the count, whichever replica wrote them; others' are kept", async () => {
      const { a, b, clock } = await pair();
      const cap = { count: 3, bytes: 1_000_000 };
      await a.saveDetails('other-1', 'U2', details(0), 7 * DAY, cap);
      for (let n = 1; n <= 5; n += 1) {
        clock.t += 1000;
        await (n % 2 ? a : b).saveDetails(`d-${n}`, 'U1', details(n), 7 * DAY, cap);
      }
      const kept = await Promise.all([1, 2, 3, 4, 5].map((n) => b.getDetails(`d-${n}`)));
      expect(kept.map((d) => (d as { n: number } | undefined)?.n)).toEqual([undefined, undefined, 3, 4, 5]);
      expect(await a.getDetails('other-1')).toEqual(details(0));
    });

    it("a person's oldest Details are dropped beyond the bytes; the newest is kept even when it alone is larger", async () => {
      const { a, clock } = await pair();
      const cap = { count: 100, bytes: 2_500 };
      for (let n = 1; n <= 3; n += 1) {
        clock.t += 1000;
        await a.saveDetails(`d-${n}`, 'U1', details(n, 1_000), 7 * DAY, cap);
      }
      expect(await a.getDetails('d-1')).toBeUndefined();
      expect(await a.getDetails('d-2')).toEqual(details(2, 1_000));
      clock.t += 1000;
      await a.saveDetails('d-big', 'U1', details(9, 5_000), 7 * DAY, cap);
      expect(await a.getDetails('d-big')).toEqual(details(9, 5_000));
      expect(await a.getDetails('d-3')).toBeUndefined();
    });

    it('Details saved at the same millisecond keep their order; saving one id twice keeps one', async () => {
      const { a } = await pair();
      const cap = { count: 2, bytes: 1_000_000 };
      for (const n of [1, 2, 3]) await a.saveDetails(`d-${n}`, 'U1', details(n), 7 * DAY, cap);
      await a.saveDetails('d-3', 'U1', details(3), 7 * DAY, cap);
      expect(await a.getDetails('d-1')).toBeUndefined();
      expect(await a.getDetails('d-2')).toEqual(details(2));
      expect(await a.getDetails('d-3')).toEqual(details(3));
    });

    it('expired Details are gone', async () => {
      const { a, b, clock } = await pair();
      await a.saveDetails('d-1', 'U1', details(1), 60, { count: 10, bytes: 1_000_000 });
      clock.t += 60_000;
      expect(await b.getDetails('d-1')).toBeUndefined();
    });
  });
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

contract('SqliteStore (two connections to one file)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sr-check-details-'));
  dirs.push(dir);
  const path = join(dir, 'sr-check.db');
  const clock = { t: T0 };
  const now = () => clock.t;
  const a = new SqliteStore({ path, now });
  const b = new SqliteStore({ path, now });
  return {
    a,
    b,
    clock,
    close: async () => {
      await a.close();
      await b.close();
    },
  };
});

const pg = postgresForSuite('SavedDetailsStore on PostgreSQL', it);
describe.skipIf(!pg.available)('PostgreSQL', () => {
  contract('PostgresStore (two pools on one schema)', async () => {
    const schema = randomSchema();
    const clock = { t: T0 };
    const options = { connectionString: TEST_DATABASE_URL, schema, maxConnections: 5, now: () => clock.t };
    const a = await PostgresStore.open(options);
    const b = await PostgresStore.open(options);
    return {
      a,
      b,
      clock,
      close: async () => {
        await a.close();
        await b.close();
        await dropSchema(schema);
      },
    };
  });
});
