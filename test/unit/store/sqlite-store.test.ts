import { mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStore, databasePathFromEnv, migrate } from '../../../src/store/sqlite-store';
import { SQLITE_MIGRATIONS } from '../../../src/store/migrations';
import { sampleRequest, storeContract } from '../../support/store';

const dirs: string[] = [];
function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sr-check-store-'));
  dirs.push(dir);
  return join(dir, 'sr-check.db');
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

storeContract('SqliteStore (temp file)', async ({ now }) => {
  const path = tempDb();
  const store = new SqliteStore({ path, now });
  return { store, openSibling: async () => new SqliteStore({ path, now }), dispose: () => store.close() };
});

describe('SqliteStore specifics', () => {
  it('uses WAL mode and no blocking busy wait on a file database (locked calls are retried asynchronously)', () => {
    const path = tempDb();
    const store = new SqliteStore({ path, busyTimeoutMs: 1234 });
    const db = (store as unknown as { db: Database.Database }).db;
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    // sqlite-lock.test.ts shows the full busyTimeoutMs is waited for, without blocking the event loop.
    expect(db.pragma('busy_timeout', { simple: true })).toBe(0);
    void store.close();
  });

  it('works in memory for tests', async () => {
    const store = new SqliteStore({ path: ':memory:' });
    const request = sampleRequest(Date.now());
    await store.createApproval(request);
    expect(await store.getApproval(request.id)).toEqual(request);
    await store.close();
  });

  it('records each migration once, and a second open applies nothing again', async () => {
    const path = tempDb();
    const first = new SqliteStore({ path });
    expect(first.appliedMigrations()).toEqual(SQLITE_MIGRATIONS.map((m) => m.version));
    const request = sampleRequest(Date.now());
    await first.createApproval(request);
    await first.close();
    const second = new SqliteStore({ path });
    expect(second.appliedMigrations()).toEqual(SQLITE_MIGRATIONS.map((m) => m.version));
    expect(await second.getApproval(request.id)).toEqual(request);
    await second.close();
  });

  it('applies only the migrations a database lacks, inside one transaction (a failing one leaves nothing behind)', () => {
    const db = new Database(':memory:');
    expect(migrate(db, [{ version: 1, name: 'one', sql: 'CREATE TABLE one (x INTEGER)' }])).toEqual([1]);
    const broken = [
      { version: 1, name: 'one', sql: 'CREATE TABLE one (x INTEGER)' },
      { version: 2, name: 'two', sql: 'CREATE TABLE two (x INTEGER)' },
      { version: 3, name: 'bad', sql: 'CREATE TABLE broken (' },
    ];
    expect(() => migrate(db, broken)).toThrow();
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'two'").get()).toBeUndefined();
    expect(db.prepare('SELECT version FROM schema_migrations').all()).toEqual([{ version: 1 }]);
    expect(migrate(db, broken.slice(0, 2))).toEqual([2]);
    db.close();
  });

  it('opens read-only without creating or migrating (the CLI audit command)', async () => {
    const path = tempDb();
    expect(() => new SqliteStore({ path, readonly: true })).toThrow();
    const writer = new SqliteStore({ path });
    await writer.appendAudit({ org: 'acme', actor: 'system', action: 'expired', summary: 's' });
    const reader = new SqliteStore({ path, readonly: true });
    expect((await reader.listAudit()).map((e) => e.action)).toEqual(['expired']);
    await expect(reader.appendAudit({ org: 'acme', actor: 'system', action: 'x', summary: 's' })).rejects.toThrow();
    await reader.close();
    await writer.close();
  });

  it('takes its path from SR_CHECK_DB, else ./sr-check.db under the working directory', () => {
    expect(databasePathFromEnv({}, '/srv/app')).toBe('/srv/app/sr-check.db');
    expect(databasePathFromEnv({ SR_CHECK_DB: 'data/x.db' }, '/srv/app')).toBe('/srv/app/data/x.db');
    expect(databasePathFromEnv({ SR_CHECK_DB: '/var/lib/sr.db' }, '/srv/app')).toBe('/var/lib/sr.db');
    expect(databasePathFromEnv({ SR_CHECK_DB: ':memory:' }, '/srv/app')).toBe(':memory:');
  });
});

describe('SqliteStore.ping (readiness)', () => {
  /** A store on a file whose rows are all in the main file (checkpointed), so what happens to the file is what ping reads. */
  async function checkpointedStore(): Promise<{ store: SqliteStore; path: string }> {
    const path = tempDb();
    const store = new SqliteStore({ path });
    await store.createApproval(sampleRequest(Date.now()));
    await store.ping();
    (store as unknown as { db: Database.Database }).db.pragma('wal_checkpoint(TRUNCATE)');
    return { store, path };
  }

  it('answers on a healthy file and in memory', async () => {
    const { store } = await checkpointedStore();
    await expect(store.ping()).resolves.toBeUndefined();
    await store.close();
    const memory = new SqliteStore({ path: ':memory:' });
    await expect(memory.ping()).resolves.toBeUndefined();
    await memory.close();
  });

  it('fails when the open file is overwritten with garbage (not answered from the page cache)', async () => {
    const { store, path } = await checkpointedStore();
    try {
      writeFileSync(path, Buffer.alloc(statSync(path).size, 0x5a));
      await expect(store.ping()).rejects.toThrow(/not a database|malformed|corrupt/i);
    } finally {
      await store.close();
    }
  });

  it('fails when the file was deleted or replaced by another file since it was opened', async () => {
    const deleted = await checkpointedStore();
    try {
      rmSync(deleted.path);
      await expect(deleted.store.ping()).rejects.toThrow(/ENOENT/);
    } finally {
      await deleted.store.close();
    }
    const replaced = await checkpointedStore();
    try {
      const other = tempDb();
      await new SqliteStore({ path: other }).close(); // a valid database, but not the one this store has open
      renameSync(other, replaced.path);
      await expect(replaced.store.ping()).rejects.toThrow(/replaced/);
    } finally {
      await replaced.store.close();
    }
  });
});
