/**
 * What the poster says they already HAVE ("the client has analytics:readonly", `Scopes: conversations`,
 * "the role includes recording:recording:view") versus what they say is missing, read from the prose around
 * an error. The error's own list stays authoritative for what is missing; held items are kept apart so the
 * explanation can say "your client has X, but ...". Linear: one token scan, fixed look-behind windows.
 */
import { knownScopeNames } from '../catalog/scopes';
import { parsePermission } from '../catalog/permissions';
import { pushUnique } from './permission-tokens';
import { holds, lowerCase } from './literals';

const PERMISSION_OR_SCOPE =
  /(?<![\w:./-])([A-Za-z][A-Za-z0-9_-]{1,40}(?::[A-Za-z0-9_*-]{1,60}){1,3})(?![\w:/-]|\.\w)|(?<![\w:./-])([a-z][a-z-]{2,30})(?![\w:/-]|\.\w)/g;
/**
 * PERMISSION_OR_SCOPE without its bare-word branch, for lines where a bare word cannot count (no "scope" on
 * the line, not a held line). It finds the same permission tokens: a bare-word match covers only letters and
 * hyphens after a non-token character, so no permission token can start inside one.
 */
const PERMISSION_ONLY = /(?<![\w:./-])([A-Za-z][A-Za-z0-9_-]{1,40}(?::[A-Za-z0-9_*-]{1,60}){1,3})(?![\w:/-]|\.\w)/g;
const HELD_CUE =
  /\b(?:ha[sd]|have|having|hold|holds|holding|held|granted|grants?|assigned|includes?|included|including|contains?|already|given|gave|added|enabled|checked|ticked|selected|authori[sz]ed (?:for|with)|with(?: the)?(?: scopes?| permissions?| roles?)?|got)\b|\b(?:scopes?|permissions?|roles?)\s{0,2}(?:are|is|=|:)/gi;
const MISSING_CUE =
  /\b(?:missing|lacks?|lacking|needs?|needed|requires?|required|requiring|without|not have|doesn'?t have|don'?t have|didn'?t have|no|asks? for|wants?|following permission|expects?)\b/gi;
const HELD_LINE =
  /^[ \t]{0,8}(?:[-*•][ \t]{0,3})?(?:granted |assigned |current |our |client |oauth |app |token |the )?(?:scopes?|permissions?|roles? permissions?|authori[sz]ed scopes?)[ \t]{0,3}(?:\([^)\n]{0,40}\))?[ \t]{0,2}[:=]/i;
const MISSING_LINE = /^[ \t]{0,8}(?:[-*•][ \t]{0,3})?(?:missing|required|needed|requires?|needs?)[\w ]{0,30}[:=]/i;

const WRAPPED_PERMISSION = /(\b[A-Za-z][\w-]{1,40}:[A-Za-z][\w*-]{1,60}:)[ \t]{0,4}\n[ \t]{0,8}(?=[A-Za-z*])/g;
const WRAP_MARK = /:[ \t]{0,4}\n/;
const HEADER_ONLY = /^[ \t]{0,8}(?:[-*•][ \t]{0,3})?[A-Za-z][\w ()]{1,40}:[ \t]{0,4}$/;

export interface HeldReading {
  /** Permissions (`domain:entity:action`) and scope names the poster says they have. */
  held: string[];
  /** Permissions the prose says are missing or needed (outside any error body). */
  saidMissing: string[];
}

/** The nearest cue before `at` on the same line (within 120 characters): held, missing or none. */
function cueBefore(line: string, at: number): 'held' | 'missing' | undefined {
  const window = line.slice(Math.max(0, at - 120), at);
  let held = -1;
  let missing = -1;
  HELD_CUE.lastIndex = 0;
  for (let m = HELD_CUE.exec(window); m; m = HELD_CUE.exec(window)) held = m.index;
  MISSING_CUE.lastIndex = 0;
  for (let m = MISSING_CUE.exec(window); m; m = MISSING_CUE.exec(window)) missing = m.index;
  if (held < 0 && missing < 0) return undefined;
  return held > missing ? 'held' : 'missing';
}

