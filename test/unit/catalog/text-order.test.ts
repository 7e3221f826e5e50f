import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareText } from '../../../src/catalog/text-order';

const sign = (n: number) => Math.sign(n);
const english = (a: string, b: string) => sign(a.localeCompare(b, 'en'));
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));

describe('compareText orders as localeCompare in English', () => {
  it('every pair of printable ASCII characters, and each with a second character after it', () => {
    for (const a of PRINTABLE)
      for (const b of PRINTABLE) {
        expect([a, b, sign(compareText(a, b))]).toEqual([a, b, english(a, b)]);
        expect(sign(compareText(`${a}x`, `${b}X`))).toBe(english(`${a}x`, `${b}X`));
      }
  });

  it('names like role names: case, punctuation, prefixes, equal primaries', () => {
    const names = [
      'Screen Recording Viewer',
      'Screen Recording Viewer (view only)',
      'screen recording viewer',
      'Screen-Recording Viewer',
      'Screen_Recording Viewer',
      'Communicate - User',
      'communicate - user',
      'sr-check Fixer',
      'aA',
      'Aa',
      'AA',
      'aa',
      'a',
      'A',
      'Decoy 10',
      'Decoy 9',
      '',
    ];
    for (const a of names)
      for (const b of names) expect([a, b, sign(compareText(a, b))]).toEqual([a, b, english(a, b)]);
  });

  it('any strings, ASCII or not (those go to localeCompare)', () => {
    const ascii = fc.string({ unit: fc.constantFrom(...PRINTABLE, 'a', 'A', 'b', 'B'), maxLength: 8 });
    const any = fc.oneof(
      ascii,
      fc.string({ unit: 'grapheme', maxLength: 4 }),
      fc.constantFrom('é', 'e\u0301', 'ß', '\t'),
    );
    fc.assert(
      fc.property(fc.oneof(ascii, any), fc.oneof(ascii, any), (a, b) => {
        expect(sign(compareText(a, b))).toBe(english(a, b));
        expect(sign(compareText(`${a}${b}`, `${b}${a}`))).toBe(english(`${a}${b}`, `${b}${a}`));
      }),
      { numRuns: 3000 },
    );
  });
});
