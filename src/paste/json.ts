/**
 * Finds JSON objects embedded in a paste (an ErrorBody, a JS SDK error, a Terraform JSON log line) and
 * pulls out the Genesys ErrorBody fields. Bounded: a few candidates, each scanned at most MAX_OBJECT_CHARS.
 */
import { stripQuoteMarkers } from './normalize';

const MAX_CANDIDATES = 12;
const MAX_OBJECTS = 6;
const MAX_OBJECT_CHARS = 20_000;
const MAX_DEPTH = 64;

/** Index of the `}` closing the object that opens at `start`, or -1 (string-aware, bounded). */
function closingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  const limit = Math.min(text.length, start + MAX_OBJECT_CHARS);
  for (let i = start; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      else if (c === 10) return -1; // JSON strings hold no raw newline
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > MAX_DEPTH) return -1;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      if (--depth === 0) return c === 125 ? i : -1;
    }
  }
  return -1;
}

function nextNonSpace(text: string, from: number): number {
  const limit = Math.min(text.length, from + 64);
  for (let i = from; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && !((c === 62) /* > quote marker */)) return i;
  }
  return -1;
}

export function findJsonObjects(text: string): Array<Record<string, unknown>> {
  const objects: Array<Record<string, unknown>> = [];
  let from = 0;
  let tries = 0;
  while (tries < MAX_CANDIDATES && objects.length < MAX_OBJECTS) {
    const start = text.indexOf('{', from);
    if (start < 0) break;
    const next = nextNonSpace(text, start + 1);
    if (next < 0 || text[next] !== '"') {
      from = start + 1;
      continue;
    }
    tries++;
    const end = closingBrace(text, start);
    let parsed = end >= 0 ? tryParse(text.slice(start, end + 1)) : undefined;
    if (!parsed) {
      // Quoted multi-line JSON (`> {` / `>   "code": ...`): retry without the quote markers.
      const window = text.slice(start, end >= 0 ? end + 1 : start + MAX_OBJECT_CHARS);
      if (window.includes('\n')) {
        const unquoted = stripQuoteMarkers(window);
        const unquotedEnd = closingBrace(unquoted, 0);
        if (unquotedEnd >= 0) parsed = tryParse(unquoted.slice(0, unquotedEnd + 1));
      }
    }
    if (parsed) {
      objects.push(parsed);
      from = end >= 0 ? end + 1 : start + 1;
    } else from = start + 1;
  }
  return objects;
}

function tryParse(candidate: string): Record<string, unknown> | undefined {
  // Many candidates are not JSON (escaped bodies, cut-off objects): their SyntaxError is thrown away, so it
  // need not capture a stack trace, which costs more than the parse.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    const value: unknown = JSON.parse(candidate);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** ErrorBody fields plus request fields that sit next to them in logs and SDK error objects. */
export interface JsonFields {
  errorBody: boolean;
  message?: string;
  code?: string;
  status?: number;
  contextId?: string;
  messageWithParams?: string;
  messageParamValues: string[];
  method?: string;
  path?: string;
  /** A non-Genesys-shaped body's words: `errors[].detail`, `error_description`, `detail`, `title`. */
  detail?: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const num = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{3}$/.test(v) ? Number(v) : undefined;
  return n !== undefined && n >= 100 && n <= 599 ? n : undefined;
};

/** Walks parsed objects (depth and count bounded) for the first Genesys-shaped ErrorBody. */
export function jsonFields(objects: Array<Record<string, unknown>>): JsonFields {
  const fields: JsonFields = { errorBody: false, messageParamValues: [] };
  let visited = 0;
  const visit = (node: Record<string, unknown>, depth: number): void => {
    if (depth > 5 || visited++ > 200) return;
    const message = str(node.message);
    const code = str(node.code);
    const status = num(node.status) ?? num(node.statusCode);
    const looksLikeErrorBody =
      (message !== undefined || code !== undefined) && (status !== undefined || code !== undefined);
    if (looksLikeErrorBody && !fields.errorBody) {
      fields.errorBody = true;
      fields.message = message;
      fields.code = code;
      if (status !== undefined) fields.status = status;
      fields.contextId = str(node.contextId) ?? str(node.correlationId) ?? fields.contextId;
      fields.messageWithParams = str(node.messageWithParams);
      if (isRecord(node.messageParams)) {
        for (const v of Object.values(node.messageParams)) {
          if (typeof v === 'string') fields.messageParamValues.push(v);
          else if (Array.isArray(v))
            for (const item of v.slice(0, 50)) if (typeof item === 'string') fields.messageParamValues.push(item);
        }
      }
    }
    fields.status ??= status ?? num(node.status_code) ?? num(node.httpStatus);
    fields.detail ??=
      str(node.detail) ?? str(node.error_description) ?? str(node.errorMessage) ?? str(node.error_message);
    fields.contextId ??= str(node.contextId) ?? str(node.correlationId);
    fields.method ??= str(node.method) ?? str(node.httpMethod);
    fields.path ??= [str(node.path), str(node.url), str(node.uri), str(node.templateUri)].find((p) =>
      p?.includes('/api/v2/'),
    );
    for (const value of Object.values(node)) {
      if (isRecord(value)) visit(value, depth + 1);
      else if (Array.isArray(value)) for (const item of value.slice(0, 20)) if (isRecord(item)) visit(item, depth + 1);
    }
  };
  for (const object of objects) visit(object, 0);
  return fields;
}
