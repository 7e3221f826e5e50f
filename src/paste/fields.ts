/**
 * Field extractors that read the error's parts whatever the quoting: JSON (`"code":"x"`), JS inspect
 * output (`code: 'x'`), Python dicts (`'code': 'x'`), Go structs (`Code:x`), headers (`Name: value`).
 * All patterns are linear (literal anchors, bounded quantifiers); scans stop after a fixed number of hits.
 * Permission tokens (permission-tokens.ts) and the HTTP call a text names (call-mentions.ts) have modules of
 * their own.
 */
import { holdsAny, lowerCase } from './literals';
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
