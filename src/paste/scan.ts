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

/** Where a pattern's matches must sit for the anchored searches below: their start, and how far they read. */
export interface AnchoredPattern {
  /** Global. Bounded quantifiers only, except as `extendOverDigits` allows; no look-behind past one character. */
  pattern: RegExp;
  /** The first anchor at or after `from` (-1 when none): every match holds one, at most `lead` after its start. */
  nextAnchor: (from: number) => number;
  lead: number;
  /** No attempt starting at or before an anchor reads past `anchor + reach`, ... */
  reach: number;
  /** ... unless through a run of digits (an unbounded `\d{2,}`): then past the run's end, at most. */
  extendOverDigits?: boolean;
  /** Where a match holding this anchor can start at the earliest, when the pattern says more than `lead`. */
  floor?: (anchor: number) => number;
}

/**
 * The leftmost match at or after `from`, with the pattern tried only in a window around each anchor: from `lead`
 * before it (and one character more, for a `\b`) to `reach` after it. No match can start before the window
 * (it would hold an anchor earlier than this one), every attempt in it reads only inside it, so its leftmost
 * match at or before the anchor is the whole text's; with none there, the next anchor is tried. The text
 * between anchors, where nothing can match, is not scanned.
 */
export function execNearAnchors(
  text: string,
  anchored: AnchoredPattern,
  from: number,
): { start: number; match: string } | undefined {
  const { pattern, nextAnchor, lead, reach, extendOverDigits, floor } = anchored;
  for (let anchor = nextAnchor(from); anchor >= 0; anchor = nextAnchor(from)) {
    const low = Math.max(from, anchor - lead, floor ? floor(anchor) : 0);
    const windowStart = Math.max(0, low - 1);
    let windowEnd = Math.min(text.length, anchor + reach + 1);
    if (extendOverDigits) while (windowEnd < text.length && isDigit(text.charCodeAt(windowEnd - 1))) windowEnd++;
    pattern.lastIndex = low - windowStart;
    const m = pattern.exec(text.slice(windowStart, windowEnd));
    pattern.lastIndex = 0;
    if (m !== null && windowStart + m.index <= anchor) return { start: windowStart + m.index, match: m[0] };
    from = anchor + 1;
  }
  return undefined;
}

/** `text.replace(pattern, replace)`, with the pattern tried only near anchors (execNearAnchors). */
export function replaceNearAnchors(
  text: string,
  anchored: AnchoredPattern,
  replace: (match: string) => string,
): string {
  let out = '';
  let done = 0;
  let replaced = false;
  for (let found = execNearAnchors(text, anchored, 0); found !== undefined; ) {
    out += text.slice(done, found.start) + replace(found.match);
    done = found.start + found.match.length;
    replaced = true;
    found = execNearAnchors(text, anchored, found.match.length === 0 ? done + 1 : done);
  }
  return replaced ? out + text.slice(done) : text;
}

/**
 * `(from) => text.indexOf(word, from)`, keeping its last answer: asked at growing positions (as the anchored
 * searches ask), it reads the text once, not once per anchor (a word the text lacks would be searched for
 * to the end of the text every time).
 */
export function nextOccurrence(text: string, word: string): (from: number) => number {
  let searchedFrom = Number.POSITIVE_INFINITY;
  let found = -1;
  return (from) => {
    // The kept answer holds when it was searched for no later than `from` and is not before it.
    if (searchedFrom > from || (found >= 0 && found < from)) {
      found = text.indexOf(word, from);
      searchedFrom = from;
    }
    return found;
  };
}

/** The first position at or after `from` where one of the finders' words starts, or -1. */
export function firstOccurrence(finders: ReadonlyArray<(from: number) => number>): (from: number) => number {
  return (from) => {
    let best = -1;
    for (const next of finders) {
      const at = next(from);
      if (at >= 0 && (best < 0 || at < best)) best = at;
    }
    return best;
  };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
