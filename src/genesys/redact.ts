/**
 * Masks credentials in text that came from upstream (the login host, the API, a proxy in between). A host
 * that quotes the request back ("Authorization: Basic …") would otherwise carry the client's secret into
 * verdicts, Slack, logs, the audit log and the database. Applied once, where errors are normalised
 * (errors.ts), so every sink downstream only ever sees masked text.
 *
 * Masked: `Basic …` and `Bearer …` values whatever they carry; the values of credential-named keys
 * (`client_secret=`, `"access_token": "…"`, `authorization:`); JWT-shaped tokens; and the caller's known
 * credentials (secret, tokens) in every form a server could quote them in: raw, base64 of `id:secret` (with or
 * without padding, base64url too), base64 of the secret, URL- and form-encoded.
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

function base64Forms(text: string): string[] {
  const standard = Buffer.from(text, 'utf8').toString('base64');
  const unpadded = standard.replace(/=+$/, '');
  return [standard, unpadded, unpadded.replace(/\+/g, '-').replace(/\//g, '_')];
}

function encodedForms(text: string): string[] {
  return [encodeURIComponent(text), new URLSearchParams({ v: text }).toString().slice(2)];
}

/** Every form in which these credentials could appear in an echoed request, longest first. */
export function credentialForms(known: KnownCredentials): string[] {
  const forms = new Set<string>();
  const add = (values: string[]) => {
    for (const v of values) forms.add(v);
  };
  if (known.secret) {
    add([known.secret, ...base64Forms(known.secret), ...encodedForms(known.secret)]);
    if (known.clientId !== undefined) {
      const pair = `${known.clientId}:${known.secret}`;
      add([pair, ...base64Forms(pair), ...encodedForms(pair)]);
    }
  }
  for (const token of known.tokens ?? []) add([token, ...encodedForms(token)]);
  return [...forms].filter((f) => f.length >= MIN_KNOWN_LENGTH).sort((a, b) => b.length - a.length);
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
  return masked
    .replace(AUTH_SCHEME, (_, scheme: string, space: string) => `${scheme}${space}${REDACTED}`)
    .replace(JWT, REDACTED)
    .replace(CREDENTIAL_KEY, (_, key: string, separator: string) => `${key}${separator}${REDACTED}`);
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
