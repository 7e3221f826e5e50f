/** Idempotency keys and the check requests behind buttons, on PostgreSQL: both short-lived, both swept. */
import type { ClaimStore } from '../../approvals/ports';
import type { SavedRequestStore } from '../types';
import { PostgresTable } from './table';

export class PostgresClaims extends PostgresTable implements ClaimStore, SavedRequestStore {
  private claims = 0;

  async releaseClaim(key: string): Promise<void> {
    await this.pool.query('DELETE FROM idempotency_keys WHERE key = $1', [key]);
  }

  async claim(key: string, ttlSeconds: number): Promise<boolean> {
    const now = this.now();
    // Insert, or take over a key whose claim has lapsed. A live claim leaves the WHERE false: no row comes back.
    // Concurrent inserts of a new key wait on each other's index entry, then take the conflict path.
    const won = await this.rows(
      `INSERT INTO idempotency_keys (key, expires_at) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE idempotency_keys.expires_at <= $3
       RETURNING key`,
      [key, now + ttlSeconds * 1000, now],
    );
    // Lapsed keys are swept now and then rather than on every claim (claims are hot: every Slack event).
    if (++this.claims % 100 === 0) await this.pool.query('DELETE FROM idempotency_keys WHERE expires_at <= $1', [now]);
    return won.length === 1;
  }

  // ---- stored check requests ----

  async saveRequest(id: string, value: unknown, ttlSeconds: number): Promise<void> {
    const now = this.now();
    await this.pool.query(
      `INSERT INTO stored_requests (id, value, expires_at) VALUES ($1, $2::jsonb, $3)
       ON CONFLICT (id) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at`,
      [id, JSON.stringify(value ?? null), now + ttlSeconds * 1000],
    );
    await this.pool.query('DELETE FROM stored_requests WHERE expires_at <= $1', [now]);
  }

  async getRequest(id: string): Promise<unknown> {
    const [row] = await this.rows('SELECT value FROM stored_requests WHERE id = $1 AND expires_at > $2', [
      id,
      this.now(),
    ]);
    return row ? row.value : undefined;
  }
}
