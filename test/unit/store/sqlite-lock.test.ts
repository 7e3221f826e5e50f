/**
 * Another process holding SQLite's write lock (BEGIN IMMEDIATE) must not freeze this one: writes wait
 * asynchronously (timers, the 1 s claim guard before Slack's ack and /healthz keep running), then succeed once
 * the lock is gone, or fail after the store's busy timeout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../src/store/sqlite-store';

const REPO = join(__dirname, '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'sr-check-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** A second process that takes the write lock, says "locked", and commits when told (stdin) or after holdMs. */
async function holdWriteLock(path: string, holdMs: number): Promise<{ release(): void; released: Promise<void> }> {
  const script = `
    const db = new (require('better-sqlite3'))(process.argv[1]);
    db.exec('BEGIN IMMEDIATE');
    db.prepare("INSERT INTO idempotency_keys (key, expires_at) VALUES ('holder', 1)").run();
    process.stdout.write('locked\\n');
    const done = () => { db.exec('COMMIT'); db.close(); process.exit(0); };
    process.stdin.on('data', done);
    setTimeout(done, ${holdMs});
  `;
  const child = spawn(process.execPath, ['-e', script, path], { cwd: REPO, stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  const released = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
    child.once('exit', (code) => reject(new Error(`lock holder exited ${code}`)));
  });
  return { release: () => child.stdin!.write('go\n'), released };
}

describe('SqliteStore while another process holds the write lock', () => {
  it('waits without blocking the event loop: a 50 ms timer fires before the claim settles, and the claim then wins', async () => {
    const path = join(dir, 'wait.db');
    const store = new SqliteStore({ path });
    try {
      const lock = await holdWriteLock(path, 10_000);
      const order: string[] = [];
      const claim = store.claim('evt:locked', 60).then((won) => {
        order.push('claim');
        return won;
      });
      const timer = new Promise<void>((resolve) =>
        setTimeout(() => {
          order.push('timer');
          resolve();
        }, 50),
      );
      await timer;
      expect(order).toEqual(['timer']); // the claim is still waiting, and the loop is free
      await expect(store.ping()).resolves.toBeUndefined(); // reads still answer (WAL)
      lock.release();
      await lock.released;
      expect(await claim).toBe(true);
      expect(order).toEqual(['timer', 'claim']);
    } finally {
      await store.close();
    }
  }, 30_000);

  it('keeps the synchronous helpers synchronous: the sweep inside claim runs in the same call', async () => {
    const store = new SqliteStore({ path: ':memory:' });
    try {
      const sweep = (store as unknown as { sweep: (sql: string, ...p: unknown[]) => unknown }).sweep(
        'DELETE FROM idempotency_keys WHERE expires_at <= ?',
        0,
      );
      expect(sweep).toBeUndefined(); // not a Promise: a wrapped helper would turn its errors into unhandled rejections
    } finally {
      await store.close();
    }
  });

  it('gives up after its busy timeout with an error, leaving nothing half-written', async () => {
    const path = join(dir, 'timeout.db');
    const store = new SqliteStore({ path, busyTimeoutMs: 300 });
    try {
      const lock = await holdWriteLock(path, 10_000);
      await expect(store.claim('evt:never', 60)).rejects.toThrow(/locked|busy/i);
      lock.release();
      await lock.released;
      expect(await store.claim('evt:never', 60)).toBe(true);
    } finally {
      await store.close();
    }
  }, 30_000);
});
