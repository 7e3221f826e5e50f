import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { holds, holdsAny, lowerCase } from '../../../src/paste/literals';

// Characters the gates meet (ASCII, the pair table's collisions past ASCII, lone surrogates), in short texts so
// that words are often found: the table may only skip searches that must fail.
const unit = fc.oneof(
  fc.constantFrom(...'abcdeforst403: /_-\n{}"'.split('')),
  fc.constantFrom('\u00e1', '\u0103', '\u2013', '\u0183', '\ud83d', '\ude00', '\u00c3'),
);
const text = fc.array(unit, { maxLength: 40 }).map((units) => units.join(''));
const word = fc.array(unit, { minLength: 0, maxLength: 4 }).map((units) => units.join(''));

describe('literal gates (paste/literals.ts)', () => {
  it('holds answers exactly what includes answers, also when texts alternate and the tables are reused', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(text, word), { minLength: 1, maxLength: 12 }), (pairs) => {
        for (const [t, w] of pairs) expect(holds(t, w)).toBe(t.includes(w));
      }),
      { numRuns: 3000 },
    );
  });

  it('holdsAny is true exactly when includes finds one of the words', () => {
    fc.assert(
      fc.property(text, fc.array(word, { maxLength: 6 }), (t, words) => {
        expect(holdsAny(t, words)).toBe(words.some((w) => t.includes(w)));
      }),
      { numRuns: 3000 },
    );
  });

  it('lowerCase answers what toLowerCase answers, also when texts alternate', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(text, fc.constantFrom('ABC', 'İx', 'K')), { minLength: 1, maxLength: 8 }),
        (texts) => {
          for (const t of [...texts, ...texts.reverse()]) expect(lowerCase(t)).toBe(t.toLowerCase());
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('a word past a pair the text lacks is not found, and one it holds is', () => {
    expect(holds('forbidden 403', 'bid')).toBe(true);
    expect(holds('forbidden 403', 'bud')).toBe(false);
    expect(holds('forbidden 403', '')).toBe(true);
    expect(holds('\u00e1b', 'ab')).toBe(false);
  });
});
