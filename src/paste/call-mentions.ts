/**
 * The HTTP call a text names: the method and `/api/v2/...` path from request lines, prose ("a PUT on ..."), URLs
 * (Genesys API hosts with or without `/api`), curl and PowerShell commands, HTTP clients' calls, and SDK method
 * names in stack traces. All patterns are linear (literal anchors, bounded quantifiers); scans stop after a fixed
 * number of hits.
 */
import { HTTP_METHODS, type HttpMethod } from '../catalog/catalog';
import { holds, holdsAny, lowerCase } from './literals';
import { pushUnique } from './permission-tokens';
import { atAnchors, first, matches } from './scan';

/** Path characters; `{name}` placeholders are kept whole (a brace is otherwise a JSON delimiter). */
const PATH_CHARS = `(?:[^\\s"'<>|\\\\,;)\\]{}]|\\{[A-Za-z0-9_]{1,60}\\}){0,400}`;
const METHOD_PATH = new RegExp(
  `\\b(GET|POST|PUT|PATCH|DELETE|HEAD)\\s{1,3}["'(]?(?:(https?:\\/\\/[A-Za-z0-9.-]{1,253}(?::\\d{1,5})?))?(\\/api\\/v2\\/${PATH_CHARS})`,
  'gi',
);
/** The method as a word before the path: "a PUT on /api/v2/...", "posting to /api/v2/...", "GET request to ...". */
const METHOD_WORD_PATH = new RegExp(
  `(?:\\b(GET|POST|PUT|PATCH|DELETE)|\\b(posting|putting|patching|deleting|Posting|Putting|Patching|Deleting|POSTing|PUTting|PATCHing|DELETEing))` +
    `(?:\\s{1,3}(?:request|requests|call|calls|on|to|against|for|of|at|into|endpoint|method|the|a|an)){0,3}\\s{1,3}["'(]?` +
    `(?:(https?:\\/\\/[A-Za-z0-9.-]{1,253}(?::\\d{1,5})?))?(\\/api\\/v2\\/${PATH_CHARS})`,
  'g',
);
/** The method after the path: `/api/v2/... (POST)`, `/api/v2/... with POST`. */
const METHOD_AFTER_PATH = /\s{0,3}(?:\(|with\s{1,3}|via\s{1,3}|using\s{1,3})(GET|POST|PUT|PATCH|DELETE)\b/y;
const PATH_STICKY = new RegExp(`\\/api\\/v2\\/${PATH_CHARS}`, 'y');
const URL_PATH = new RegExp(`(https?:\\/\\/[A-Za-z0-9.-]{1,253}(?::\\d{1,5})?)(\\/api\\/v2\\/${PATH_CHARS})`, 'gi');
/**
 * A Genesys API host with or without scheme, whose path may lack its `/api` prefix (`api.mypurecloud.com/v2/users/me`):
 * the path is read as `/api/v2/...`.
 */
const GENESYS_API_URL = new RegExp(
  `(?<![\\w.-])(?:https?:\\/\\/)?(api\\.(?:[a-z0-9-]{1,20}\\.)?(?:mypurecloud\\.(?:com\\.au|com|ie|de|jp)|(?:us-gov-|eusc-)?pure\\.cloud))(\\/(?:api\\/)?v2\\/${PATH_CHARS})`,
  'gi',
);
const BARE_PATH = new RegExp(`(?<![\\w./-])(\\/api\\/v2\\/${PATH_CHARS})`, 'g');
/** `api/v2/...` without its slash, `/v2/...` without `/api`: read as `/api/v2/...`, kept only if that is a real operation. */
const SHORT_PATH = new RegExp(`(?<![\\w./:-])(\\/?api\\/v2\\/|\\/v2\\/)(${PATH_CHARS})`, 'g');
const METHOD_KEY =
  /["']?\b(?:method|httpMethod|http_method)["']?\s{0,3}[:=]\s{0,3}["']?(GET|POST|PUT|PATCH|DELETE|HEAD)\b/i;
const CURL_ANCHOR = /\bcurl\b/g;
const CURL_METHOD = /curl\b[^\n]{0,2000}?(?:-X|--request)\s{0,3}["']?(GET|POST|PUT|PATCH|DELETE|HEAD)\b/iy;
const CURL_DATA = /curl\b[^\n]{0,2000}?\s(?:-d|--data(?:-raw|-binary)?|--json)\s/iy;

export interface PathMention {
  method?: HttpMethod;
  path: string;
  /** `https://host[:port]` when the path came inside a URL. */
  origin?: string;
  /** The text wrote `api/v2/...` or `/v2/...`: kept only when the completed path is a real operation. */
  completed?: boolean;
}

/** The path before any query or fragment, without trailing punctuation and then trailing slashes (index scans: every path mention passes here). */
export function cleanPath(raw: string): string {
  let end = raw.length;
  for (let i = 0; i < end; i++) {
    const c = raw.charCodeAt(i);
    if (c === 63 /* ? */ || c === 35 /* # */) end = i;
  }
  while (end > 0 && '.:!*'.includes(raw.charAt(end - 1))) end--;
  while (end > 0 && raw.charCodeAt(end - 1) === 47 /* / */) end--;
  return raw.slice(0, end);
}

function asMethod(value: string | undefined): HttpMethod | undefined {
  const upper = value?.toUpperCase();
  return HTTP_METHODS.find((m) => m === upper);
}

/** Every `/api/v2/...` mention, with its method and origin when the text gives them (bounded). */
export function findPathMentions(text: string): PathMention[] {
  const hasApi = text.includes('/api/v2/');
  if (!hasApi && !text.includes('v2/')) return [];
  const out: PathMention[] = [];
  const seen = new Set<string>();
  const add = (mention: PathMention): void => {
    const key = `${mention.method ?? ''} ${mention.origin ?? ''}${mention.path}`;
    if (seen.has(key) || out.length >= 20) return;
    seen.add(key);
    out.push(mention);
  };
  if (hasApi) {
    for (const m of matches(METHOD_PATH, text, 10))
      add({ method: asMethod(m[1]), origin: m[2], path: cleanPath(m[3] ?? '') });
    for (const m of matches(METHOD_WORD_PATH, text, 10))
      add({ method: asMethod(m[1] ?? gerundMethod(m[2])), origin: m[3], path: cleanPath(m[4] ?? '') });
    for (const found of pathsThenMethod(text)) add(found);
  }
  // METHOD_KEY's matches all hold "method", GENESYS_API_URL's a Genesys domain: without it, nothing to scan.
  // Case-insensitive words looked for in the lowercased text (ASCII letters match ASCII letters only).
  const lower = lowerCase(text);
  const keyedMethod = (holds(lower, 'method') ? asMethod(first(METHOD_KEY, text)) : undefined) ?? curlMethod(text);
  const genesysUrls = holdsAny(lower, GENESYS_DOMAINS) ? matches(GENESYS_API_URL, text, 10) : [];
  for (const m of genesysUrls) {
    const raw = m[2] ?? '';
    const path = cleanPath(raw.startsWith('/api/') ? raw : `/api${raw}`);
    const method = methodBefore(text, m.index) ?? keyedMethod;
    const origin = `https://${(m[1] ?? '').toLowerCase()}`;
    // Key order as the conditional spread gave it, without its two throwaway objects.
    add(method ? { method, origin, path } : { origin, path });
  }
  if (hasApi) {
    for (const m of matches(URL_PATH, text, 10))
      add({ method: keyedMethod, origin: m[1], path: cleanPath(m[2] ?? '') });
    for (const m of matches(BARE_PATH, text, 10))
      add({ method: callMethodBefore(text, m.index) ?? keyedMethod, path: cleanPath(m[1] ?? '') });
  }
  if (out.length === 0) {
    for (const m of matches(SHORT_PATH, text, 5)) {
      METHOD_AFTER_PATH.lastIndex = m.index + m[0].length;
      const method = methodBefore(text, m.index) ?? asMethod(METHOD_AFTER_PATH.exec(text)?.[1]) ?? keyedMethod;
      const path = cleanPath(`/api/v2/${m[2] ?? ''}`);
      add(method ? { method, path, completed: true } : { path, completed: true });
    }
  }
  // A mention without a method is dropped when the same path was already read with one.
  const withMethod = new Set(out.filter((m) => m.method).map((m) => m.path));
  return out.filter(
    (m) => m.path.length > '/api/v2/'.length - 1 && (m.method !== undefined || !withMethod.has(m.path)),
  );
}

/**
 * `/api/v2/... (POST)`: each path is read once (sticky, at the next `/api/v2/`), then the method is looked
 * for right after it; a regex with the method at its end would re-read a long path at every start.
 */
function pathsThenMethod(text: string): PathMention[] {
  const out: PathMention[] = [];
  let from = 0;
  for (let tries = 0; tries < 20 && out.length < 10; tries++) {
    const start = text.indexOf('/api/v2/', from);
    if (start < 0) break;
    PATH_STICKY.lastIndex = start;
    const path = PATH_STICKY.exec(text);
    const end = start + (path?.[0].length ?? 8);
    METHOD_AFTER_PATH.lastIndex = end;
    const method = METHOD_AFTER_PATH.exec(text);
    if (path && method) out.push({ method: asMethod(method[1]), path: cleanPath(path[0]) });
    from = Math.max(end, start + 8);
  }
  return out;
}

const GERUNDS: Record<string, HttpMethod> = {
  posting: 'POST',
  putting: 'PUT',
  patching: 'PATCH',
  deleting: 'DELETE',
  deleteing: 'DELETE',
};

function gerundMethod(word: string | undefined): string | undefined {
  return word ? GERUNDS[word.toLowerCase()] : undefined;
}

/** `POST https://api...`: the method word right before a URL (up to 12 characters back, same line). */
function methodBefore(text: string, index: number): HttpMethod | undefined {
  const before = text.slice(Math.max(0, index - 12), index);
  return asMethod(/\b(GET|POST|PUT|PATCH|DELETE|HEAD)\s{1,3}["']?$/.exec(before)?.[1]);
}

/** `requests.get(f"/api/v2/...`, `axios.post('/api/v2/...`: an HTTP client's method right before the path. */
function callMethodBefore(text: string, index: number): HttpMethod | undefined {
  const before = text.slice(Math.max(0, index - 16), index);
  return asMethod(/\.(get|post|put|patch|delete)\(\s{0,2}[fr]?["'`]$/i.exec(before)?.[1]);
}

/** What every GENESYS_API_URL match holds, lowercased. */
const GENESYS_DOMAINS = ['purecloud.', 'pure.cloud'];

/** The method of the first curl (or PowerShell Invoke-RestMethod) command; only the first few are looked at. */
function curlMethod(text: string): HttpMethod | undefined {
  const powershell = holds(lowerCase(text), 'invoke-')
    ? /\bInvoke-(?:RestMethod|WebRequest)\b[^\n]{0,400}/i.exec(text)
    : null;
  if (powershell) return asMethod(/-Method\s{1,3}["']?([A-Za-z]{3,6})/i.exec(powershell[0])?.[1]) ?? 'GET';
  if (!text.includes('curl') || !/\bcurl\b/.test(text)) return undefined;
  const explicit = asMethod(atAnchors(CURL_ANCHOR, CURL_METHOD, text, 2)?.[1]);
  if (explicit) return explicit;
  return atAnchors(CURL_ANCHOR, CURL_DATA, text, 2) ? 'POST' : 'GET';
}

const SDK_CALL_CAMEL =
  /(?:\.|Error calling\s{1,3})((?:get|post|put|patch|delete|head|Get|Post|Put|Patch|Delete|Head)[A-Z][A-Za-z0-9]{1,100})\b/g;
const SDK_CALL_SNAKE = /\.((?:get|post|put|patch|delete|head)_[a-z0-9_]{1,200})\s{0,2}\(/g;

/** SDK method names in stack traces and exception text (`Error calling GetConversationRecordings`, `api.get_conversation_recordings(`). */
export function sdkOperationNames(text: string): string[] {
  const names: string[] = [];
  for (const m of matches(SDK_CALL_CAMEL, text, 30)) pushUnique(names, (m[1] ?? '').toLowerCase());
  for (const m of matches(SDK_CALL_SNAKE, text, 30)) pushUnique(names, (m[1] ?? '').replace(/_/g, '').toLowerCase());
  return names;
}
