/**
 * What every PostgreSQL table of the store shares: the pool, the store's clock (never the database clock) and the
 * row mappers for JSONB. Each port's table is a class of its own (postgres/*.ts); PostgresStore
 * (../postgres-store.ts) builds them and forwards to them through DelegatingStore (../delegating-store.ts).
 */
import type { Pool } from 'pg';
import type { Dialect } from '../columns';
import { jsonFromJsonb, rowMappers, type Row } from '../rows';

export const {
  approval: approvalFromRow,
  audit: auditFromRow,
  revocation: revocationFromRow,
  watch: watchFromRow,
  notice: noticeFromRow,
  tick: tickFromRow,
  history: historyFromRow,
} = rowMappers(jsonFromJsonb);

export const POSTGRES: Dialect = {
  placeholder: (n) => `$${n}`,
  json: jsonFromJsonb,
  jsonParam: (slot) => `${slot}::jsonb`,
};

export class PostgresTable {
  constructor(
    protected readonly pool: Pool,
    protected readonly now: () => number,
  ) {}

  protected async rows(sql: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.pool.query<Row>(sql, params)).rows;
  }
}
