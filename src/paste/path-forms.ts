/**
 * Paths in the forms people paste, rewritten so the catalog can match them: template variables
 * (`${input.userId}`, `{{id}}`, `:id`, `<id>`), elided ids (`8d1e…`, `...`), a base-URL variable in front
 * (`{{baseUrl}}/api/v2/...`, `$BASE/api/v2/...`) and a path broken over two lines (OCR, narrow terminals).
 * Only text inside `/api/v2/` paths changes; every pattern is linear (literal anchors, bounded quantifiers).
 */
import type { Catalog } from '../catalog/catalog';

/** A path as far as it can run, including the forms below (stops at whitespace, quotes and separators). */
const RAW_PATH = /\/api\/v2\/[^\s"'|\\,;)\]`]{0,400}/g;
const MAX_PATHS = 40;
const HAS_FORM = /[$:<{]|…|\.\.\./;
const BASE_VARIABLE =
  /(?:\{\{[\w.\s-]{1,40}\}\}|\$\{[\w.]{1,40}\}|\$[A-Za-z_][A-Za-z0-9_]{0,40}|\{[A-Za-z_]\w{0,40}\})(?=\/api\/v2\/)/g;

function placeholder(segment: string, last: boolean): string {
  let m = /^\$\{\s{0,2}(?:[\w]{1,40}\.){0,4}([A-Za-z_]\w{0,60})\s{0,2}\}(.*)$/.exec(segment);
  if (m) return `{${m[1]}}${m[2]}`;
  m = /^\{\{\s{0,2}(?:[\w]{1,40}\.){0,4}([A-Za-z_]\w{0,60})\s{0,2}\}\}(.*)$/.exec(segment);
  if (m) return `{${m[1]}}${m[2]}`;
  m = /^:([A-Za-z_]\w{0,60})$/.exec(segment);
  if (m) return `{${m[1]}}`;
  m = /^<([A-Za-z_][\w.-]{0,60})>(.*)$/.exec(segment);
  if (m) return `{${m[1]!.replace(/\W/g, '')}}${m[2]}`;
  // An id cut short: `3f2a…`, `3f2a...` (hex with a digit), or `...` / `…` between two segments.
  const cut = /^([0-9a-fA-F-]{0,40})(?:…|\.{3})$/.exec(segment);
  if (cut && (/\d/.test(cut[1]!) || (!last && cut[1] === ''))) return '{id}';
  return segment;
}

function rewritePath(path: string): string {
  const query = path.search(/[?#]/);
  const head = query >= 0 ? path.slice(0, query) : path;
  const tail = query >= 0 ? path.slice(query) : '';
  const segments = head.split('/');
  const rewritten = segments
    .map((segment, i) => (segment.length > 0 ? placeholder(segment, i === segments.length - 1) : segment))
    .join('/');
  return rewritten + tail;
}

/** The text with template variables and elided ids in `/api/v2/` paths written as `{name}` placeholders. */
export function normalizePathForms(text: string): string {
  if (!text.includes('/api/v2/')) return text;
  let out = text;
  if (/[$}]\/api\/v2\//.test(out)) out = out.replace(BASE_VARIABLE, '');
  // The first paths only, as every other scan here: a text repeating a path thousands of times stays linear.
  let seen = 0;
  return out.replace(RAW_PATH, (path) => (seen++ < MAX_PATHS && HAS_FORM.test(path) ? rewritePath(path) : path));
}

const BROKEN_LINE = /(\/api\/v2\/[A-Za-z0-9_{}/.-]{0,300})\n[ \t]{0,8}([A-Za-z0-9_{}/-]{1,120})(?=[\s.,;:!?)]|$)/g;

/**
 * A path broken at the end of a line and continued on the next (`.../weeks/{weekId}/sche` + `dules`):
 * joined when the joined path is a real operation and the part before the break is not.
 */
export function joinBrokenPaths(text: string, catalog: Catalog): string {
  if (!text.includes('/api/v2/') || !text.includes('\n')) return text;
  let count = 0;
  return text.replace(BROKEN_LINE, (whole, before: string, after: string) => {
    if (count++ > 10) return whole;
    const joined = `${before}${after}`;
    if (catalog.resolveAnyMethod(joined).length === 0) return whole;
    if (!before.endsWith('/') && catalog.resolveAnyMethod(before).length > 0) return whole;
    return joined;
  });
}
