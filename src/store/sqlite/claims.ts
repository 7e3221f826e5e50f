/** Idempotency keys and the check requests behind buttons, on SQLite: both short-lived, both swept. */
import type { ClaimStore } from '../../approvals/ports';
import type { SavedRequestStore } from '../types';
import { jsonFromText, type Row } from '../rows';
import { SqliteTable } from './table';

export class SqliteClaims extends SqliteTable implements ClaimStore, SavedRequestStore {
  private claims = 0;

  async releaseClaim(key: string): Promise<void> {
    this.db.prepare('DELETE FROM idempotency_keys WHERE key = ?').run(key);
  }

  async claim(key: string, ttlSeconds: number): Promise<boolean> {
    const now = this.now();
    // Insert, or take over a key whose claim has lapsed; a live claim makes the upsert a no-op (changes = 0).
    const info = this.db
      .prepare(
        `INSERT INTO idempotency_keys (key, expires_at) VALUES (?, ?)
         ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE idempotency_keys.expires_at <= ?`,
      )
      .run(key, now + ttlSeconds * 1000, now);
    // Lapsed keys are swept now and then rather than on every claim (claims are hot: every Slack event).
    if (++this.claims % 100 === 0) this.sweep('DELETE FROM idempotency_keys WHERE expires_at <= ?', now);
    return info.changes === 1;
  }

  // ---- stored check requests ----

  async saveRequest(id: string, value: unknown, ttlSeconds: number): Promise<void> {
    const now = this.now();
    this.db
      .prepare(
        `INSERT INTO stored_requests (id, value, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
      )
      .run(id, JSON.stringify(value ?? null), now + ttlSeconds * 1000);
    this.sweep('DELETE FROM stored_requests WHERE expires_at <= ?', now);
  }

  async getRequest(id: string): Promise<unknown> {
    const row = this.db
      .prepare('SELECT value FROM stored_requests WHERE id = ? AND expires_at > ?')
      .get(id, this.now()) as Row | undefined;
    return row ? jsonFromText(row.value) : undefined;
  }
}
