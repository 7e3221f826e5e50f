/**
 * SQL and row mapping for verdict history and schedule ticks, shared by the SQLite and PostgreSQL stores
 * (placeholders differ: `?` vs `$n`, so statements take a placeholder maker called once per parameter, in order).
 */
import type { HistoryQuery, VerdictHistoryEntry } from '../diagnosis/history';
import type { ScheduleTick, TickResult, TickState } from '../schedule/types';
import type { JsonColumn, Row } from './rows';

type Placeholder = () => string;

const DEFAULT_HISTORY_LIMIT = 100;
const MAX_HISTORY_LIMIT = 10_000;

export function historyWhere(org: string, query: HistoryQuery, p: Placeholder): { where: string; params: unknown[] } {
  const where = [`org = ${p()}`];
  const params: unknown[] = [org];
  if (query.source !== undefined) {
    where.push(`source = ${p()}`);
    params.push(query.source);
  }
  if (query.since !== undefined) {
    where.push(`at >= ${p()}`);
    params.push(query.since);
  }
  return { where: where.join(' AND '), params };
}

export function historyLimit(query: HistoryQuery): number {
  const limit = query.limit ?? DEFAULT_HISTORY_LIMIT;
  return Math.max(0, Math.min(MAX_HISTORY_LIMIT, Math.floor(limit)));
}

export function historyFromRow(row: Row, json: JsonColumn): VerdictHistoryEntry {
  return json(row.entry) as VerdictHistoryEntry;
}

/**
 * Insert the tick as running, or take over a running claim whose lease ended before now. A live or finished
 * claim leaves the WHERE false, so nothing changes (changes = 0, no row returned). Parameters:
 * org, tick_at, owner, lease_until, claimed_at, now.
 */
export const CLAIM_TICK_SQL = (p: Placeholder | string): string => {
  const next = typeof p === 'string' ? () => p : p;
  return `INSERT INTO schedule_ticks (org, tick_at, state, owner, lease_until, attempts, claimed_at)
     VALUES (${next()}, ${next()}, 'running', ${next()}, ${next()}, 1, ${next()})
     ON CONFLICT (org, tick_at) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until,
       attempts = schedule_ticks.attempts + 1, claimed_at = excluded.claimed_at
     WHERE schedule_ticks.state = 'running' AND schedule_ticks.lease_until < ${next()}`;
};

/** Parameters: finished_at, result, org, tick_at, owner. Only the holder of a running tick finishes it. */
export const FINISH_TICK_SQL = (p: Placeholder | string): string => {
  const next = typeof p === 'string' ? () => p : p;
  return `UPDATE schedule_ticks SET state = 'done', finished_at = ${next()}, result = ${next()}
     WHERE org = ${next()} AND tick_at = ${next()} AND owner = ${next()} AND state = 'running'`;
};

export function tickFromRow(row: Row): ScheduleTick {
  return {
    org: String(row.org),
    tickAt: Number(row.tick_at),
    state: String(row.state) as TickState,
    owner: String(row.owner),
    leaseUntil: Number(row.lease_until),
    attempts: Number(row.attempts),
    claimedAt: Number(row.claimed_at),
    ...(row.finished_at !== null && row.finished_at !== undefined ? { finishedAt: Number(row.finished_at) } : {}),
    ...(row.result !== null && row.result !== undefined ? { result: String(row.result) as TickResult } : {}),
  };
}
