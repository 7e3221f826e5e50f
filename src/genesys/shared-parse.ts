/**
 * Parsing work shared between byte-identical response bodies. The assignable-permission listing
 * (GET /api/v2/authorization/permissions) is ~200 KB of JSON, and orgs of one region on the same licences get
 * the same bytes: in an `org=*` run over 200 orgs, decoding, JSON-parsing and schema-checking it once per org
 * was a large share of the checker's CPU and garbage (issue 26). Each org still fetches its own answer; only
 * when the bytes are identical (SHA-256) is the parse of an earlier identical body reused, which is what
 * parsing those bytes again would give. A body that differs in one byte is parsed on its own. Shared results
 * are deep-frozen, so no caller can change what another one reads. Only bodies that parsed and passed the
 * schema are kept, a few at a time.
 */
import { createHash } from 'node:crypto';
import type * as z from 'zod';

/** Distinct bodies kept (oldest dropped): a few licence variants per region, each ~1–2 MB parsed. */
const MAX_ENTRIES = 8;

const parsed = new Map<string, unknown>();
const schemaIds = new WeakMap<z.ZodType, number>();
let nextSchemaId = 0;

export type ParseOutcome<T> = { ok: true; value: T } | { ok: false; issues: z.core.$ZodIssue[]; data: unknown };

/** The JSON text of a body as axios would have given it: parsed when it is JSON, else the text itself. */
export function decodeJson(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (text === '') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `schema` applied to the JSON `body`, reusing the result of a byte-identical body parsed before. */
export function parseShared<S extends z.ZodType>(schema: S, body: Buffer): ParseOutcome<z.output<S>> {
  let schemaId = schemaIds.get(schema);
  if (schemaId === undefined) {
    schemaId = nextSchemaId++;
    schemaIds.set(schema, schemaId);
  }
  const key = `${schemaId}:${createHash('sha256').update(body).digest('base64')}`;
  if (parsed.has(key)) return { ok: true, value: parsed.get(key) as z.output<S> };
  const data = decodeJson(body);
  const result = schema.safeParse(data);
  if (!result.success) return { ok: false, issues: result.error.issues, data };
  const value = deepFreeze(result.data);
  parsed.set(key, value);
  if (parsed.size > MAX_ENTRIES) parsed.delete(parsed.keys().next().value as string);
  return { ok: true, value };
}

/** Tests: forget every shared parse. */
export function clearSharedParses(): void {
  parsed.clear();
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
