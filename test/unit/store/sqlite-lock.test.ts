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
import { DelegatingStore } from '../../../src/store/delegating-store';
import { LockQueue } from '../../../src/store/lock-queue';
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

  it('with 100 claims waiting, timers still fire on time, and after the release every claim wins, in order', async () => {
    const path = join(dir, 'many.db');
    const store = new SqliteStore({ path });
    try {
      const lock = await holdWriteLock(path, 15_000);
      const waiters = 100;
      const settled: number[] = [];
      const claims = Array.from({ length: waiters }, (_, i) =>
        store.claim(`evt:many-${i}`, 60).then((won) => {
          settled.push(i);
          return won;
        }),
      );
      // The claim guard before Slack's ack is a 1 s timer; a 20 ms ticker counts how often the loop got to run.
      const guardMs = 1_000;
      const tickMs = 20;
      let ticks = 0;
      const ticker = setInterval(() => ticks++, tickMs);
      const start = performance.now();
      const guardLateMs = await new Promise<number>((resolve) =>
        setTimeout(() => resolve(performance.now() - start - guardMs), guardMs),
      );
      clearInterval(ticker);
      const elapsedMs = performance.now() - start;
      expect(settled).toEqual([]); // all still waiting for the lock
      await expect(store.lastVerdicts()).resolves.toEqual([]); // reads still answer (WAL)
      // Ratios, not absolute times: the guard fires within half its own period of its time (it was 1 s late
      // with 100 waiters when each retry blocked the thread), and the ticker ran at least half as often as asked.
      expect(guardLateMs / guardMs).toBeLessThan(0.5);
      expect(ticks / (elapsedMs / tickMs)).toBeGreaterThan(0.5);
      lock.release();
      await lock.released;
      expect(await Promise.all(claims)).toEqual(Array.from({ length: waiters }, () => true));
      expect(settled).toEqual(Array.from({ length: waiters }, (_, i) => i));
    } finally {
      await store.close();
    }
  }, 30_000);

  it('keeps the synchronous helpers synchronous: the sweep inside claim runs in the same call', async () => {
    const store = new SqliteStore({ path: ':memory:' });
    try {
      // The sweep lives in the idempotency-key table (sqlite/claims.ts), behind the store's wrapped methods.
      type Sweeper = { sweep: (sql: string, ...p: unknown[]) => unknown };
      const sweep = (store as unknown as { tables: { claims: Sweeper } }).tables.claims.sweep(
        'DELETE FROM idempotency_keys WHERE expires_at <= ?',
        0,
      );
      expect(sweep).toBeUndefined(); // not a Promise: a wrapped helper would turn its errors into unhandled rejections
    } finally {
      await store.close();
    }
  });

  it('retries every method it inherits from DelegatingStore: each, answered SQLITE_BUSY once, is tried again and resolves', async () => {
    const store = new SqliteStore({ path: ':memory:' });
    try {
      const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
      // Every table method fails busy on its first call and answers its own name on the next.
      const attempts = new Map<string, number>();
      const flaky = new Proxy(
        {},
        {
          get: (_target, name) => async () => {
            const key = String(name);
            attempts.set(key, (attempts.get(key) ?? 0) + 1);
            if (attempts.get(key) === 1) throw busy;
            return `answered ${key}`;
          },
        },
      );
      const tables = (store as unknown as { tables: Record<string, unknown> }).tables;
      for (const table of Object.keys(tables)) tables[table] = flaky;
      const forwarded = Object.getOwnPropertyNames(DelegatingStore.prototype).filter((name) => name !== 'constructor');
      expect(forwarded.length).toBeGreaterThan(30);
      const calls = store as unknown as Record<string, () => Promise<unknown>>;
      for (const name of forwarded) {
        expect(Object.getOwnPropertyNames(SqliteStore.prototype)).not.toContain(name); // really inherited
        await expect(calls[name]!()).resolves.toBe(`answered ${name}`);
        expect(attempts.get(name)).toBe(2);
      }
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

describe('LockQueue (one asynchronous waiter for all the calls a held lock stops)', () => {
  const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
  /** A fake lock: attempts fail with SQLITE_BUSY while it is held, and each attempt is counted per caller. */
  function fakeLock() {
    const state = { held: true, attempts: new Map<number, number>() };
    const attempt = (id: number) => async () => {
      state.attempts.set(id, (state.attempts.get(id) ?? 0) + 1);
      if (state.held) throw busy;
      return id;
    };
    return { state, attempt };
  }
  const until = async (condition: () => boolean) => {
    while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
  };

  it('retries only the head while the lock is held, whatever the number of waiters; then runs them all in order', async () => {
    const queue = new LockQueue({ isBusy: (e) => (e as { code?: string }).code === 'SQLITE_BUSY' });
    const { state, attempt } = fakeLock();
    const done: number[] = [];
    const runs = Array.from({ length: 100 }, (_, i) => queue.run(attempt(i), 60_000).then((id) => done.push(id)));
    await until(() => (state.attempts.get(0) ?? 0) >= 5); // the head has been retried a few times
    expect(queue.size).toBe(100);
    for (let i = 1; i < 100; i++) expect(state.attempts.get(i)).toBe(1); // the others only tried on arrival
    state.held = false;
    await Promise.all(runs);
    expect(done).toEqual(Array.from({ length: 100 }, (_, i) => i));
    for (let i = 1; i < 100; i++) expect(state.attempts.get(i)).toBe(2);
    expect(queue.size).toBe(0);
  });

  it('gives each waiter up at its own deadline with the busy error, leaving the others waiting', async () => {
    const queue = new LockQueue({ isBusy: (e) => (e as { code?: string }).code === 'SQLITE_BUSY' });
    const { state, attempt } = fakeLock();
    const outcome: string[] = [];
    const track = (name: string, run: Promise<number>) =>
      run.then(
        () => outcome.push(`${name} ok`),
        (error: { code?: string }) => outcome.push(`${name} ${error.code}`),
      );
    const patient = track('patient', queue.run(attempt(1), 60_000)); // queued first, long deadline
    const hasty = track('hasty', queue.run(attempt(2), 100)); // queued behind it, short deadline
    await hasty;
    expect(outcome).toEqual(['hasty SQLITE_BUSY']);
    expect(queue.size).toBe(1);
    state.held = false;
    await patient;
    expect(outcome).toEqual(['hasty SQLITE_BUSY', 'patient ok']);
  });

  it('passes other errors through at once, and lets calls that get through go without queueing', async () => {
    const queue = new LockQueue({ isBusy: (e) => (e as { code?: string }).code === 'SQLITE_BUSY' });
    await expect(queue.run(async () => 7, 1_000)).resolves.toBe(7);
    await expect(
      queue.run(async () => {
        throw new Error('constraint failed');
      }, 1_000),
    ).rejects.toThrow('constraint failed');
    expect(queue.size).toBe(0);
  });
});
