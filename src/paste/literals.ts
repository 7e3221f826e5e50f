/**
 * Substring tests for the literal gates in front of the detector's scans. A message passes through ~80
 * `includes` calls (most of them answer no), each a pass over the whole text. Here one pass marks which
 * characters and character pairs the text holds; a word with a pair the text lacks cannot be in it, and only
 * the rest are searched. Answers are always `text.includes(word)`'s: the table only skips searches that must
 * fail (characters past ASCII share slots with ASCII ones, which can only let a search through).
 */

/** 128 × 128 pairs of the low seven bits of two UTF-16 code units, then 128 single code units. */
const PAIRS = 128 * 128;

interface Table {
  text: string | undefined;
  stamp: number;
  marks: Uint16Array;
}

/** The last few texts marked: one parse asks about its raw text, its view and their lowercase forms. */
const tables: Table[] = [0, 1, 2, 3].map(() => ({ text: undefined, stamp: 0, marks: new Uint16Array(PAIRS + 128) }));

function toFront(i: number): void {
  const table = tables[i]!;
  for (let j = i; j > 0; j--) tables[j] = tables[j - 1]!;
  tables[0] = table;
}

function tableFor(text: string): Table {
  for (let i = 0; i < tables.length; i++) {
    const table = tables[i]!;
    if (table.text === text) {
      toFront(i);
      return table;
    }
  }
  const table = tables[tables.length - 1]!;
  toFront(tables.length - 1);
  // A fresh stamp per marking; the table is cleared only when the 16-bit stamp wraps.
  if (table.stamp === 0xffff) {
    table.marks.fill(0);
    table.stamp = 0;
  }
  const stamp = ++table.stamp;
  const { marks } = table;
  const n = text.length;
  let previous = n > 0 ? text.charCodeAt(0) & 127 : 0;
  if (n > 0) marks[PAIRS + previous] = stamp;
  for (let i = 1; i < n; i++) {
    const c = text.charCodeAt(i) & 127;
    marks[PAIRS + c] = stamp;
    marks[(previous << 7) | c] = stamp;
    previous = c;
  }
  table.text = text;
  return table;
}

/** `text.includes(word)`, skipping the search when the text lacks one of the word's characters or pairs. */
export function holds(text: string, word: string): boolean {
  return holdsIn(tableFor(text), text, word);
}

/** Whether the text holds any of the words (the text's table looked up once for all of them). */
export function holdsAny(text: string, words: readonly string[]): boolean {
  const table = tableFor(text);
  for (let i = 0; i < words.length; i++) if (holdsIn(table, text, words[i]!)) return true;
  return false;
}

function holdsIn({ marks, stamp }: Table, text: string, word: string): boolean {
  const n = word.length;
  if (n === 0) return true;
  let previous = word.charCodeAt(0) & 127;
  if (marks[PAIRS + previous] !== stamp) return false;
  for (let i = 1; i < n; i++) {
    const c = word.charCodeAt(i) & 127;
    if (marks[(previous << 7) | c] !== stamp) return false;
    previous = c;
  }
  return text.includes(word);
}

/** The last two texts lowercased: one parse lowercases its view and its status view for several gates. */
const lowerIn: Array<string | undefined> = [undefined, undefined];
const lowerOut: string[] = ['', ''];

/** `text.toLowerCase()`, kept for the last two texts. */
export function lowerCase(text: string): string {
  if (lowerIn[0] === text) return lowerOut[0]!;
  if (lowerIn[1] === text) return lowerOut[1]!;
  const out = text.toLowerCase();
  lowerIn[1] = lowerIn[0];
  lowerOut[1] = lowerOut[0]!;
  lowerIn[0] = text;
  lowerOut[0] = out;
  return out;
}
