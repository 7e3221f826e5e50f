/** Schedule ticks and the status-change outbox, on SQLite (schedule/types.ts). */
import type {
  ScheduleTick,
  ScheduleTickStore,
  StatusNotice,
  StatusNoticeStore,
  TickResult,
} from '../../schedule/types';
import { claimTick, FINISH_TICK_SQL } from '../history-rows';
import { insertParams } from '../columns';
import { NOTICE_COLUMNS, type Row } from '../rows';
import {
  ADD_NOTICE_SQL,
  CLAIM_NOTICES_SQL,
  CLAIMED_NOTICES_SQL,
  FINISH_NOTICE_SQL,
  question,
  RETRY_NOTICE_SQL,
} from '../status-notice-rows';
import { noticeFromRow, SQLITE, SqliteTable, tickFromRow } from './table';

export class SqliteSchedule extends SqliteTable implements ScheduleTickStore, StatusNoticeStore {
  // ---- schedule ticks (schedule/types.ts) ----

  async claimScheduleTick(
    org: string,
    tickAt: number,
    owner: string,
    leaseUntil: number,
    now: number,
  ): Promise<boolean> {
    const { sql, params } = claimTick(org, tickAt, owner, leaseUntil, now, SQLITE);
    const info = this.db.prepare(sql).run(...params);
    return info.changes === 1;
  }

  async finishScheduleTick(
    org: string,
    tickAt: number,
    owner: string,
    result: TickResult,
    now: number,
  ): Promise<boolean> {
    const info = this.db.prepare(FINISH_TICK_SQL('?')).run(now, result, org, tickAt, owner);
    return info.changes === 1;
  }

  async lastScheduleTick(org: string): Promise<ScheduleTick | undefined> {
    const row = this.db.prepare('SELECT * FROM schedule_ticks WHERE org = ? ORDER BY tick_at DESC LIMIT 1').get(org) as
      | Row
      | undefined;
    return row ? tickFromRow(row) : undefined;
  }

  async pruneScheduleTicks(before: number): Promise<number> {
    // Status notices posted (or given up) as long ago go with the ticks.
    this.db.prepare('DELETE FROM status_notices WHERE done_at IS NOT NULL AND done_at < ?').run(before);
    return this.db.prepare('DELETE FROM schedule_ticks WHERE tick_at < ?').run(before).changes;
  }

  // ---- status-change outbox (status-notice-rows.ts) ----

  async addStatusNotices(notices: Array<Omit<StatusNotice, 'attempts'>>): Promise<void> {
    const insert = this.db.prepare(ADD_NOTICE_SQL(SQLITE));
    this.db.transaction(() => {
      for (const n of notices) insert.run(...insertParams(NOTICE_COLUMNS, n));
    })();
  }

  async claimStatusNotices(owner: string, now: number, leaseMs: number, limit: number): Promise<StatusNotice[]> {
    this.db.prepare(CLAIM_NOTICES_SQL(question)).run(owner, now + leaseMs, now, limit, now);
    return (this.db.prepare(CLAIMED_NOTICES_SQL(question)).all(owner) as Row[]).map(noticeFromRow);
  }

  async finishStatusNotice(id: string, owner: string, done: boolean, now: number): Promise<boolean> {
    const info = done
      ? this.db.prepare(FINISH_NOTICE_SQL(question)).run(now, id, owner)
      : this.db.prepare(RETRY_NOTICE_SQL(question)).run(id, owner);
    return info.changes === 1;
  }
}
