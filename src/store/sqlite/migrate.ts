import type { Database as SqliteDatabase } from 'better-sqlite3';
import type { Migration } from '../migrations';
import type { Row } from '../rows';

/** Applies the migrations this database lacks, all in one immediate transaction (a second process waits, then finds them applied). */
export function migrate(db: SqliteDatabase, migrations: Migration[], now: () => number = Date.now): number[] {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  const apply = db.transaction(() => {
    const applied = new Set(
      (db.prepare('SELECT version FROM schema_migrations').all() as Row[]).map((r) => Number(r.version)),
    );
    const done: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        now(),
      );
      done.push(migration.version);
    }
    return done;
  });
  return apply.immediate();
}
