/**
 * Permission tokens (`domain:entity:action[:division]`) wherever a text writes them, and the permission lists
 * read from them. Every view the detector reads is scanned (parse, evidence, tier, named permissions), so the
 * scan tries its pattern only where a token can start. pushUnique, the lists' order-keeping add, is shared by
 * the modules that build lists (of permissions, divisions, SDK method names).
 */
import { parsePermission } from '../catalog/permissions';

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
