/**
 * The order names are sorted in (roles, divisions): `a.localeCompare(b, 'en')`, without building an ICU collator
 * when it need not. The first collator of a process loads ICU's list of available locales, ~70 M instructions
 * (~8 % of a CLI `org=demo` run, issue 26), and role names are plain ASCII nearly always. For printable ASCII
 * the English (CLDR root) order is computed here: the characters' primary order below (letters regardless of
 * case) across the whole string, a shorter string first when one is the start of the other, then at the first
 * letter differing in case only, lowercase first. Any other text goes to localeCompare itself, in English too,
 * so that the two paths are one consistent order. test/unit/catalog/text-order.test.ts compares the two.
 */

/** Printable ASCII in CLDR root collation order, letters once (their case is a tertiary difference). */
const PRIMARY_ORDER = ' _-,;:!?.\'"()[]{}@*/\\&#%`^+<=>|~$0123456789abcdefghijklmnopqrstuvwxyz';

/** Primary weight by char code (1-based); 0 for what the fast path does not handle. */
const PRIMARY = new Uint8Array(128);
for (let i = 0; i < PRIMARY_ORDER.length; i++) {
  const code = PRIMARY_ORDER.charCodeAt(i);
  PRIMARY[code] = i + 1;
  if (code >= 97 && code <= 122) PRIMARY[code - 32] = i + 1;
}

function printableAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 128 || PRIMARY[code] === 0) return false;
  }
  return true;
}

/** Negative, zero or positive as `a.localeCompare(b, 'en')`. */
export function compareText(a: string, b: string): number {
  if (!printableAscii(a) || !printableAscii(b)) return a.localeCompare(b, 'en');
  const shared = Math.min(a.length, b.length);
  for (let i = 0; i < shared; i++) {
    const difference = PRIMARY[a.charCodeAt(i)]! - PRIMARY[b.charCodeAt(i)]!;
    if (difference !== 0) return difference < 0 ? -1 : 1;
  }
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  for (let i = 0; i < shared; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    // Same primary weight, different code: one letter in two cases. Lowercase (the higher code) first.
    if (x !== y) return x > y ? -1 : 1;
  }
  return 0;
}
