/**
 * PostgresStore: the shared Store contract, migrations (once, under a lock, all-or-nothing), schema isolation,
 * and openStore's choice of store. Each store gets its own random schema, dropped afterwards.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/open';
import { PostgresStore, redactDatabaseUrl } from '../../../src/store/postgres-store';
import { POSTGRES_MIGRATIONS } from '../../../src/store/postgres-migrations';
import { SqliteStore } from '../../../src/store/sqlite-store';
import { dropSchema, postgresForSuite, randomSchema, schemaExists, TEST_DATABASE_URL } from '../../support/postgres';
import { sampleRequest, storeContract } from '../../support/store';

const pg = postgresForSuite('PostgresStore tests', it);
const schemas: string[] = [];
const newSchema = () => {
  const schema = randomSchema();
  schemas.push(schema);
  return schema;
};
afterAll(async () => {
  if (!pg.available) return;
  for (const schema of schemas.splice(0)) await dropSchema(schema);
});

describe.skipIf(!pg.available)('PostgresStore', () => {
  storeContract('PostgresStore (isolated schema)', async ({ now }) => {
    const schema = newSchema();
    const options = { connectionString: TEST_DATABASE_URL, schema, now, maxConnections: 5 };
    const store = await PostgresStore.open(options);
    return {
      store,
      openSibling: () => PostgresStore.open(options),
      dispose: async () => {
        await store.close();
        await dropSchema(schema);
      },
    };
  });

  describe('migrations', () => {
    it('creates the schema, applies every migration once, and a second open applies nothing', async () => {
      const schema = newSchema();
      expect(await schemaExists(schema)).toBe(false);
      const first = await PostgresStore.open({ connectionString: TEST_DATABASE_URL, schema });
      expect(first.migratedAtOpen).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
      expect(await schemaExists(schema)).toBe(true);
      const request = sampleRequest(Date.now());
      await first.createApproval(request);
      await first.close();
      const second = await PostgresStore.open({ connectionString: TEST_DATABASE_URL, schema });
      expect(second.migratedAtOpen).toEqual([]);
      expect(await second.appliedMigrations()).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
      expect(await second.getApproval(request.id)).toEqual(request);
      await second.close();
    });

    it('applies each migration exactly once when five replicas start at the same moment', async () => {
      const schema = newSchema();
      const stores = await Promise.all(
        Array.from({ length: 5 }, () =>
          PostgresStore.open({ connectionString: TEST_DATABASE_URL, schema, maxConnections: 2 }),
        ),
      );
      try {
        const applied = stores.flatMap((s) => s.migratedAtOpen);
        expect(applied.sort()).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
        expect(stores.filter((s) => s.migratedAtOpen.length > 0)).toHaveLength(1);
        for (const store of stores)
          expect(await store.appliedMigrations()).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
        // Every one of them works on the tables the single migrator created.
        await Promise.all(
          stores.map((s, i) => s.appendAudit({ org: 'acme', actor: 'system', action: `start-${i}`, summary: 's' })),
        );
        expect(await stores[0]!.listAudit()).toHaveLength(5);
      } finally {
        for (const store of stores) await store.close();
      }
    });

    it('applies only what is missing, and a failing migration leaves nothing of its run behind', async () => {
      const schema = newSchema();
      const store = new PostgresStore({ connectionString: TEST_DATABASE_URL, schema });
      try {
        expect(await store.migrate([{ version: 1, name: 'one', sql: 'CREATE TABLE one (x INTEGER)' }])).toEqual([1]);
        const broken = [
          { version: 1, name: 'one', sql: 'CREATE TABLE one (x INTEGER)' },
          { version: 2, name: 'two', sql: 'CREATE TABLE two (x INTEGER)' },
          { version: 3, name: 'bad', sql: 'CREATE TABLE broken (' },
        ];
        await expect(store.migrate(broken)).rejects.toThrow();
        expect(await store.appliedMigrations()).toEqual([1]);
        const tables = await tablesIn(schema);
        expect(tables).not.toContain('two');
        expect(tables).toContain('one');
        expect(await store.migrate(broken.slice(0, 2))).toEqual([2]);
        expect(await store.appliedMigrations()).toEqual([1, 2]);
      } finally {
        await store.close();
      }
    });

    it('keeps tables inside its schema: two schemas on one database do not see each other', async () => {
      const [a, b] = await Promise.all(
        [newSchema(), newSchema()].map((schema) => PostgresStore.open({ connectionString: TEST_DATABASE_URL, schema })),
      );
      try {
        const request = sampleRequest(Date.now());
        await a!.createApproval(request);
        expect(await b!.getApproval(request.id)).toBeUndefined();
        expect(await a!.claim('evt:same', 60)).toBe(true);
        expect(await b!.claim('evt:same', 60)).toBe(true);
      } finally {
        await a!.close();
        await b!.close();
      }
    });

    it('refuses a schema name it would have to quote', () => {
      for (const schema of ['Upper', 'semi;colon', 'space d', '1starts_with_digit', '']) {
        expect(() => new PostgresStore({ connectionString: TEST_DATABASE_URL, schema })).toThrow(/schema/);
      }
    });
  });

  describe('values', () => {
    it('round-trips JSON values of every shape and big millisecond times', async () => {
      const schema = newSchema();
      const store = await PostgresStore.open({ connectionString: TEST_DATABASE_URL, schema });
      try {
        for (const [i, value] of [
          ['a', 'string'],
          ['b', 42],
          ['c', [1, 'two', { three: 3 }]],
          ['d', null],
          ['e', { unicode: 'Zoë ✓', nested: { deep: [true] } }],
        ].entries()) {
          await store.saveRequest(`v-${i}`, value, 60);
          expect(await store.getRequest(`v-${i}`)).toEqual(value);
        }
        const far = Date.UTC(2200, 0, 1);
        const request = sampleRequest(far, { ttlHours: 0.5 });
        await store.createApproval(request);
        expect(await store.getApproval(request.id)).toEqual(request);
      } finally {
        await store.close();
      }
    });
  });

  describe('openStore', () => {
    it('opens a migrated PostgresStore when SR_CHECK_DATABASE_URL is set, in SR_CHECK_DATABASE_SCHEMA', async () => {
      const schema = newSchema();
      const opened = await openStore({ SR_CHECK_DATABASE_URL: TEST_DATABASE_URL, SR_CHECK_DATABASE_SCHEMA: schema });
      try {
        expect(opened.kind).toBe('postgres');
        expect(opened.store).toBeInstanceOf(PostgresStore);
        expect(opened.location).toBe(`${redactDatabaseUrl(TEST_DATABASE_URL)} (schema ${schema})`);
        expect(await (opened.store as PostgresStore).appliedMigrations()).toEqual(
          POSTGRES_MIGRATIONS.map((m) => m.version),
        );
      } finally {
        await opened.store.close();
      }
    });

    it('fails with the location but never the password when the server refuses', async () => {
      const url = new URL(TEST_DATABASE_URL);
      url.username = 'no_such_role_sr_check';
      url.password = 'LEAKCANARY-db-password';
      const error = await openStore({ SR_CHECK_DATABASE_URL: url.toString() }).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error).toBeInstanceOf(Error);
      expect(error!.message).toContain('no_such_role_sr_check@');
      expect(error!.message).not.toContain('LEAKCANARY');
    });
  });
});

describe('openStore without SR_CHECK_DATABASE_URL', () => {
  it('opens SQLite at SR_CHECK_DB', async () => {
    const opened = await openStore({ SR_CHECK_DB: ':memory:', SR_CHECK_DATABASE_URL: '  ' });
    expect(opened).toMatchObject({ kind: 'sqlite', location: ':memory:' });
    expect(opened.store).toBeInstanceOf(SqliteStore);
    await opened.store.close();
  });
});

describe('redactDatabaseUrl', () => {
  it('drops the password from the user info and from parameters, keeping the rest', () => {
    expect(redactDatabaseUrl('postgres://app:LEAKCANARY-pw@db.internal:5432/srcheck?sslmode=require')).toBe(
      'postgres://app@db.internal:5432/srcheck?sslmode=require',
    );
    expect(redactDatabaseUrl('postgresql://app@db/srcheck?password=LEAKCANARY-pw')).not.toContain('LEAKCANARY');
    expect(redactDatabaseUrl('postgres://postgres@127.0.0.1:5432/test')).toBe(
      'postgres://postgres@127.0.0.1:5432/test',
    );
    expect(redactDatabaseUrl("host=db user=app password='LEAK CANARY' dbname=x")).toBe(
      'host=db user=app password=[redacted] dbname=x',
    );
    expect(redactDatabaseUrl('host=db password=LEAKCANARY-pw')).toBe('host=db password=[redacted]');
  });
});

async function tablesIn(schema: string): Promise<string[]> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ tablename: string }>(
      'SELECT tablename FROM pg_tables WHERE schemaname = $1',
      [schema],
    );
    return rows.map((r) => r.tablename);
  } finally {
    await client.end();
  }
}
