/**
 * The verdicts' Details (SavedDetailsStore, store/types.ts) for both stores: one row per verdict in `stored_details`
 * (migration 7), owned by the person who asked. Each save drops that person's oldest rows beyond the cap (count and
 * bytes; the newest is always kept) and lapsed rows, so a busy user cannot fill the database with ~100 KB a check
 * for 7 days. Kept in a file of its own so the stores only delegate to it.
 */
import type { Database as SqliteDatabase } from 'better-sqlite3';
import type { Pool } from 'pg';
import type { Row } from './rows';

export interface DetailsCap {
  /** Details one person keeps. */
  count: number;
  /** Bytes of Details (as stored JSON) one person keeps. */
  bytes: number;
}

type P = (n: number) => string;
/** Parameters: id, owner, created_at, expires_at, bytes, value. Saving one id again keeps the first. */
const SAVE_SQL = (p: P) =>
  `INSERT INTO stored_details (id, owner, created_at, expires_at, bytes, value)
   VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}) ON CONFLICT (id) DO NOTHING`;
/** Parameters: owner, owner, count, bytes. The owner's rows after the newest `count`, or past `bytes` in total. */
const PRUNE_SQL = (p: P) =>
  `DELETE FROM stored_details WHERE owner = ${p(1)} AND seq IN (
     SELECT seq FROM (
       SELECT seq, ROW_NUMBER() OVER (ORDER BY seq DESC) AS n,
              SUM(bytes) OVER (ORDER BY seq DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS total
       FROM stored_details WHERE owner = ${p(2)}) ranked
     WHERE n > ${p(3)} OR (n > 1 AND total > ${p(4)}))`;
const EXPIRED_SQL = (p: P) => `DELETE FROM stored_details WHERE expires_at <= ${p(1)}`;
const GET_SQL = (p: P) => `SELECT value FROM stored_details WHERE id = ${p(1)} AND expires_at > ${p(2)}`;

const question: P = () => '?';
const dollar: P = (n) => `$${n}`;

function parsed(row: Row | undefined): unknown {
  if (!row || typeof row.value !== 'string') return undefined;
  try {
    return JSON.parse(row.value);
  } catch {
    return undefined;
  }
}

export function sqliteStoredDetails(db: SqliteDatabase) {
  return {
    save(id: string, owner: string, value: unknown, at: number, ttlSeconds: number, cap: DetailsCap): void {
      const text = JSON.stringify(value ?? null);
      db.transaction(() => {
        db.prepare(SAVE_SQL(question)).run(id, owner, at, at + ttlSeconds * 1000, Buffer.byteLength(text), text);
        db.prepare(PRUNE_SQL(question)).run(owner, owner, cap.count, cap.bytes);
        db.prepare(EXPIRED_SQL(question)).run(at);
      })();
    },
    get(id: string, now: number): unknown {
      return parsed(db.prepare(GET_SQL(question)).get(id, now) as Row | undefined);
    },
  };
}

export function postgresStoredDetails(pool: Pool) {
  return {
    async save(id: string, owner: string, value: unknown, at: number, ttlSeconds: number, cap: DetailsCap) {
      const text = JSON.stringify(value ?? null);
      await pool.query(SAVE_SQL(dollar), [id, owner, at, at + ttlSeconds * 1000, Buffer.byteLength(text), text]);
      // A prune that fails leaves the cap to the next save; the Details just saved are in either way.
      await pool.query(PRUNE_SQL(dollar), [owner, owner, cap.count, cap.bytes]);
      await pool.query(EXPIRED_SQL(dollar), [at]);
    },
    async get(id: string, now: number): Promise<unknown> {
      return parsed((await pool.query(GET_SQL(dollar), [id, now])).rows[0] as Row | undefined);
    },
  };
}
