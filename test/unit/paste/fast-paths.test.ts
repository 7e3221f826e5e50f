import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collapse, PERMISSION_TOKEN, permissionTokenScan } from '../../../src/paste/fields';
import { matches } from '../../../src/paste/scan';

// Pieces that make and break permission tokens: letters, digits, the separators the pattern looks at on both
// sides, and runs long enough to cross its 41-, 60- and 64-character bounds.
const piece = fc.oneof(
  fc.constantFrom(...'aZk9_-*:.:/ \n"\'@[]'.split('')),
  fc.constantFrom('recording', 'screenRecording:view', 'a:b:c', 'x'.repeat(40), 'y'.repeat(41), 'z'.repeat(61)),
);
const text = fc.array(piece, { maxLength: 30 }).map((pieces) => pieces.join(''));

describe('permission-token scan (paste/fields.ts)', () => {
  it('finds exactly the tokens the pattern finds over the whole text, in order, within the limit', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 6 }), (t, limit) => {
        const expected = matches(PERMISSION_TOKEN, t, limit).map((m) => m[1]);
        expect(permissionTokenScan(t, limit)).toEqual(expected);
      }),
      { numRuns: 5000 },
    );
  });

  it('reads a token whose first part is as long as the pattern allows (41), and none longer', () => {
    const longest = `${'y'.repeat(41)}:a:b`;
    expect(permissionTokenScan(` ${longest} ${'y'.repeat(42)}:a:b`, 10)).toEqual([longest]);
  });

  it('reads tokens after JSON keys, list brackets and division suffixes', () => {
    const t =
      '{"message":"missing [recording:screenRecording:view, a:b:c:d1v1-0000] x.y:z:w","k":"user:me:x"} ab:cd:ef:gh:ij';
    expect(permissionTokenScan(t, 200)).toEqual(matches(PERMISSION_TOKEN, t, 200).map((m) => m[1]));
    expect(permissionTokenScan(t, 200)).toEqual(['recording:screenRecording:view', 'a:b:c:d1v1-0000', 'user:me:x']);
  });
});

describe('collapse (paste/fields.ts)', () => {
  const spaced = fc
    .array(
      fc.constantFrom(
        'a',
        'b',
        ' ',
        '  ',
        '\t',
        '\n',
        '\r',
        '\u00a0',
        '\u2009',
        '\u2028',
        '\ufeff',
        '\u3000',
        '\u200b',
      ),
      {
        maxLength: 24,
      },
    )
    .map((units) => units.join(''));

  it('answers what replacing every whitespace run by one space and trimming answers', () => {
    fc.assert(
      fc.property(spaced, (t) => {
        expect(collapse(t)).toBe(t.replace(/\s{1,2000}/g, ' ').trim());
      }),
      { numRuns: 5000 },
    );
  });
});
