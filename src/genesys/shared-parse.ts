/**
 * Parsing work shared between byte-identical response bodies. The assignable-permission listing
 * (GET /api/v2/authorization/permissions) is ~200 KB of JSON, and orgs of one region on the same licences get
 * the same bytes: in an `org=*` run over 200 orgs, decoding, JSON-parsing and schema-checking it once per org
 * was a large share of the checker's CPU and garbage (issue 26). Each org still fetches its own answer; only
 * when the bytes are identical (compared byte for byte, no hash) is the parse of an earlier body reused, which is what
 * parsing those bytes again would give. A body that differs in one byte is parsed on its own. Shared results
 * are deep-frozen, so no caller can change what another one reads. Only bodies that parsed and passed the
 * schema are kept, a few at a time.
 */
import type * as z from 'zod';
import { safeParseAnswer } from './warm-parse';

/** Distinct bodies kept (oldest dropped): a few licence variants per region, each ~1–2 MB parsed. */
const MAX_ENTRIES = 8;

interface Entry {
  schema: z.ZodType;
  /** The bytes parsed (a copy), to compare whole with the next body: memcmp is far cheaper than hashing. */
  bytes: Buffer;
  value: unknown;
}
/** Oldest first. */
const entries: Entry[] = [];

export type ParseOutcome<T> = { ok: true; value: T } | { ok: false; issues: z.core.$ZodIssue[]; data: unknown };

/**
 * A body's JSON as the client gives it (http.ts, as axios did before it): parsed when it is JSON, else the text
 * itself ('' when empty).
 */
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
  const known = entries.find((e) => e.schema === schema && e.bytes.length === body.length && e.bytes.equals(body));
  if (known) return { ok: true, value: known.value as z.output<S> };
  const data = decodeJson(body);
  const result = safeParseAnswer(schema, data);
  if (!result.success) return { ok: false, issues: result.error.issues, data };
  const value = deepFreeze(result.data);
  entries.push({ schema, bytes: Buffer.from(body), value });
  if (entries.length > MAX_ENTRIES) entries.shift();
  return { ok: true, value };
}

/** Tests: forget every shared parse. */
export function clearSharedParses(): void {
  entries.length = 0;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
