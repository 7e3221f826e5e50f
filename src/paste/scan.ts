/** The scan loops the field extractors share: bounded match lists, anchored sticky tries, first capture. */

const MAX_HITS = 40;

/**
 * Up to `limit` matches of a global pattern, in order. An array, not a generator: a generator object and a
 * result object per match cost more than the list (its callers read all; atAnchors below and findMessageKey,
 * which stop early, loop themselves).
 */
export function matches(pattern: RegExp, text: string, limit = MAX_HITS): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null && out.length < limit; m = pattern.exec(text)) {
    out.push(m);
    if (m[0].length === 0) pattern.lastIndex++;
  }
  return out;
}

/**
 * Tries a costly sticky pattern only where a cheap anchor occurs, and only at the first few anchors,
 * so text that repeats the anchor thousands of times stays linear.
 */
export function atAnchors(anchor: RegExp, sticky: RegExp, text: string, maxAnchors = 4): RegExpExecArray | undefined {
  anchor.lastIndex = 0;
  let count = 0;
  for (let a = anchor.exec(text); a !== null && count < maxAnchors; a = anchor.exec(text)) {
    count++;
    sticky.lastIndex = a.index;
    const m = sticky.exec(text);
    if (m) return m;
    if (a[0].length === 0) anchor.lastIndex++;
  }
  return undefined;
}

export function first(pattern: RegExp, text: string, group = 1): string | undefined {
  pattern.lastIndex = 0;
  return pattern.exec(text)?.[group];
}
