import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeText, fitMarkup, fitSafe, safeText } from '../../../src/slack/blocks/text';

describe('escapeText / safeText', () => {
  it.each([
    ['<!channel>', '&lt;!channel&gt;'],
    ['<@U123>', '&lt;@U123&gt;'],
    ['a & b', 'a &amp; b'],
    ['&lt;', '&amp;lt;'],
    ['plain', 'plain'],
  ])('escapes %s', (input, expected) => {
    expect(escapeText(input)).toBe(expected);
  });

  it.each(['@everyone', '@here', '@channel', 'hi @Everyone!'])('defuses the broadcast word in %s', (input) => {
    expect(safeText(input)).not.toMatch(/@(everyone|here|channel)\b/i);
    expect(safeText(input).replace(/\u2060/g, '')).toBe(input);
  });
});

describe('fitSafe', () => {
  it('never exceeds the limit, never leaves a raw < > or a cut entity', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.integer({ min: 2, max: 200 }), (text, max) => {
        const out = fitSafe(text, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out).not.toMatch(/[<>]/);
        // Every & starts a whole entity.
        expect(out.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
      }),
    );
  });

  it('keeps short text whole and marks a cut with …', () => {
    expect(fitSafe('short', 10)).toBe('short');
    expect(fitSafe('<<<<<<<<<<', 10)).toBe('&lt;&lt;…');
  });
});

describe('fitMarkup', () => {
  it('does not split an entity', () => {
    expect(fitMarkup('abc&amp;def', 6)).toBe('abc…');
    expect(fitMarkup('abc', 6)).toBe('abc');
  });
});
