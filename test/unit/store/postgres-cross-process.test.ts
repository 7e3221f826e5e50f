/**
 * Exactly-once between processes on PostgreSQL: four OS processes, each with its own Pool, start racing at the
 * same signal for every request's transition, every idempotency key and every due revocation; each is won once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { PostgresStore } from '../../../src/store/postgres-store';
import {
  dropSchema,
  postgresForSuite,
  raceInChildren,
  randomSchema,
  TEST_DATABASE_URL,
  type RaceInput,
  type RaceResult,
} from '../../support/postgres';
import { sampleRequest } from '../../support/store';

const pg = postgresForSuite('PostgresStore cross-process race', it);
const schema = randomSchema('srrace');
afterAll(async () => {
  if (pg.available) await dropSchema(schema);
});

describe.skipIf(!pg.available)('PostgresStore across processes', () => {
  it('gives each conditional transition, idempotency key and revocation claim to exactly one of four processes', async () => {
    const count = 40;
    const store = await PostgresStore.open({ connectionString: TEST_DATABASE_URL, schema });
    const grant = { target: { kind: 'oauth-client' as const, id: 'c1' }, roleId: 'r1', divisionId: '*' };
    for (let i = 0; i < count; i++) {
      await store.createApproval({ ...sampleRequest(Date.now()), id: `race-${i}` });
      await store.scheduleRevocation({
        id: `rev-${i}`,
        requestId: `race-${i}`,
        org: 'acme',
        grant,
        dueAt: Date.now() - 1000,
      });
    }

    const workers = [1, 2, 3, 4];
    const results = await raceInChildren<RaceInput, RaceResult>(
      'raceWorkerMain',
      workers.map((worker) => ({ url: TEST_DATABASE_URL, schema, count, worker })),
    );

    const all = (prefix: string) => Array.from({ length: count }, (_, i) => `${prefix}-${i}`).sort();
    // Every item won, none twice (a duplicate would make the list longer than `count`).
    expect(results.flatMap((r) => r.transitions).sort()).toEqual(all('race'));
    expect(results.flatMap((r) => r.claims).sort()).toEqual(all('key'));
    expect(results.flatMap((r) => r.revocations).sort()).toEqual(all('rev'));
    // The stored decision names the process that reported the win.
    for (const [n, result] of results.entries()) {
      for (const id of result.transitions)
        expect((await store.getApproval(id))?.decidedBy).toBe(`worker-${workers[n]}`);
    }
    expect(await store.listApprovals({ states: ['pending'] })).toEqual([]);
    // More than one process won something: they really raced rather than running one after another.
    const winners = results.filter((r) => r.transitions.length + r.claims.length + r.revocations.length > 0);
    expect(winners.length).toBeGreaterThan(1);
    await store.close();
  }, 90_000);
});
