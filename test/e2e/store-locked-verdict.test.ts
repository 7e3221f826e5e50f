/**
 * A SQLite file write-locked by another process (issue 25 item 4): a /sr-check verdict is still posted, with its
 * buttons, and nobody is told "Something went wrong"; the request behind the buttons is stored once the lock is
 * gone, and its Details button then works (it works on this replica meanwhile too, from memory).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/sim';
import { SqliteStore } from '../../src/store/sqlite-store';
import { buttonClick, startSlackHarness } from '../support/slack-harness';
import { allTextFields, type Block, simulatedOrg, buttonsOf } from './helpers';

const BUSY_MS = 300;
const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('a write-locked SQLite store', () => {
  it('does not turn a verdict into an error: posted with its buttons, stored when the lock is gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sr-check-locked-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'sr-check.db');
    const store = new SqliteStore({ path, busyTimeoutMs: BUSY_MS });
    cleanups.push(() => store.close());
    const acme = await simulatedOrg('cc-no-role', 'acme', ['CACME']);
    const sims: RunningSimulator[] = [acme.sim];
    cleanups.push(() => Promise.all(sims.map((s) => s.close())).then(() => undefined));
    const h = await startSlackHarness({ orgs: [acme.org], store });
    cleanups.push(() => h.close());

    // Another process holds the write lock (a long backup, a stuck admin shell).
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    let locked = true;
    const unlock = () => {
      if (locked) other.exec('ROLLBACK');
      locked = false;
      other.close();
    };
    cleanups.push(() => {
      if (locked) unlock();
    });

    const ack = await h.command('org=acme', { channel: 'CACME', user: 'U0LOCKED1' });
    const post = await h.fake.waitForCall(
      (c) => c.method === 'chat.postMessage' && c.args.channel === 'CACME' && c.seq > ack.seq,
      { description: 'the verdict while the store is locked', timeoutMs: 20 * BUSY_MS + 10_000 },
    );
    const blocks = post.args.blocks as Block[];
    expect(allTextFields(blocks).join('\n')).toContain('Requested by <@U0LOCKED1>');
    const details = buttonsOf(blocks).find((b) => b.action_id === 'verdict:details');
    expect(details, 'the verdict keeps its buttons').toBeDefined();
    const wrong = () =>
      h.fake.calls.filter((c) => /Something went wrong/.test(String(c.args.text ?? ''))).map((c) => c.args.text);
    expect(wrong()).toEqual([]);

    unlock();
    // Stored once the lock is gone (the write is tried again): a fresh store on the file finds it.
    const id = JSON.parse(details!.value).r as string;
    const reader = new SqliteStore({ path });
    cleanups.push(() => reader.close());
    const deadline = Date.now() + 20 * BUSY_MS + 10_000;
    while (!(await reader.getRequest(`check:${id}`))) {
      if (Date.now() > deadline) throw new Error('the request behind the buttons was never stored');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const click = buttonClick({
      button: details!,
      channel: 'CACME',
      message: { ts: String(post.response?.ts) },
      responseUrl: h.fake.responseUrl(),
    });
    await h.action(click);
    await h.fake.waitForCall((c) => c.method === 'views.open' && c.args.trigger_id === click.trigger_id, {
      description: 'the details modal',
    });
    expect(wrong()).toEqual([]);
  }, 60_000);
});
