/**
 * The notification lease's heartbeat (issue 25): renewNotification on SQLite (two connections to one file) and
 * PostgreSQL (two pools on one isolated schema). The holder's renewal moves the lease's end, so another claim
 * cannot take it while the holder beats; a claim that lost the lease, gave it back or recorded it renews nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { PostgresStore } from '../../../src/store/postgres-store';
import { SqliteStore } from '../../../src/store/sqlite-store';
import type { Store } from '../../../src/store/types';
import { dropSchema, postgresForSuite, randomSchema, TEST_DATABASE_URL } from '../../support/postgres';
import { sampleRequest } from '../../support/store';

type Pair = { a: Store; b: Store; clock: { t: number }; close(): Promise<void> };
const T0 = Date.UTC(2025, 0, 15, 12);
const LEASE = 60_000;

function contract(name: string, open: () => Promise<Pair>): void {
  describe(`renewNotification contract: ${name}`, () => {
    const pairs: Pair[] = [];
    afterEach(async () => {
      for (const p of pairs.splice(0)) await p.close();
    });
    const withRequest = async () => {
      const p = await open();
      pairs.push(p);
      const request = sampleRequest(p.clock.t);
      await p.a.createApproval(request);
      return { ...p, request };
    };

    it("the holder's heartbeat keeps the lease past its first end; once the beats stop it lapses and is taken", async () => {
      const { a, b, clock, request } = await withRequest();
      expect(await a.claimNotification(request.id, request.state, 'A-1', LEASE)).toBe(true);
      for (let beat = 0; beat < 4; beat++) {
        clock.t += LEASE / 2;
        expect(await a.renewNotification(request.id, 'A-1', LEASE)).toBe(true);
        expect(await b.claimNotification(request.id, request.state, 'B-1', LEASE)).toBe(false);
      }
      clock.t += LEASE - 1;
      expect(await b.claimNotification(request.id, request.state, 'B-2', LEASE)).toBe(false);
      clock.t += 1;
      expect(await b.claimNotification(request.id, request.state, 'B-3', LEASE)).toBe(true);
      // The old holder's late beat changes nothing, and it can no longer record the state.
      expect(await a.renewNotification(request.id, 'A-1', LEASE)).toBe(false);
      expect(await a.markNotified(request.id, request.state, 'A-1')).toBe(false);
      expect(await b.markNotified(request.id, request.state, 'B-3')).toBe(true);
    });

    it('a lease given back or recorded is not renewed', async () => {
      const { a, request } = await withRequest();
      await a.claimNotification(request.id, request.state, 'A-1', LEASE);
      await a.releaseNotification(request.id, 'A-1');
      expect(await a.renewNotification(request.id, 'A-1', LEASE)).toBe(false);
      await a.claimNotification(request.id, request.state, 'A-2', LEASE);
      await a.markNotified(request.id, request.state, 'A-2');
      expect(await a.renewNotification(request.id, 'A-2', LEASE)).toBe(false);
    });
  });
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

contract('SqliteStore (two connections to one file)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sr-check-renew-'));
  dirs.push(dir);
  const path = join(dir, 'sr-check.db');
  const clock = { t: T0 };
  const a = new SqliteStore({ path, now: () => clock.t });
  const b = new SqliteStore({ path, now: () => clock.t });
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

const pg = postgresForSuite('renewNotification on PostgreSQL', it);
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
