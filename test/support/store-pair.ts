/**
 * The runner for contracts that need two stores on one database (two replicas, or two processes on one host):
 * each case gets a fresh pair on SQLite (two connections to one temp file) and, when a test database is reachable,
 * on PostgreSQL (two pools on one isolated schema), both reading one clock the case moves on. A contract file states
 * only its cases: `storePairContract('ProbeSlotStore', (pair) => { it(..., async () => { const { a, b } = await pair(); ... }) })`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'vitest';
import { PostgresStore } from '../../src/store/postgres-store';
import { SqliteStore } from '../../src/store/sqlite-store';
import type { Store } from '../../src/store/types';
import { dropSchema, postgresForSuite, randomSchema, TEST_DATABASE_URL } from './postgres';

/** Where every pair's clock starts. */
export const PAIR_T0 = Date.UTC(2025, 0, 15, 12);

export interface StorePair {
  a: Store;
  b: Store;
  /** The clock both stores read (milliseconds); a case moves it on. */
  clock: { t: number };
}

type OpenPair = (now: () => number) => Promise<{ a: Store; b: Store; close(): Promise<void> }>;

const openSqlitePair: OpenPair = async (now) => {
  const dir = mkdtempSync(join(tmpdir(), 'sr-check-pair-'));
  const path = join(dir, 'sr-check.db');
  const a = new SqliteStore({ path, now });
  const b = new SqliteStore({ path, now });
  return {
    a,
    b,
    close: async () => {
      await a.close();
      await b.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

const openPostgresPair: OpenPair = async (now) => {
  const schema = randomSchema();
  const options = { connectionString: TEST_DATABASE_URL, schema, maxConnections: 5, now };
  const a = await PostgresStore.open(options);
  const b = await PostgresStore.open(options);
  return {
    a,
    b,
    close: async () => {
      await a.close();
      await b.close();
      await dropSchema(schema);
    },
  };
};

function suite(title: string, open: OpenPair, cases: (pair: () => Promise<StorePair>) => void): void {
  describe(title, () => {
    const opened: Array<{ close(): Promise<void> }> = [];
    afterEach(async () => {
      for (const p of opened.splice(0)) await p.close();
    });
    cases(async () => {
      const clock = { t: PAIR_T0 };
      const p = await open(() => clock.t);
      opened.push(p);
      return { a: p.a, b: p.b, clock };
    });
  });
}

/** Registers `cases` once per backend, as `<port> contract: <backend>`; call at the top level of a test file. */
export function storePairContract(port: string, cases: (pair: () => Promise<StorePair>) => void): void {
  suite(`${port} contract: SqliteStore (two connections to one file)`, openSqlitePair, cases);
  const pg = postgresForSuite(`${port} on PostgreSQL`, it);
  describe.skipIf(!pg.available)('PostgreSQL', () => {
    suite(`${port} contract: PostgresStore (two pools on one schema)`, openPostgresPair, cases);
  });
}
