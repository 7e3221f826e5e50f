/** Propagation watches (re-checks after an applied fix), on PostgreSQL (approvals/ports.ts). */
import type { PropagationWatchStore } from '../../approvals/ports';
import type { NewWatch, PropagationWatch, WatchPatch } from '../../approvals/types';
import type { ThreadRef } from '../../fixes/types';
import { insertRow } from '../columns';
import { runningWatch, WATCH_COLUMNS, watchPatchColumns } from '../rows';
import { POSTGRES, PostgresTable, watchFromRow } from './table';

export class PostgresPropagationWatches extends PostgresTable implements PropagationWatchStore {
  // ---- propagation watches ----

  async createWatch(watch: NewWatch): Promise<PropagationWatch | undefined> {
    const { sql, params } = insertRow('propagation_watches', WATCH_COLUMNS, runningWatch(watch, this.now()), POSTGRES);
    const [row] = await this.rows(`${sql} ON CONFLICT (request_id) DO NOTHING RETURNING *`, params);
    return row ? watchFromRow(row) : undefined;
  }

  async getWatch(id: string): Promise<PropagationWatch | undefined> {
    const [row] = await this.rows('SELECT * FROM propagation_watches WHERE id = $1', [id]);
    return row ? watchFromRow(row) : undefined;
  }

  async getWatchForRequest(requestId: string): Promise<PropagationWatch | undefined> {
    const [row] = await this.rows('SELECT * FROM propagation_watches WHERE request_id = $1', [requestId]);
    return row ? watchFromRow(row) : undefined;
  }

  async dueWatches(now: number): Promise<PropagationWatch[]> {
    return (
      await this.rows(
        `SELECT * FROM propagation_watches
         WHERE status = 'running' AND next_run_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
         ORDER BY next_run_at, id COLLATE "C"`,
        [now],
      )
    ).map(watchFromRow);
  }

  async claimWatch(id: string, position: number, owner: string, leaseMs: number): Promise<boolean> {
    const now = this.now();
    const won = await this.rows(
      `UPDATE propagation_watches SET lease_owner = $3, lease_until = $4, updated_at = $5
       WHERE id = $1 AND status = 'running' AND position = $2 AND next_run_at <= $5
         AND (lease_until IS NULL OR lease_until <= $5 OR lease_owner = $3)
       RETURNING id`,
      [id, position, owner, now + leaseMs, now],
    );
    return won.length === 1;
  }

  async updateWatch(id: string, expected: { position: number; owner: string }, patch: WatchPatch): Promise<boolean> {
    const params: unknown[] = [id, expected.position, expected.owner, this.now()];
    const param = (value: unknown) => `$${params.push(value)}`;
    const sets = [
      ...watchPatchColumns(patch).map(([column, value]) => `${column} = ${param(value)}`),
      'updated_at = $4',
    ];
    const changed = await this.rows(
      `UPDATE propagation_watches SET ${sets.join(', ')} WHERE id = $1 AND status = 'running' AND position = $2 AND lease_owner = $3 RETURNING id`,
      params,
    );
    return changed.length === 1;
  }

  async setWatchMessage(id: string, message: ThreadRef): Promise<void> {
    await this.pool.query('UPDATE propagation_watches SET message = $2::jsonb, updated_at = $3 WHERE id = $1', [
      id,
      JSON.stringify(message),
      this.now(),
    ]);
  }
}
