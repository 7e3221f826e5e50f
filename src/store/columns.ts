/**
 * A table's columns declared once, for both stores: which record field each column holds and how it is kept
 * (text, number, JSON). The INSERT, the row mapping and a patch's SET list are all built from the declaration,
 * so a new stored field is one line in its table's list (rows.ts), one migration, and the domain type.
 * The two dialects differ only in placeholders (`?` vs `$n`) and in how a JSON column is written (TEXT vs JSONB).
 */
export type Row = Record<string, unknown>;

/** Decodes a JSON column as the dialect returns it; undefined when the column is NULL. */
export type JsonColumn = (value: unknown) => unknown;

export interface Column<T> {
  column: string;
  field: keyof T & string;
  kind: 'text' | 'number' | 'json';
  /**
   * Left out of the record when NULL (an optional field); a required one is always set. `'json-null-kept'`, for a
   * JSON column only: left out when the column is NULL, while a stored JSON null reads back as null (the audit
   * log's before/after, which have always read that way).
   */
  optional?: boolean | 'json-null-kept';
}

export interface Dialect {
  /** The placeholder for the `n`th parameter (1-based). */
  placeholder(n: number): string;
  /** How a JSON value is decoded as the driver returns it. */
  json: JsonColumn;
  /** Wraps a placeholder for a JSON column (PostgreSQL casts to JSONB). */
  jsonParam(placeholder: string): string;
}

const present = (value: unknown): boolean => value !== null && value !== undefined;

/** The value a column is written with: NULL for undefined, JSON as text (both drivers take a string). */
export function columnValue<T>(column: Column<T>, value: unknown): unknown {
  if (column.kind === 'json') return value === undefined ? null : JSON.stringify(value);
  return value ?? null;
}

/** `INSERT INTO table (a, b, …) VALUES (…)`, its placeholders in the declared order (see insertParams). */
export function insertSql<T>(table: string, columns: Array<Column<T>>, dialect: Dialect): string {
  const names = columns.map((c) => c.column).join(', ');
  const slots = columns
    .map((c, i) => (c.kind === 'json' ? dialect.jsonParam(dialect.placeholder(i + 1)) : dialect.placeholder(i + 1)))
    .join(', ');
  return `INSERT INTO ${table} (${names}) VALUES (${slots})`;
}

/** A record's values for insertSql's placeholders, in the declared order. */
export function insertParams<T>(columns: Array<Column<T>>, record: T): unknown[] {
  return columns.map((c) => columnValue(c, record[c.field]));
}

/** `INSERT INTO table (a, b, …) VALUES (…)` and its parameters, in the declared order. */
export function insertRow<T>(
  table: string,
  columns: Array<Column<T>>,
  record: T,
  dialect: Dialect,
): { sql: string; params: unknown[] } {
  return { sql: insertSql(table, columns, dialect), params: insertParams(columns, record) };
}

/** The record a row holds. */
export function recordFromRow<T>(columns: Array<Column<T>>, row: Row, json: JsonColumn): T {
  const record: Record<string, unknown> = {};
  for (const c of columns) {
    const raw = c.kind === 'json' ? json(row[c.column]) : row[c.column];
    if (c.optional === 'json-null-kept' ? raw === undefined : c.optional && !present(raw)) continue;
    record[c.field] = c.kind === 'number' ? Number(raw) : c.kind === 'text' ? String(raw) : raw;
  }
  return record as T;
}

/**
 * `column = placeholder` for each field present in `patch` (an explicit undefined writes NULL), numbering
 * placeholders after `first` parameters already taken; the values follow in the same order.
 */
export function patchSets<T>(
  columns: Array<Column<T>>,
  patch: Partial<T>,
  dialect: Dialect,
  first: number,
): { sets: string[]; params: unknown[] } {
  const sets: string[] = [];
  const params: unknown[] = [];
  for (const c of columns) {
    if (!(c.field in patch)) continue;
    params.push(columnValue(c, patch[c.field]));
    const slot = dialect.placeholder(first + params.length);
    sets.push(`${c.column} = ${c.kind === 'json' ? dialect.jsonParam(slot) : slot}`);
  }
  return { sets, params };
}
