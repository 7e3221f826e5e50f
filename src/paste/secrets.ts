/**
 * Spots credentials pasted into a message so the reply can say "rotate it" without ever repeating it.
 * Detectors return where the value sits; callers get only the kind and line, and the parser blanks the
 * values out before extracting anything, so no field of a parse can carry a secret.
 */
import { hasEscapedJson, normalizePaste, unescapeLoosely } from './normalize';
import type { SecretKind, SecretSighting } from './types';
import { holdsAny, lowerCase } from './literals';

interface SecretSpan {
  kind: SecretKind;
  start: number;
  end: number;
}

interface Detector {
  kind: SecretKind;
  pattern: RegExp;
  /** Capture group holding the secret value. */
  group: number;
  /** Extra check on the value (for shapes that ordinary words can take). */
  accept?: (value: string) => boolean;
  /**
   * Lowercase words one of which every match holds: a text holding none skips the scan. Case-insensitive
   * patterns match only ASCII letters to ASCII letters, so the lowercased text holds every match's words.
   */
  needs: string[];
}

/** `Basic <x>` without `Authorization:` is a credential only when x decodes to `id:secret` (not "Basic authentication"). */
function decodesToCredentials(value: string): boolean {
  if (value.length < 12 || value.length % 4 === 1) return false;
  const decoded = Buffer.from(value, 'base64').toString('latin1');
  return /^[\x21-\x7e]{1,256}:[\x20-\x7e]{1,512}$/.test(decoded);
}

/** Key/value separators, including JSON escaped inside a string (`\\"client_secret\\":\\"...`). */
const ASSIGN = `\\\\{0,4}["']?\\s{0,3}[:=]\\s{0,3}\\\\{0,4}["']?`;
const VALUE = `([^\\s"'&,;{}()\\[\\]<>\\\\]{6,512})`;
const TOKEN = `([A-Za-z0-9\\-._~+/]{16,4096}={0,2})`;

