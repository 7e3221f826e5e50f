/** The last verdict per org and the verdict history, on SQLite (approvals/ports.ts, diagnosis/history.ts). */
import type { LastVerdictStore } from '../../approvals/ports';
import type { LastVerdict, VerdictSummary } from '../../approvals/types';
import type { HistoryQuery, VerdictHistoryEntry, VerdictHistoryStore } from '../../diagnosis/history';
import { insertRow } from '../columns';
import { historyLimit, historyWhere } from '../history-rows';
import { HISTORY_COLUMNS, historyRow, jsonFromText, type Row } from '../rows';
import { historyFromRow, SQLITE, SqliteTable } from './table';

export class SqliteVerdicts extends SqliteTable implements LastVerdictStore, VerdictHistoryStore {
  // ---- last verdicts ----

  async setLastVerdict(org: string, summary: VerdictSummary): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO last_verdicts (org, summary, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (org) DO UPDATE SET summary = excluded.summary, updated_at = excluded.updated_at`,
      )
      .run(org, JSON.stringify(summary), this.now());
  }

  async lastVerdicts(): Promise<LastVerdict[]> {
    return (this.db.prepare('SELECT * FROM last_verdicts ORDER BY org').all() as Row[]).map((row) => ({
      org: String(row.org),
      summary: jsonFromText(row.summary) as VerdictSummary,
      updatedAt: Number(row.updated_at),
    }));
  }

  // ---- verdict history (diagnosis/history.ts) ----

  async appendHistory(entry: VerdictHistoryEntry): Promise<void> {
    const { sql, params } = insertRow('verdict_history', HISTORY_COLUMNS, historyRow(entry), SQLITE);
    this.db.prepare(sql).run(...params);
  }

  async listHistory(org: string, query: HistoryQuery = {}): Promise<VerdictHistoryEntry[]> {
    const { where, params } = historyWhere(org, query, () => '?');
    const rows = this.db
      .prepare(`SELECT entry FROM verdict_history WHERE ${where} ORDER BY at DESC, id DESC LIMIT ?`)
      .all(...params, historyLimit(query)) as Row[];
    return rows.map(historyFromRow);
  }

  async pruneHistory(before: number): Promise<number> {
    return this.db.prepare('DELETE FROM verdict_history WHERE at < ?').run(before).changes;
  }
}
