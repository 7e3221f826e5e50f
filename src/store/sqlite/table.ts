/**
 * What every SQLite table of the store shares: the connection, the store's clock, the row mappers for the
 * JSON-as-text dialect, and the sweep of lapsed rows. Each port's table is a class of its own (sqlite/*.ts);
 * SqliteStore (../sqlite-store.ts) builds them, forwards to them through DelegatingStore
 * (../delegating-store.ts), and wraps every call in the lock queue.
 */
import type { Database as SqliteDatabase } from 'better-sqlite3';
import type { Dialect } from '../columns';
import { jsonFromText, rowMappers } from '../rows';

export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return (
    code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || (typeof code === 'string' && code.startsWith('SQLITE_BUSY_'))
  );
}

export const {
  approval: approvalFromRow,
  audit: auditFromRow,
  revocation: revocationFromRow,
  watch: watchFromRow,
  notice: noticeFromRow,
  tick: tickFromRow,
  history: historyFromRow,
} = rowMappers(jsonFromText);

export const SQLITE: Dialect = { placeholder: () => '?', json: jsonFromText, jsonParam: (slot) => slot };

export class SqliteTable {
  constructor(
    protected readonly db: SqliteDatabase,
    protected readonly now: () => number,
  ) {}

  /** A sweep of lapsed rows: worth doing, never worth failing or repeating the write before it for. */
  protected sweep(sql: string, ...params: unknown[]): void {
    try {
      this.db.prepare(sql).run(...params);
    } catch (error) {
      if (!isBusy(error)) throw error;
    }
  }
}
