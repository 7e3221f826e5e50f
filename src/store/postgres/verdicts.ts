/** The last verdict per org and the verdict history, on PostgreSQL (approvals/ports.ts, diagnosis/history.ts). */
import type { LastVerdictStore } from '../../approvals/ports';
import type { LastVerdict, VerdictSummary } from '../../approvals/types';
import type { HistoryQuery, VerdictHistoryEntry, VerdictHistoryStore } from '../../diagnosis/history';
import { insertRow } from '../columns';
import { historyLimit, historyWhere } from '../history-rows';
import { HISTORY_COLUMNS, historyRow } from '../rows';
import { historyFromRow, POSTGRES, PostgresTable } from './table';

export class PostgresVerdicts extends PostgresTable implements LastVerdictStore, VerdictHistoryStore {
  // ---- last verdicts ----

  async setLastVerdict(org: string, summary: VerdictSummary): Promise<void> {
    await this.pool.query(
      `INSERT INTO last_verdicts (org, summary, updated_at) VALUES ($1, $2::jsonb, $3)
       ON CONFLICT (org) DO UPDATE SET summary = EXCLUDED.summary, updated_at = EXCLUDED.updated_at`,
      [org, JSON.stringify(summary), this.now()],
    );
  }

  async lastVerdicts(): Promise<LastVerdict[]> {
    return (await this.rows('SELECT * FROM last_verdicts ORDER BY org COLLATE "C"')).map((row) => ({
      org: String(row.org),
      summary: row.summary as VerdictSummary,
      updatedAt: Number(row.updated_at),
    }));
  }

  // ---- verdict history (diagnosis/history.ts) ----

  async appendHistory(entry: VerdictHistoryEntry): Promise<void> {
    const { sql, params } = insertRow('verdict_history', HISTORY_COLUMNS, historyRow(entry), POSTGRES);
    await this.pool.query(sql, params);
  }

  async listHistory(org: string, query: HistoryQuery = {}): Promise<VerdictHistoryEntry[]> {
    let n = 0;
    const { where, params } = historyWhere(org, query, () => `$${++n}`);
    const rows = await this.rows(
      `SELECT entry FROM verdict_history WHERE ${where} ORDER BY at DESC, id DESC LIMIT $${++n}`,
      [...params, historyLimit(query)],
    );
    return rows.map(historyFromRow);
  }

  async pruneHistory(before: number): Promise<number> {
    return (await this.pool.query('DELETE FROM verdict_history WHERE at < $1', [before])).rowCount ?? 0;
  }
}
