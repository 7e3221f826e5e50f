/**
 * Masks credentials in text that came from upstream (the login host, the API, a proxy in between). A host
 * that quotes the request back ("Authorization: Basic …") would otherwise carry the client's secret into
 * verdicts, Slack, logs, the audit log and the database. Applied once, where errors are normalised
 * (errors.ts), so every sink downstream only ever sees masked text.
 *
 * Masked: `Basic …` and `Bearer …` values whatever they carry; the values of credential-named keys
 * (`client_secret=`, `"access_token": "…"`, `authorization:`); JWT-shaped tokens; and the caller's known
 * credentials (secret, `id:secret`, tokens) raw and in base64 (standard or URL-safe, with or without padding),
 * each also under one layer of the escapes a server quotes text in: percent-encoding of any byte in either hex
 * case (encodeURIComponent, strict RFC 3986, form encoding with `+` for a space), HTML character references,
 * JSON `\u` escapes, and line breaks inside a wrapped value. Not by listing encodings: the text is decoded once
 * into a view that maps each byte back to the characters it came from (decodedView), and each credential is
 * searched for there. Linear in the text per credential; no regular expression that could backtrack.
 */

export const REDACTED = '[redacted]';

/** Credentials one Genesys client holds: what it must never see quoted back. */
export interface KnownCredentials {
  clientId?: string;
  secret?: string;
  /** Access tokens (current ones; a token without its `Bearer ` prefix is only recognisable this way). */
  tokens?: readonly string[];
}

/** Shorter strings would mask ordinary words (a real secret or token is far longer); as the old scrub did. */
const MIN_KNOWN_LENGTH = 4;

/** Base64 of `text`: standard and URL-safe, each padded and unpadded. */
function base64Forms(text: string): string[] {
  const standard = Buffer.from(text, 'utf8').toString('base64');
  const url = standard.replace(/\+/g, '-').replace(/\//g, '_');
  return [standard, standard.replace(/=+$/, ''), url, url.replace(/=+$/, '')];
}

/**
 * Every credential these are, raw and in base64, longest first. Their percent-, form-, HTML- and
 * `\u`-escaped forms are not listed: maskCredentials finds those by decoding the text.
 */
export function credentialForms(known: KnownCredentials): string[] {
  const forms = new Set<string>();
  const add = (values: string[]) => {
    for (const v of values) forms.add(v);
  };
  if (known.secret) {
    add([known.secret, ...base64Forms(known.secret)]);
    if (known.clientId !== undefined) {
      const pair = `${known.clientId}:${known.secret}`;
      add([pair, ...base64Forms(pair)]);
    }
  }
  for (const token of known.tokens ?? []) add([token, ...base64Forms(token)]);
  return [...forms].filter((f) => f.length >= MIN_KNOWN_LENGTH).sort((a, b) => b.length - a.length);
}

/**
 * A text as UTF-8 bytes (one char per byte in `bytes`), each from a unit of the text: a character, or with
 * `decode` one layer of escape undone: `%hh` (either case) is its byte, an HTML character reference (`&#39;`,
 * `&#x2F;`, `&plus;`) and a JSON escape (`\u0027`, `\/`) their character. Whitespace and `+` are left out of
 * `bytes` (of the text and of the credentials alike): a form encoding's `+` is a space, and a wrapped base64
 * value is broken by line breaks and indentation. `unitOf[i]` is the unit byte `i` came from; a unit spans
 * `starts[u]` to `ends[u]` of the text, and `ignored[u]` says it was left out.
 */
interface DecodedView {
  bytes: string;
  unitOf: number[];
  starts: number[];
  ends: number[];
  ignored: boolean[];
}

/** Left out of every view. */
function ignoredByte(byte: number): boolean {
  return byte === 0x2b || byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);
}

/** HTML's named references for the ASCII characters a credential may hold (HTML5 names). */
const NAMED_REFERENCES: Record<string, number> = {
  amp: 0x26,
  lt: 0x3c,
  gt: 0x3e,
  quot: 0x22,
  apos: 0x27,
  plus: 0x2b,
  sol: 0x2f,
  equals: 0x3d,
  excl: 0x21,
  lpar: 0x28,
  rpar: 0x29,
  ast: 0x2a,
  midast: 0x2a,
  num: 0x23,
  dollar: 0x24,
  percnt: 0x25,
  comma: 0x2c,
  period: 0x2e,
  colon: 0x3a,
  semi: 0x3b,
  quest: 0x3f,
  commat: 0x40,
  lsqb: 0x5b,
  lbrack: 0x5b,
  rsqb: 0x5d,
  rbrack: 0x5d,
  bsol: 0x5c,
  lowbar: 0x5f,
  grave: 0x60,
  lcub: 0x7b,
  lbrace: 0x7b,
  rcub: 0x7d,
  rbrace: 0x7d,
  verbar: 0x7c,
  vert: 0x7c,
  Hat: 0x5e,
  nbsp: 0xa0,
};

