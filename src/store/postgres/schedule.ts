/** Schedule ticks and the status-change outbox, on PostgreSQL (schedule/types.ts). */
import type {
  ScheduleTick,
  ScheduleTickStore,
  StatusNotice,
  StatusNoticeStore,
  TickResult,
} from '../../schedule/types';
import { claimTick, FINISH_TICK_SQL } from '../history-rows';
import { insertParams } from '../columns';
import { NOTICE_COLUMNS } from '../rows';
import {
  ADD_NOTICE_SQL,
  CLAIM_NOTICES_SQL,
  FINISH_NOTICE_SQL,
  numbered,
  RETRY_NOTICE_SQL,
} from '../status-notice-rows';
import { noticeFromRow, POSTGRES, PostgresTable, tickFromRow } from './table';

export class PostgresSchedule extends PostgresTable implements ScheduleTickStore, StatusNoticeStore {
  // ---- schedule ticks (schedule/types.ts) ----

  async claimScheduleTick(
    org: string,
    tickAt: number,
    owner: string,
    leaseUntil: number,
    now: number,
  ): Promise<boolean> {
    const { sql, params } = claimTick(org, tickAt, owner, leaseUntil, now, POSTGRES);
    const won = await this.rows(`${sql} RETURNING org`, params);
    return won.length === 1;
  }

  async finishScheduleTick(
    org: string,
    tickAt: number,
    owner: string,
    result: TickResult,
    now: number,
  ): Promise<boolean> {
    let n = 0;
    const done = await this.rows(`${FINISH_TICK_SQL(() => `$${++n}`)} RETURNING org`, [
      now,
      result,
      org,
      tickAt,
      owner,
    ]);
    return done.length === 1;
  }

  async lastScheduleTick(org: string): Promise<ScheduleTick | undefined> {
    const [row] = await this.rows('SELECT * FROM schedule_ticks WHERE org = $1 ORDER BY tick_at DESC LIMIT 1', [org]);
    return row ? tickFromRow(row) : undefined;
  }

  async pruneScheduleTicks(before: number): Promise<number> {
    // Status notices posted (or given up) as long ago go with the ticks.
    await this.pool.query('DELETE FROM status_notices WHERE done_at IS NOT NULL AND done_at < $1', [before]);
    return (await this.pool.query('DELETE FROM schedule_ticks WHERE tick_at < $1', [before])).rowCount ?? 0;
  }

  // ---- status-change outbox (status-notice-rows.ts) ----

  async addStatusNotices(notices: Array<Omit<StatusNotice, 'attempts'>>): Promise<void> {
    for (const n of notices) await this.pool.query(ADD_NOTICE_SQL(POSTGRES), insertParams(NOTICE_COLUMNS, n));
  }

  async claimStatusNotices(owner: string, now: number, leaseMs: number, limit: number): Promise<StatusNotice[]> {
    const claimed = await this.rows(`${CLAIM_NOTICES_SQL(numbered())} RETURNING *`, [
      owner,
      now + leaseMs,
      now,
      limit,
      now,
    ]);
    return claimed.map(noticeFromRow).sort((a, b) => a.createdAt - b.createdAt);
  }

  async finishStatusNotice(id: string, owner: string, done: boolean, now: number): Promise<boolean> {
    const result = done
      ? await this.pool.query(FINISH_NOTICE_SQL(numbered()), [now, id, owner])
      : await this.pool.query(RETRY_NOTICE_SQL(numbered()), [id, owner]);
    return result.rowCount === 1;
  }
}