/**
 * `errorSpans` are the texts of the error itself (its message, refusal sentence): tokens inside them are
 * the error's, never the poster's claim. A bare scope word (`analytics`) counts only on a line that says "scope".
 */
export function readHeld(text: string, errorSpans: string[]): HeldReading {
  const scopes = knownScopeNames();
  const held: string[] = [];
  const saidMissing: string[] = [];
  // A permission wrapped after its second colon (OCR, narrow terminals) is joined back: `a:b:` + `view`.
  // Every wrap holds `:` then a line break; a text without one is left as it is, unscanned.
  const head = text.slice(0, 20_000);
  const lines = (head.includes('\n') && WRAP_MARK.test(head) ? head.replace(WRAPPED_PERMISSION, '$1') : head).split(
    '\n',
    400,
  );
  // A header line alone ("Missing:", "Role permissions:") gives its kind to the lines under it, up to a blank line.
  let section: 'held' | 'missing' | undefined;
  // The first 40 characters of each long error span, cut once rather than once per line.
  const spanHeads: string[] = [];
  for (const span of errorSpans) if (span.length > 20) spanHeads.push(span.slice(0, 40));
  // A bare scope word can count only on a line that says "scope": none does when the text does not.
  const saysScope = holds(lowerCase(text), 'scope');
  for (const line of lines) {
    if (line.trim().length === 0) section = undefined;
    // Without a header's kind above it or a scope named, a line counts only through a pattern that needs a `:` or
    // an `=` (a header, a held or missing line, a permission token): a line with neither is skipped unread.
    if (section === undefined && !saysScope && !line.includes(':') && !line.includes('=')) continue;
    if (HEADER_ONLY.test(line)) {
      section = MISSING_LINE.test(line) ? 'missing' : HELD_LINE.test(line) ? 'held' : undefined;
      continue;
    }
    if (spanHeads.some((spanHead) => line.includes(spanHead))) continue;
    if (
      /You\s{1,4}(?:are\s{1,4}missing|must\s{1,4}have)|Permission\s{1,3}is\s{1,3}forbidden|"message"|'message'|\bmessage\s{0,2}:/i.test(
        line,
      )
    )
      continue;
    const lineKind = HELD_LINE.test(line) ? 'held' : MISSING_LINE.test(line) ? 'missing' : section;
    const mentionsScope = /\bscopes?\b/i.test(line);
    // A bare scope word counts only on a line that says "scope" or holds: elsewhere read permission tokens
    // only, which need a colon (most lines of a paste have none).
    const words = mentionsScope || lineKind === 'held';
    if (!words && !line.includes(':')) continue;
    const tokens = words ? PERMISSION_OR_SCOPE : PERMISSION_ONLY;
    tokens.lastIndex = 0;
    let items = 0;
    for (let m = tokens.exec(line); m && items < 60; m = tokens.exec(line)) {
      const token = m[1] ?? m[2] ?? '';
      let item: string | undefined;
      let isPermission = false;
      const lower = token.toLowerCase();
      if (scopes.has(lower) && (lower.includes(':') || mentionsScope || lineKind === 'held')) item = lower;
      else if (m[1] && token.split(':').length >= 3) {
        const parsed = parsePermission(token);
        if (parsed) {
          item = `${parsed.domain}:${parsed.entity}:${parsed.action}`;
          isPermission = true;
        }
      }
      if (!item) continue;
      items++;
      const kind = lineKind ?? cueBefore(line, m.index);
      if (kind === 'held') pushUnique(held, item);
      else if (kind === 'missing' && isPermission) pushUnique(saidMissing, item);
    }
  }
  return { held, saidMissing };
}
