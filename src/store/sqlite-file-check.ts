/**
 * Is the file at SR_CHECK_DB an sr-check database this version can read? Asked before the file is opened for
 * reading (audit, history), so a FIFO is never opened (opening one waits for a writer), a device is never read, and
 * another program's SQLite file is only read, never changed. Undefined when it is; otherwise one line saying what it is.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { SQLITE_MIGRATIONS } from './migrations';

const SQLITE_HEADER = 'SQLite format 3\0';

export function sqliteFileProblem(path: string): string | undefined {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch (error) {
    return `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`;
  }
  if (!stat.isFile()) return `${path} is not a regular file (a directory, FIFO or device), so not an sr-check database`;
  if (stat.size < SQLITE_HEADER.length) return `${path} is not an sr-check database (it is empty or too short)`;
  const header = Buffer.alloc(SQLITE_HEADER.length);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    readSync(fd, header, 0, header.length, 0);
  } catch (error) {
    return `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (header.toString('latin1') !== SQLITE_HEADER) return `${path} is not an sr-check database (not an SQLite file)`;
  return schemaProblem(path);
}

/** The schema, read-only: sr-check's migrations table, at this version's latest migration. */
function schemaProblem(path: string): string | undefined {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
    if (!table) return `${path} is not an sr-check database (it has no sr-check tables)`;
    const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null };
    const latest = Math.max(...SQLITE_MIGRATIONS.map((m) => m.version));
    const version = row.version ?? 0;
    if (version < latest)
      return `${path} is an older sr-check database (schema ${version}, this sr-check reads ${latest}): start the app on it once (it upgrades the schema), then run this again`;
    return undefined;
  } catch (error) {
    return `${path} is not an sr-check database (${(error as Error).message})`;
  } finally {
    db?.close();
  }
}

/**
 * For the app, which creates and upgrades its database: a missing or empty file is a new database, an sr-check one
 * (any schema version) is upgraded; anything else (a FIFO or device, a file that is not SQLite, another program's
 * SQLite file) is refused before it is opened for writing, so it is never changed. Undefined when it may be used.
 */
export function sqliteWriteProblem(path: string): string | undefined {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch {
    return undefined; // not there yet: created
  }
  if (!stat.isFile()) return `${path} is not a regular file (a directory, FIFO or device), so not an sr-check database`;
  if (stat.size === 0) return undefined;
  const problem = sqliteFileProblem(path);
  return problem && !problem.includes('older sr-check database') ? problem : undefined;
}