const HEX = /^[0-9A-Fa-f]+$/;
const DECIMAL = /^[0-9]+$/;
const NAME = /^[A-Za-z]+$/;

/** The escape at `text[at]` (`%`, `&` or `\`): the code point (or, for `%hh`, the byte) and where it ends. */
function escapeAt(text: string, at: number): { byte?: number; codePoint?: number; end: number } | undefined {
  const c = text[at];
  if (c === '%') {
    const hex = text.slice(at + 1, at + 3);
    return hex.length === 2 && HEX.test(hex) ? { byte: Number.parseInt(hex, 16), end: at + 3 } : undefined;
  }
  if (c === '&') {
    // At most `&#x10FFFF;` or a longest name: a bounded look-ahead.
    const semicolon = text.indexOf(';', at + 1);
    if (semicolon === -1 || semicolon - at > 10) return undefined;
    const body = text.slice(at + 1, semicolon);
    let codePoint: number | undefined;
    if (body.startsWith('#x') || body.startsWith('#X')) {
      if (HEX.test(body.slice(2))) codePoint = Number.parseInt(body.slice(2), 16);
    } else if (body.startsWith('#')) {
      if (DECIMAL.test(body.slice(1))) codePoint = Number.parseInt(body.slice(1), 10);
    } else if (NAME.test(body)) codePoint = NAMED_REFERENCES[body];
    return codePoint !== undefined && codePoint <= 0x10ffff ? { codePoint, end: semicolon + 1 } : undefined;
  }
  if (c === '\\') {
    const next = text[at + 1];
    if (next === '/' || next === '\\' || next === '"' || next === "'")
      return { codePoint: next.charCodeAt(0), end: at + 2 };
    const hex = text.slice(at + 2, at + 6);
    if (next !== 'u' || hex.length !== 4 || !HEX.test(hex)) return undefined;
    const unit = Number.parseInt(hex, 16);
    // A surrogate pair is two escapes: `\ud83d\ude00`.
    const low = text.slice(at + 8, at + 12);
    if (unit >= 0xd800 && unit < 0xdc00 && text.slice(at + 6, at + 8) === '\\u' && low.length === 4 && HEX.test(low)) {
      const second = Number.parseInt(low, 16);
      if (second >= 0xdc00 && second < 0xe000)
        return { codePoint: 0x10000 + ((unit - 0xd800) << 10) + (second - 0xdc00), end: at + 12 };
    }
    return { codePoint: unit, end: at + 6 };
  }
  return undefined;
}

/** UTF-8 of one code point (a lone surrogate as U+FFFD, as Buffer encodes it). */
function utf8(codePoint: number): number[] {
  const cp = codePoint >= 0xd800 && codePoint < 0xe000 ? 0xfffd : codePoint;
  if (cp < 0x80) return [cp];
  if (cp < 0x800) return [0xc0 | (cp >> 6), 0x80 | (cp & 0x3f)];
  if (cp < 0x10000) return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)];
  return [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)];
}

function decodedView(text: string, decode: boolean): DecodedView {
  const view: DecodedView = { bytes: '', unitOf: [], starts: [], ends: [], ignored: [] };
  const codes: number[] = [];
  let at = 0;
  while (at < text.length) {
    const escaped = decode ? escapeAt(text, at) : undefined;
    let bytes: number[];
    let end: number;
    if (escaped) {
      bytes = escaped.byte !== undefined ? [escaped.byte] : utf8(escaped.codePoint ?? 0);
      end = escaped.end;
    } else {
      const codePoint = text.codePointAt(at) ?? 0;
      bytes = utf8(codePoint);
      end = at + (codePoint > 0xffff ? 2 : 1);
    }
    const unit = view.starts.length;
    view.starts.push(at);
    view.ends.push(end);
    view.ignored.push(bytes.length === 1 && ignoredByte(bytes[0] ?? 0));
    if (!view.ignored[unit]) {
      for (const byte of bytes) {
        codes.push(byte);
        view.unitOf.push(unit);
      }
    }
    at = end;
  }
  for (let i = 0; i < codes.length; i += 8192) view.bytes += String.fromCharCode(...codes.slice(i, i + 8192));
  return view;
}

/**
 * A form as maskCredentials searches for it in a decoded view: its bytes, and how many characters the view
 * leaves out at its start and end (a base64 value may end in `+`), to mask those too.
 */
interface Needle {
  bytes: string;
  lead: number;
  trail: number;
}

/** What maskCredentials searches the decoded view for: each form as view bytes, the too short left out. */
const needlesOf = new WeakMap<readonly string[], Needle[]>();
function needles(forms: readonly string[]): Needle[] {
  let found = needlesOf.get(forms);
  if (!found) {
    const seen = new Set<string>();
    found = [];
    for (const form of forms) {
      const view = decodedView(form, false);
      const lead = view.ignored.indexOf(false);
      const trail = view.ignored.length - 1 - view.ignored.lastIndexOf(false);
      const key = `${lead}:${trail}:${view.bytes}`;
      if (view.bytes.length < MIN_KNOWN_LENGTH || seen.has(key)) continue;
      seen.add(key);
      found.push({ bytes: view.bytes, lead, trail });
    }
    needlesOf.set(forms, found);
  }
  return found;
}

