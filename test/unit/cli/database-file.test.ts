/**
 * SR_CHECK_DB read as carefully as a config file (issue 25 item 7): a FIFO, a device, an empty file, another
 * program's SQLite file or an older sr-check schema gets one clear line and exit 1 (docs/cli.md), at once (a FIFO
 * is never opened, so nothing waits for a writer), and the file is left exactly as it was.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SQLITE_MIGRATIONS } from '../../../src/store/migrations';
import { migrate, SqliteStore } from '../../../src/store/sqlite-store';
import { runCliCaptured } from '../../support/cli';

const dir = mkdtempSync(join(tmpdir(), 'sr-check-dbfile-'));
let files = 0;
const fresh = (name: string) => join(dir, `${++files}-${name}`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fifo(): string {
  const path = fresh('fifo.db');
  execFileSync('mkfifo', [path]);
  return path;
}
function empty(): string {
  const path = fresh('empty.db');
  writeFileSync(path, '');
  return path;
}
function foreign(): string {
  const path = fresh('foreign.db');
  const db = new Database(path);
  db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('mine')");
  db.close();
  return path;
}
function older(): string {
  const path = fresh('older.db');
  const db = new Database(path);
  migrate(db, SQLITE_MIGRATIONS.slice(0, 2));
  db.close();
  return path;
}

/** Bounded: a command that waits on a FIFO would never answer. */
async function runBounded(args: string[], path: string) {
  return Promise.race([
    runCliCaptured(args, { SR_CHECK_DB: path }),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${args[0]} did not answer`)), 5_000)),
  ]);
}

describe('SR_CHECK_DB that is not an sr-check database', () => {
  const cases: Array<[string, () => string, RegExp]> = [
    ['a FIFO', fifo, /not a regular file/],
    ['/dev/zero', () => '/dev/zero', /not a regular file/],
    ['an empty file', empty, /not an sr-check database/],
    ["another program's SQLite file", foreign, /not an sr-check database/],
    ['an older sr-check schema', older, /older sr-check database/],
  ];
  it.each(cases)(
    '%s: history and audit exit 1 at once with a clear line, the file unchanged',
    async (_n, make, said) => {
      const path = make();
      const regular = !path.startsWith('/dev/') && !path.endsWith('-fifo.db');
      const before = regular ? readFileSync(path) : undefined;
      for (const args of [['history', 'org=acme'], ['audit']]) {
        const run = await runBounded(args, path);
        expect(run.code, `${args[0]}: ${run.stderr}`).toBe(1);
        expect(run.stdout).toBe('');
        expect(run.stderr).toMatch(/^sr-check: /);
        expect(run.stderr).toMatch(said);
      }
      if (before) expect(readFileSync(path).equals(before), 'the file was modified').toBe(true);
    },
  );
});

describe('the app on SR_CHECK_DB that is not its database', () => {
  it.each([
    ['a FIFO', () => join(dir, 'fifo-app.db'), true],
    ["another program's SQLite file", foreign, false],
  ])('%s: refused when the store opens, the file unchanged', (_n, make, isFifo) => {
    const path = make();
    if (isFifo) execFileSync('mkfifo', [path]);
    const before = isFifo ? undefined : readFileSync(path);
    expect(() => new SqliteStore({ path })).toThrow(/sr-check leaves it unchanged/);
    if (before) expect(readFileSync(path).equals(before), 'the file was modified').toBe(true);
  });

  it('an empty file and an older sr-check schema are its own: used and upgraded', async () => {
    const path = join(dir, 'app-empty.db');
    writeFileSync(path, '');
    await new SqliteStore({ path }).close();
    const upgraded = new SqliteStore({ path: older() });
    expect(await upgraded.appliedMigrations()).toEqual(SQLITE_MIGRATIONS.map((m) => m.version));
    await upgraded.close();
  });
});