const DETECTORS: Detector[] = [
  { kind: 'bearer-token', pattern: new RegExp(`\\bbearer\\s{1,4}${TOKEN}`, 'gi'), group: 1, needs: ['bearer'] },
  {
    kind: 'basic-auth',
    pattern: /authorization["']?\s{0,3}[:=]\s{0,3}["']?\s{0,3}basic\s{1,4}([A-Za-z0-9+/]{6,4096}={0,2})/gi,
    group: 1,
    needs: ['authorization'],
  },
  // `-H "Basic Y2xpZW50OnNlY3JldA=="`, `basic: Y2xp...`: no Authorization header name in front.
  {
    kind: 'basic-auth',
    pattern: /\bbasic["']?\s{0,3}[:=]?\s{0,3}["']?\s{0,3}([A-Za-z0-9+/]{12,4096}={0,2})(?![A-Za-z0-9+/=])/gi,
    group: 1,
    needs: ['basic'],
    accept: decodesToCredentials,
  },
  {
    kind: 'client-secret',
    pattern: new RegExp(`client[_-]?secret${ASSIGN}${VALUE}`, 'gi'),
    group: 1,
    needs: ['secret'],
  },
  // `token: <value>`, `"token":"..."`, `id_token=...`, `api_token: ...` (access_token and refresh_token have their own kinds).
  // Not `next_page_token`, `csrf_token`, `sync_token`: any other prefix word is no credential of ours.
  {
    kind: 'access-token',
    pattern: new RegExp(
      `(?<![A-Za-z0-9_-])(?:x-)?(?:(?:api|auth|id|bearer|oauth|session)[_-]?)?token${ASSIGN}${TOKEN}`,
      'gi',
    ),
    group: 1,
    needs: ['token'],
  },
  { kind: 'client-secret', pattern: new RegExp(`--client-secret[ =]["']?${VALUE}`, 'gi'), group: 1, needs: ['secret'] },
  { kind: 'access-token', pattern: new RegExp(`access[_-]?token${ASSIGN}${TOKEN}`, 'gi'), group: 1, needs: ['token'] },
  {
    kind: 'refresh-token',
    pattern: new RegExp(`refresh[_-]?token${ASSIGN}${TOKEN}`, 'gi'),
    group: 1,
    needs: ['token'],
  },
  {
    kind: 'password',
    pattern: /\b(?:password|passwd|pwd)\\{0,4}["']?\s{0,3}[:=]\s{0,3}\\{0,4}["']?([^\s"'&,;{}()[\]<>\\]{4,256})/gi,
    group: 1,
    needs: ['pass', 'pwd'],
  },
  // Only the part after the colon is secret: the client id in front of it stays readable.
  {
    kind: 'curl -u',
    pattern: /(?:^|\s)(?:-u|--user)[ \t]{1,3}["']?[^\s"':]{1,256}:([^\s"']{1,512})/gm,
    group: 1,
    needs: ['-u'],
  },
  {
    kind: 'url-credentials',
    pattern: /\bhttps?:\/\/[^\s/:@"'<>]{1,256}:([^\s/@"'<>]{1,256})@/gi,
    group: 1,
    needs: ['@'],
  },
  { kind: 'slack-token', pattern: /\b(xox[abposr]-[A-Za-z0-9-]{10,200})/g, group: 1, needs: ['xox'] },
];

/** Stand-ins people type instead of a real value; flagging them would cry wolf. */
const PLACEHOLDER =
  /^(?:[$%*#]|x{3,}|\.{3}|your[-_ ]?|my[-_ ]?|redacted|\[redacted|<|\{|process\.env|os\.environ|env\.|var\.|secret$|token$|password$|none$|null$|undefined$|changeme$)/i;

function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value) || /redacted/i.test(value) || /^(.)\1{5,}$/.test(value);
}

/** Where secrets sit in already-normalized text. */
export function secretSpans(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  // The shared lowercase (literals.ts): the parse lowercases the same text again for its gates.
  const lower = lowerCase(text);
  for (const { kind, pattern, group, accept, needs } of DETECTORS) {
    if (!holdsAny(lower, needs)) continue;
    pattern.lastIndex = 0;
    let found = 0;
    for (let match = pattern.exec(text); match !== null && found < 50; match = pattern.exec(text)) {
      const value = match[group];
      if (value === undefined || isPlaceholder(value) || (accept && !accept(value))) continue;
      const end = match.index + match[0].length;
      spans.push({ kind, start: end - value.length, end });
      found++;
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** The text with every detected secret value replaced by `[redacted]`. */
export function redactSpans(text: string, spans: SecretSpan[]): string {
  if (spans.length === 0) return text;
  let out = '';
  let cursor = 0;
  for (const span of spans) {
    if (span.end <= cursor) continue;
    out += `${text.slice(cursor, Math.max(cursor, span.start))}[redacted]`;
    cursor = span.end;
  }
  return out + text.slice(cursor);
}

export function sightingsFromSpans(text: string, spans: SecretSpan[]): SecretSighting[] {
  const sightings: SecretSighting[] = [];
  const seen = new Set<string>();
  let line = 1;
  let scanned = 0;
  for (const span of spans) {
    for (let i = scanned; i < span.start; i++) if (text.charCodeAt(i) === 10) line++;
    scanned = Math.max(scanned, span.start);
    const key = `${span.kind}@${line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    sightings.push({ kind: span.kind, line });
    if (sightings.length >= 20) break;
  }
  return sightings;
}

/** Text the parser reads: normalized, unescaped when it holds escaped JSON, and with secrets blanked. */
export interface ScrubbedPaste {
  /** The normalized text already held unescaped JSON keys (`"code":`), before any unescaping. */
  plainJson: boolean;
  /** What extractors read; secrets replaced by `[redacted]`. */
  text: string;
  escaped: boolean;
  secrets: SecretSighting[];
}

export function scrubPaste(raw: string): ScrubbedPaste {
  const normalized = normalizePaste(raw);
  const escaped = hasEscapedJson(normalized);
  // Any escaped text (a log record holding a paste) is read unescaped, so `\nBearer x` still shows a token.
  const view = escaped || /\\{1,8}[n"]/.test(normalized) ? unescapeLoosely(normalized) : normalized;
  const spans = secretSpans(view);
  const plainJson = /"(?:message|code|status|contextId)"\s{0,3}:/.test(normalized);
  return { plainJson, text: redactSpans(view, spans), escaped, secrets: sightingsFromSpans(view, spans) };
}

/** Credentials pasted in a message (any message, error or not): kinds and lines only, never values. */
export function findPastedSecrets(text: string): SecretSighting[] {
  return scrubPaste(text).secrets;
}