/** Only text with an escape, whitespace or `+` can hold a form the literal search missed. */
const MAY_BE_ENCODED = /[%&\\+\s]/;

/** `text` with every escaped or wrapped occurrence of `forms` masked (the raw ones are gone already). */
function maskEncoded(text: string, forms: readonly string[]): string {
  const wanted = needles(forms);
  if (wanted.length === 0 || !MAY_BE_ENCODED.test(text)) return text;
  const view = decodedView(text, true);
  const spans: Array<[number, number]> = [];
  for (const { bytes, lead, trail } of wanted) {
    for (let i = view.bytes.indexOf(bytes); i !== -1; i = view.bytes.indexOf(bytes, i + bytes.length)) {
      let first = view.unitOf[i] ?? 0;
      let last = view.unitOf[i + bytes.length - 1] ?? first;
      // The form's own leading and trailing `+` or whitespace, however the text wrote them.
      for (let n = 0; n < lead && view.ignored[first - 1]; n++) first--;
      for (let n = 0; n < trail && view.ignored[last + 1]; n++) last++;
      spans.push([view.starts[first] ?? 0, view.ends[last] ?? text.length]);
    }
  }
  if (spans.length === 0) return text;
  spans.sort((a, b) => a[0] - b[0]);
  let masked = '';
  let done = 0;
  for (const [start, end] of spans) {
    if (end <= done) continue;
    masked += `${text.slice(done, Math.max(done, start))}${start >= done ? REDACTED : ''}`;
    done = end;
  }
  return masked + text.slice(done);
}

/** `Basic xxx`, `Bearer xxx` (any case), with the value a header could hold. */
const AUTH_SCHEME = /\b(basic|bearer)(\s+)(?!\[redacted\])[A-Za-z0-9+/=._~-]+/gi;
const KEY_NAMES =
  'client_secret|clientSecret|secret|access_token|accessToken|refresh_token|id_token|password|authorization|token';
/**
 * `client_secret=…`, `"access_token": "…"`, `authorization: …`, `password=…`: keep the key, mask the value.
 * Not inside permission strings: `authorization:role:view` and `oauth:token:delete` name permissions, so the
 * key may not follow a `:` and the value may not be followed by one.
 */
const CREDENTIAL_KEY = new RegExp(
  `(?<![:\\w])(${KEY_NAMES})(["']?\\s*[:=]\\s*["']?)(?!\\[redacted\\])(?!(?:basic|bearer)\\s)([^\\s"'&,;:}\\]]+)(?![^\\s"'&,;}\\]])`,
  'gi',
);
/** Object keys whose whole value is a credential (`{"client_secret": "…"}` in a JSON error). */
const CREDENTIAL_KEY_NAME = new RegExp(`^(${KEY_NAMES})$`, 'i');
/** A JWT: three base64url parts, the first a JSON header (`eyJ`). */
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

/** `text` with every credential masked. `forms` comes from credentialForms (empty: only the patterns apply). */
export function maskCredentials(text: string, forms: readonly string[]): string {
  let masked = text;
  for (const form of forms) if (masked.includes(form)) masked = masked.split(form).join(REDACTED);
  return maskEncoded(masked, forms)
    .replace(AUTH_SCHEME, (_, scheme: string, space: string) => `${scheme}${space}${REDACTED}`)
    .replace(JWT, REDACTED)
    .replace(CREDENTIAL_KEY, (_, key: string, separator: string) => `${key}${separator}${REDACTED}`);
}

/** An ININ-Correlation-Id is a UUID; other gateways' request ids are letters, digits and dashes too. */
const CORRELATION_ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * A correlation id header as it may be shown (verdicts, Slack, the database), or undefined: only letters,
 * digits and dashes, at most 64 (a UUID is 36), and no credential in any form. A proxy that echoes the request
 * may put the bearer token there, in a 2xx answer too; anything else in that header is not worth a risk.
 */
export function safeCorrelationId(value: string | undefined, forms: readonly string[]): string | undefined {
  const id = value?.trim();
  if (!id || !CORRELATION_ID.test(id)) return undefined;
  return maskCredentials(id, forms) === id ? id : undefined;
}

/** `value` (strings, arrays, plain objects, keys included) with every string masked. */
export function maskDeep<T>(value: T, forms: readonly string[]): T {
  const walk = (inner: unknown): unknown => {
    if (typeof inner === 'string') return maskCredentials(inner, forms);
    if (Array.isArray(inner)) return inner.map(walk);
    if (typeof inner === 'object' && inner !== null) {
      return Object.fromEntries(
        Object.entries(inner).map(([key, v]) => [
          maskCredentials(key, forms),
          CREDENTIAL_KEY_NAME.test(key) && typeof v === 'string' ? REDACTED : walk(v),
        ]),
      );
    }
    return inner;
  };
  return walk(value) as T;
}
