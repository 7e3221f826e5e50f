/** Propagation watches (re-checks after an applied fix), on SQLite (approvals/ports.ts). */
import type { PropagationWatchStore } from '../../approvals/ports';
import type { NewWatch, PropagationWatch, WatchPatch } from '../../approvals/types';
import type { ThreadRef } from '../../fixes/types';
import { insertRow } from '../columns';
import { runningWatch, type Row, WATCH_COLUMNS, watchPatchColumns } from '../rows';
import { SQLITE, SqliteTable, watchFromRow } from './table';

export class SqlitePropagationWatches extends SqliteTable implements PropagationWatchStore {
  // ---- propagation watches ----

  async createWatch(watch: NewWatch): Promise<PropagationWatch | undefined> {
    const { sql, params } = insertRow('propagation_watches', WATCH_COLUMNS, runningWatch(watch, this.now()), SQLITE);
    const info = this.db.prepare(`${sql} ON CONFLICT (request_id) DO NOTHING`).run(...params);
    return info.changes === 1 ? this.watchById(watch.id) : undefined;
  }

  async getWatch(id: string): Promise<PropagationWatch | undefined> {
    return this.watchById(id);
  }

  /** getWatch's body, synchronous and not wrapped: createWatch reads its row back in the same call. */
  private watchById(id: string): PropagationWatch | undefined {
    const row = this.db.prepare('SELECT * FROM propagation_watches WHERE id = ?').get(id) as Row | undefined;
    return row ? watchFromRow(row) : undefined;
  }

  async getWatchForRequest(requestId: string): Promise<PropagationWatch | undefined> {
    const row = this.db.prepare('SELECT * FROM propagation_watches WHERE request_id = ?').get(requestId) as
      | Row
      | undefined;
    return row ? watchFromRow(row) : undefined;
  }

  async dueWatches(now: number): Promise<PropagationWatch[]> {
    return (
      this.db
        .prepare(
          `SELECT * FROM propagation_watches
           WHERE status = 'running' AND next_run_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
           ORDER BY next_run_at, id`,
        )
        .all(now, now) as Row[]
    ).map(watchFromRow);
  }

  async claimWatch(id: string, position: number, owner: string, leaseMs: number): Promise<boolean> {
    const now = this.now();
    const info = this.db
      .prepare(
        `UPDATE propagation_watches SET lease_owner = ?, lease_until = ?, updated_at = ?
         WHERE id = ? AND status = 'running' AND position = ? AND next_run_at <= ?
           AND (lease_until IS NULL OR lease_until <= ? OR lease_owner = ?)`,
      )
      .run(owner, now + leaseMs, now, id, position, now, now, owner);
    return info.changes === 1;
  }

  async updateWatch(id: string, expected: { position: number; owner: string }, patch: WatchPatch): Promise<boolean> {
    const columns = watchPatchColumns(patch);
    const sets = [...columns.map(([column]) => `${column} = ?`), 'updated_at = ?'];
    const info = this.db
      .prepare(
        `UPDATE propagation_watches SET ${sets.join(', ')} WHERE id = ? AND status = 'running' AND position = ? AND lease_owner = ?`,
      )
      .run(...columns.map(([, value]) => value), this.now(), id, expected.position, expected.owner);
    return info.changes === 1;
  }

  async setWatchMessage(id: string, message: ThreadRef): Promise<void> {
    this.db
      .prepare('UPDATE propagation_watches SET message = ?, updated_at = ? WHERE id = ?')
      .run(JSON.stringify(message), this.now(), id);
  }
}
