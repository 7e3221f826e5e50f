/**
 * The statements of verdict history and schedule ticks that a column list alone does not give (queries, the
 * claim's upsert, the finish), shared by the SQLite and PostgreSQL stores; their columns and row mappers are in
 * rows.ts. Placeholders differ (`?` vs `$n`): statements take a placeholder maker called once per parameter, in
 * order, or the dialect where they are built from a column list.
 */
import type { HistoryQuery } from '../diagnosis/history';
import type { ScheduleTick } from '../schedule/types';
import { type Dialect, insertRow } from './columns';
import { TICK_COLUMNS } from './rows';

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

/** The columns a claim writes: every required one of the tick (the finish fills in the rest). */
const CLAIM_COLUMNS = TICK_COLUMNS.filter((c) => !c.optional);

/**
 * Insert the tick as running, or take over a running claim whose lease ended before now. A live or finished
 * claim leaves the WHERE false, so nothing changes (changes = 0, no row returned).
 */
export function claimTick(
  org: string,
  tickAt: number,
  owner: string,
  leaseUntil: number,
  now: number,
  dialect: Dialect,
): { sql: string; params: unknown[] } {
  const tick: ScheduleTick = { org, tickAt, state: 'running', owner, leaseUntil, attempts: 1, claimedAt: now };
  const { sql, params } = insertRow('schedule_ticks', CLAIM_COLUMNS, tick, dialect);
  return {
    sql: `${sql}
     ON CONFLICT (org, tick_at) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until,
       attempts = schedule_ticks.attempts + 1, claimed_at = excluded.claimed_at
     WHERE schedule_ticks.state = 'running' AND schedule_ticks.lease_until < ${dialect.placeholder(params.length + 1)}`,
    params: [...params, now],
  };
}

/** Parameters: finished_at, result, org, tick_at, owner. Only the holder of a running tick finishes it. */
export const FINISH_TICK_SQL = (p: Placeholder | string): string => {
  const next = typeof p === 'string' ? () => p : p;
  return `UPDATE schedule_ticks SET state = 'done', finished_at = ${next()}, result = ${next()}
     WHERE org = ${next()} AND tick_at = ${next()} AND owner = ${next()} AND state = 'running'`;
};
