/**
 * Turns a message as Slack delivers it into plain text the extractors can read: Slack link markup and
 * HTML entities undone, code fences and Terraform's box-drawing gutters removed, quoted pastes unquoted,
 * and (as a second view) JSON that was escaped inside a string or log line unescaped.
 *
 * Every pattern here is linear: literal anchors, bounded quantifiers, no nested repetition.
 */

/** Slack caps messages at 40,000 characters; anything longer is cut so work stays bounded. */
export const MAX_PASTE_CHARS = 64 * 1024;

const SLACK_LINK = /<((?:https?|mailto):[^<>|\s]{1,2000})(?:\|[^<>\n]{0,500})?>/g;
const ENTITY = /&(lt|gt|amp|quot|#39);/g;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', '#39': "'" };
/** Terraform draws `│ ` in front of every line of an error; the Windows console shows `|`. */
const TERRAFORM_GUTTER = /^[ \t]{0,8}│[ \t]?/gm;
const QUOTE_MARKER = /^[ \t]{0,8}>[ \t]?/gm;

/** Any of the spaces, zero-width marks and curly quotes normalizePaste rewrites: text without them skips four scans. */
const ODD_CHARS = /[\u00a0\u2007\u202f\u200b\u200c\ufeff“”‘’]|\u200d/;

export function capPaste(text: string): string {
  return text.length > MAX_PASTE_CHARS ? text.slice(0, MAX_PASTE_CHARS) : text;
}

export function normalizePaste(raw: string): string {
  let text = capPaste(raw);
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  if (text.includes('<')) text = text.replace(SLACK_LINK, '$1');
  if (text.includes('&')) text = text.replace(ENTITY, (_, name: string) => ENTITIES[name] ?? '');
  if (text.includes('`')) text = text.replace(/`/g, ' ');
  if (text.includes('│')) text = text.replace(TERRAFORM_GUTTER, '');
  if (ODD_CHARS.test(text))
    text = text
      .replace(/[\u00a0\u2007\u202f]/g, ' ')
      .replace(/\u200b|\u200c|\u200d|\ufeff/g, '')
      .replace(/[“”]/g, '"')
      .replace(/[‘’]/g, "'");
  return unquoteWholeMessage(text);
}

/**
 * A paste quoted in Slack has `> ` in front of every line. Strip one level (twice at most) only when
 * every non-empty line is quoted: curl -v output mixes `>`, `<` and `*` lines and must keep its markers.
 */
function unquoteWholeMessage(text: string): string {
  // No quote marker anywhere: no line is quoted.
  if (!text.includes('>')) return text;
  let current = text;
  for (let level = 0; level < 2; level++) {
    const lines = current.split('\n');
    let quoted = 0;
    let nonEmpty = 0;
    for (const line of lines) {
      if (line.trim().length === 0) continue;
      nonEmpty++;
      if (/^[ \t]{0,8}>/.test(line)) quoted++;
    }
    if (nonEmpty === 0 || quoted !== nonEmpty) return current;
    // A quoted curl request (`> GET /api/v2/... HTTP/1.1`) is curl's own marker, not a Slack quote.
    if (
      /^[ \t]{0,8}>[ \t]?(?:GET|POST|PUT|PATCH|DELETE|HEAD|Host:|Authorization:|User-Agent:|Accept)/im.test(current) &&
      level === 0 &&
      !/^[ \t]{0,8}>[ \t]?[<>*]/m.test(current)
    ) {
      return current;
    }
    current = current.replace(QUOTE_MARKER, '');
  }
  return current;
}

/** Lines of quoted JSON inside a mixed message (`> {` / `>   "code": ...`) lose their markers for JSON.parse. */
export function stripQuoteMarkers(text: string): string {
  return text.replace(QUOTE_MARKER, '');
}

/** True when the text holds JSON escaped inside a string (`{\"message\":...}`, possibly escaped twice). */
export function hasEscapedJson(text: string): boolean {
  return /\\{1,8}"[A-Za-z_][A-Za-z0-9_-]{0,40}\\{1,8}"\s{0,3}:/.test(text);
}

/**
 * Loose unescape, good enough for reading fields (not for round-tripping): any run of backslashes
 * before a quote, n, r, t or slash is one level of string escaping, however many times it was nested.
 */
export function unescapeLoosely(text: string): string {
  return text
    .replace(/\\{1,16}"/g, '"')
    .replace(/\\{1,16}[nr]/g, '\n')
    .replace(/\\{1,16}t/g, ' ')
    .replace(/\\{1,16}\//g, '/');
}
