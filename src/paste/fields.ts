/**
 * Field extractors that read the error's parts whatever the quoting: JSON (`"code":"x"`), JS inspect
 * output (`code: 'x'`), Python dicts (`'code': 'x'`), Go structs (`Code:x`), headers (`Name: value`).
 * All patterns are linear (literal anchors, bounded quantifiers); scans stop after a fixed number of hits.
 */
import { HTTP_METHODS, type HttpMethod } from '../catalog/catalog';
import { parsePermission } from '../catalog/permissions';
import { holds, holdsAny, lowerCase } from './literals';
import { atAnchors, first, matches } from './scan';

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const KEY_END = `["']?\\s{0,3}[:=]\\s{0,3}["']?`;
// ---------- status ----------

/** Status numbers written by machines: JSON/inspect keys, HTTP status lines, SDK and Terraform formats. */
/**
 * Each with the lowercase words one of which its every match holds: a text holding none skips the scan
 * (case-insensitive patterns match ASCII letters only to ASCII letters, so the lowercased text has them).
 */
const STRUCTURED_STATUS: Array<[RegExp, string[]]> = [
  [
    /["']?\b(?:status|statusCode|status_code|httpStatus|httpStatusCode|errorCode|ErrorCode)["']?\s{0,3}[:=]\s{0,3}["']?([1-5]\d\d)\b/gi,
    ['status', 'errorcode'],
  ],
  [/\bHTTP\/[0-9.]{1,3}"?\s{1,3}([1-5]\d\d)\b/g, ['http/']],
  [/\(([1-5]\d\d)\)\s{0,3}\n\s{0,4}Reason:/g, ['reason:']],
  [/\bAPI\s{1,4}Error:\s{0,3}([1-5]\d\d)\b/g, ['error:']],
  [
    /\b(?:status code|response code|http status(?: code)?|http code|error code|http)\s{0,3}:?\s{0,3}([1-5]\d\d)\b/gi,
    ['code', 'http'],
  ],
  [
    /\b([1-5]\d\d)\s{1,3}(?:-\s{1,3})?(?:Forbidden|Unauthorized|Not Found|Too Many Requests|Bad Request|Internal Server Error|Service Unavailable)\b/gi,
    [
      'forbidden',
      'unauthorized',
      'not found',
      'too many requests',
      'bad request',
      'internal server error',
      'service unavailable',
    ],
  ],
];

/** A bare 4xx/5xx number in prose, not part of an id, version, port or path. */
const PROSE_STATUS = /(?<![\w.:/#=-])(40[0-9]|41[0-9]|42[0-9]|5[0-9][0-9])(?:s(?![\w-]))?(?![\w-]|\.\d)/g;

export interface StatusFinding {
  status?: number;
  structured: boolean;
}

export function findStatus(text: string, jsonStatus: number | undefined): StatusFinding {
  const scan = scanStatuses(text);
  const errors = scan.structuredErrors;
  if (jsonStatus !== undefined && jsonStatus >= 400 && (jsonStatus === 403 || !errors.includes(403)))
    return { status: jsonStatus, structured: true };
  if (errors.includes(403)) return { status: 403, structured: true };
  if (errors.length > 0) return { status: errors[0], structured: true };
  const prose = scan.prose;
  if (prose.includes(403)) return { status: 403, structured: false };
  if (prose.length > 0) return { status: prose[0], structured: false };
  return { structured: false };
}

interface StatusScan {
  /** Structured status numbers of 400 and above, in pattern order. */
  structuredErrors: number[];
  /** Prose status numbers, then 403 when a refusal phrase is there. */
  prose: number[];
}

let lastScanIn: string | undefined;
let lastScan: StatusScan = { structuredErrors: [], prose: [] };

/** The statuses a text writes; the last answer is kept (one parse reads the same view's status twice). */
function scanStatuses(text: string): StatusScan {
  if (text === lastScanIn) return lastScan;
  const structuredErrors: number[] = [];
  const lower = lowerCase(text);
  for (const [pattern, needs] of STRUCTURED_STATUS) {
    if (!holdsAny(lower, needs)) continue;
    for (const m of matches(pattern, text, 10)) {
      const status = Number(m[1]);
      if (status >= 400) structuredErrors.push(status);
    }
  }
  const prose: number[] = [];
  if (structuredErrors.length === 0) {
    for (const m of matches(PROSE_STATUS, text, 10)) prose.push(Number(m[1]));
    if (
      (lower.includes('forbidden') || lower.includes('denied') || lower.includes('authori')) &&
      /\bforbidden\b|\baccess\s{1,2}denied\b|\bpermission\s{1,2}denied\b|\bnot\s{1,2}authori[sz]ed\s{1,2}to\b/i.test(
        text,
      )
    )
      prose.push(403);
  }
  lastScanIn = text;
  lastScan = { structuredErrors, prose };
  return lastScan;
}

/** Whether the text also names `status` (structured, or as a bare number or its reason phrase in prose). */
export function mentionsStatus(text: string, status: 401): boolean {
  if (!text.includes(String(status)) && !/unauthori[sz]ed/i.test(text)) return false;
  // The structured scan keeps every status of 400 and above it saw, so a 401 among them is there.
  if (scanStatuses(text).structuredErrors.includes(status)) return true;
  return /(?<![\w.:/#=-])401(?![\w-]|\.\d)|\bunauthori[sz]ed\b/i.test(text);
}

// ---------- code ----------

const KNOWN_CODES =
  /\b(missing\.any\.permissions|missing\.permissions|missing\.division\.permissions|not\.authorized|authentication\.required|bad\.credentials|credentials\.expired|not\.found|too\.many\.requests|bad\.request|invalid\.value|invalid\.date|unsupported\.media\.type|service\.unavailable|authentication\.request\.timeout|request\.timeout|internal\.server\.error|general\.bad\.request)\b/;
const CODE_KEY = new RegExp(`["']?\\b(?:code|Code)${KEY_END}([a-z][a-z0-9_]{0,40}(?:\\.[a-z0-9_]{1,40}){1,5})\\b`, 'g');
const OAUTH_ERROR =
  /["']?\berror["']?\s{0,3}[:=]\s{0,3}["'](insufficient_scope|invalid_client|invalid_grant|unauthorized_client|invalid_request|unsupported_grant_type|invalid_scope|access_denied|invalid_token)["']/;

/** What every KNOWN_CODES match holds: the first part of its code and its dot. */
const CODE_PREFIXES = [
  'missing.',
  'not.',
  'authentication.',
  'bad.',
  'credentials.',
  'too.',
  'invalid.',
  'unsupported.',
  'service.',
  'request.',
  'internal.',
  'general.',
];

export function findCode(text: string, jsonCode: string | undefined): string | undefined {
  if (jsonCode && /^[a-z][a-z0-9_]{0,40}(?:\.[a-z0-9_]{1,40}){1,5}$/.test(jsonCode)) return jsonCode;
  return (
    // Each pattern's literal word (`code`/`Code`, `error`) is looked for first: most texts have neither.
    (text.includes('ode') ? first(CODE_KEY, text) : undefined) ??
    (holdsAny(text, CODE_PREFIXES) ? first(KNOWN_CODES, text) : undefined) ??
    (text.includes('error') ? first(OAUTH_ERROR, text) : undefined) ??
    jsonCode?.slice(0, 80) ??
    first(/\b(insufficient_scope)\b/, text)
  );
}

/** What a Genesys code implies when no status number was pasted. */
export function statusForCode(code: string | undefined): number | undefined {
  if (!code) return undefined;
  if (
    code.startsWith('missing.') ||
    code === 'not.authorized' ||
    code === 'insufficient_scope' ||
    code === 'access_denied'
  )
    return 403;
  if (['authentication.required', 'bad.credentials', 'credentials.expired', 'invalid_token'].includes(code)) return 401;
  if (code === 'not.found') return 404;
  if (code === 'too.many.requests') return 429;
  if (code === 'unsupported.media.type') return 415;
  if (
    [
      'bad.request',
      'invalid.value',
      'invalid.date',
      'general.bad.request',
      'invalid_request',
      'invalid_grant',
      'unsupported_grant_type',
      'invalid_scope',
    ].includes(code)
  )
    return 400;
  if (code === 'invalid_client' || code === 'unauthorized_client') return 401;
  if (code === 'service.unavailable') return 503;
  if (code === 'request.timeout' || code === 'authentication.request.timeout') return 504;
  if (code === 'internal.server.error') return 500;
  return undefined;
}

// ---------- the Genesys refusal sentence ----------

const W = '\\s{1,4}';
/** "You are missing the following permission(s): [...]" / "You must have at least one of the following permissions assigned: [...]". */
const PERMISSION_SENTENCE = new RegExp(
  `(?:Unable${W}to${W}perform${W}the${W}requested${W}action\\.?\\s{0,4})?` +
    `(?:You${W}are${W}missing${W}the${W}following${W}permission(?:\\(s\\)|s)?|You${W}must${W}have${W}at${W}least${W}one${W}of${W}the${W}following${W}permissions?${W}assigned)` +
    `\\s{0,4}:?\\s{0,4}\\[([^\\]\\n]{0,2000})\\]` +
    `(?:\\s{0,4}(?:in|for)${W}at${W}least${W}one${W}of${W}the${W}following${W}divisions?(?:\\(s\\))?\\s{0,4}:?\\s{0,4}\\[([^\\]\\n]{0,2000})\\])?`,
  'iy',
);
const PERMISSION_SENTENCE_ANCHOR = new RegExp(`Unable${W}to${W}perform|You${W}(?:are${W}missing|must${W}have)`, 'gi');
const DIVISION_CLAUSE = new RegExp(
  `following${W}divisions?(?:\\(s\\))?\\s{0,4}:?\\s{0,4}\\[([^\\]\\n]{0,2000})\\]`,
  'iy',
);
const DIVISION_ANCHOR = new RegExp(`following${W}divisions?`, 'gi');
export const NOT_AUTHORIZED_SENTENCE =
  /You\s{1,4}are\s{1,4}not\s{1,4}authorized\s{1,4}to\s{1,4}perform\s{1,4}the\s{1,4}requested\s{1,4}action\.?/i;

/** NOT_AUTHORIZED_SENTENCE.test(text), skipped when the lowercased text lacks `authorized` (every match holds it). */
export function saysNotAuthorized(text: string): boolean {
  return holdsAny(lowerCase(text), ['authorized']) && NOT_AUTHORIZED_SENTENCE.test(text);
}

export interface RefusalSentence {
  message: string;
  permissions: string[];
  divisions: string[];
  anyOf: boolean;
}

export function findRefusalSentence(text: string): RefusalSentence | undefined {
  const m = atAnchors(PERMISSION_SENTENCE_ANCHOR, PERMISSION_SENTENCE, text, 6);
  if (m) {
    const permissions = splitList(m[1] ?? '');
    const divisions = splitList(m[2] ?? '');
    return { message: collapse(m[0]), permissions, divisions, anyOf: /at\s{1,4}least\s{1,4}one/i.test(m[0]) };
  }
  const d = atAnchors(DIVISION_ANCHOR, DIVISION_CLAUSE, text);
  if (d) return { message: collapse(d[0]), permissions: [], divisions: splitList(d[1] ?? ''), anyOf: false };
  return undefined;
}

function splitList(list: string): string[] {
  return list
    .split(',')
    .map((item) =>
      item
        .trim()
        .replace(/^["']|["']$/g, '')
        .trim(),
    )
    .filter((item) => item.length > 0 && item.length <= 200)
    .slice(0, 100);
}

export function collapse(text: string): string {
  return hasRunOrOddSpace(text) ? text.replace(/\s{1,2000}/g, ' ').trim() : text.trim();
}

/**
 * Whether `text` holds whitespace other than single spaces (what collapse's replace would change: it writes a
 * space for every run of `\s`, so a text whose only whitespace is lone spaces comes back as it was).
 */
function hasRunOrOddSpace(text: string): boolean {
  let previousSpace = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      if (previousSpace) return true;
      previousSpace = true;
    } else {
      if ((c >= 9 && c <= 13) || (c >= 0xa0 && isOtherSpace(c))) return true;
      previousSpace = false;
    }
  }
  return false;
}

/** `\s` past ASCII: no-break space, ogham mark, the U+2000 spaces, line and paragraph separators, BOM. */
function isOtherSpace(c: number): boolean {
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

// ---------- permissions ----------

export const PERMISSION_TOKEN =
  /(?<![\w:.-])([A-Za-z][A-Za-z0-9_-]{0,40}:[A-Za-z0-9_*-]{1,60}:[A-Za-z0-9_*-]{1,60}(?::[A-Za-z0-9*-]{1,64})?)(?![\w:-]|\.\w)/g;
/** PERMISSION_TOKEN tried at one position only. */
const PERMISSION_TOKEN_AT = new RegExp(PERMISSION_TOKEN.source, 'y');

/** `[A-Za-z0-9_-]`: what a token's first part is made of. */
function isFirstPartChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}

/**
 * The tokens `matches(PERMISSION_TOKEN, text, limit)` finds, in order, with the pattern tried only where a token
 * can start. A token's first part is a run of `[A-Za-z0-9_-]` (41 at most) that starts with a letter, ends at a
 * colon, and is not preceded by a word character, `:`, `.` or `-`: so every match starts where the run before
 * some colon starts, and nowhere else (inside a run the look-behind fails). The pattern, which otherwise tries
 * every letter of the text, is tried once per colon at most.
 */
export function permissionTokenScan(text: string, limit: number): string[] {
  const out: string[] = [];
  let from = 0;
  for (let colon = text.indexOf(':'); colon >= 0 && out.length < limit; ) {
    let start = colon;
    while (start > 0 && colon - start <= 41 && isFirstPartChar(text.charCodeAt(start - 1))) start--;
    const before = start > 0 ? text.charCodeAt(start - 1) : 0;
    const first = text.charCodeAt(start) | 32;
    let next = colon + 1;
    if (
      start >= from &&
      colon - start <= 41 &&
      !isFirstPartChar(before) &&
      before !== 58 /* : */ &&
      before !== 46 /* . */ &&
      first >= 97 &&
      first <= 122
    ) {
      PERMISSION_TOKEN_AT.lastIndex = start;
      const m = PERMISSION_TOKEN_AT.exec(text);
      if (m !== null) {
        out.push(m[1] ?? '');
        from = start + m[0].length;
        next = from;
      }
    }
    colon = text.indexOf(':', next);
  }
  return out;
}

/** Permission strings (division suffix split off) from list items or free text such as a message. */
export function splitPermissions(items: string[]): { permissions: string[]; divisions: string[] } {
  const permissions: string[] = [];
  const divisions: string[] = [];
  for (const item of items) {
    for (const token of permissionTokenScan(item, 100)) {
      const parsed = parsePermission(token);
      if (!parsed) continue;
      pushUnique(permissions, `${parsed.domain}:${parsed.entity}:${parsed.action}`);
      if (parsed.division) pushUnique(divisions, parsed.division);
    }
  }
  return { permissions, divisions };
}

/** Every permission-shaped token in the text (bounded), for recognizing known Genesys permissions. */
let lastTokensIn: string | undefined;
let lastTokens: readonly string[] = [];

/** The permission-shaped tokens of a text; the last answer is kept (evidence and tier read the same view). */
export function permissionTokens(text: string): readonly string[] {
  if (text === lastTokensIn) return lastTokens;
  const out = permissionTokenScan(text, 200);
  lastTokensIn = text;
  lastTokens = out;
  return out;
}

export function pushUnique(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}

// ---------- message ----------

const MESSAGE_KEY =
  /["']?\bmessage["']?\s{0,3}[:=]\s{0,3}(?:"((?:[^"\\\n]|\\.){1,2000})"|'((?:[^'\\\n]|\\.){1,2000})')/g;
const API_ERROR = new RegExp(
  `API\\s{1,4}Error:\\s{0,3}([1-5]\\d\\d)\\s{0,3}-\\s{0,3}([\\s\\S]{1,1500}?)\\s{0,4}\\((${UUID})\\)`,
  'y',
);
const API_ERROR_ANCHOR = /\bAPI\s{1,4}Error:/g;

export interface ApiErrorLine {
  status: number;
  message: string;
  correlationId: string;
}

/** The Go SDK / Terraform / CX as Code format: `API Error: 403 - <message> (<correlation id>)`. */
export function findApiErrorLine(text: string): ApiErrorLine | undefined {
  const m = atAnchors(API_ERROR_ANCHOR, API_ERROR, text, 3);
  return m ? { status: Number(m[1]), message: collapse(m[2] ?? ''), correlationId: m[3] ?? '' } : undefined;
}

export function findMessageKey(text: string): string | undefined {
  // The first match with a value: stops scanning there.
  MESSAGE_KEY.lastIndex = 0;
  let count = 0;
  for (let m = MESSAGE_KEY.exec(text); m !== null && count < 5; m = MESSAGE_KEY.exec(text)) {
    count++;
    const value = m[1] ?? m[2];
    if (value) return value.replace(/\\(.)/g, '$1');
    if (m[0].length === 0) MESSAGE_KEY.lastIndex++;
  }
  return undefined;
}

// ---------- ids ----------

const CONTEXT_ID = new RegExp(
  `["']?\\b(?:contextId|context_id|correlation[ _-]?id|ININ-Correlation-Id|x-correlation-id)${KEY_END}(${UUID}|[A-Za-z0-9_-]{8,64})`,
  'gi',
);

/**
 * Each id pattern's every match holds one of its key words (case-insensitive patterns: the lowercased text holds
 * them), so a text holding none skips the scan.
 */
export function findContextId(text: string): string | undefined {
  return holdsAny(lowerCase(text), ['context', 'correlation']) ? first(CONTEXT_ID, text) : undefined;
}

const CLIENT_ID = new RegExp(
  `(?:\\b(?:client[_-]?id|oauth[_-]?client[_-]?id|clientId)${KEY_END}|\\bclient\\s{0,2}=\\s{0,2}|(?:^|\\s)(?:-u|--user)[ \\t]{1,3}["']?)(${UUID})`,
  'im',
);
const USER_ID = new RegExp(`\\b(?:user[_-]?id|userId|user)${KEY_END}(${UUID})`, 'i');
const CONVERSATION_ID = new RegExp(`\\b(?:conversation[_-]?id|conversationId|interaction)${KEY_END}(${UUID})`, 'i');

export const findClientId = (text: string): string | undefined =>
  holdsAny(lowerCase(text), ['client', '-u']) ? first(CLIENT_ID, text) : undefined;
export const findUserId = (text: string): string | undefined =>
  holdsAny(lowerCase(text), ['user']) ? first(USER_ID, text) : undefined;
export const findConversationId = (text: string): string | undefined =>
  holdsAny(lowerCase(text), ['conversation', 'interaction']) ? first(CONVERSATION_ID, text) : undefined;

// ---------- method and path ----------

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
