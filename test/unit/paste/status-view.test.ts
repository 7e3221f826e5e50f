import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blankCountsAndIds, COUNT_OR_ID } from '../../../src/paste/report';

const blankAll = (text: string): string => text.replace(COUNT_OR_ID, (m) => m.replace(/403/g, 'xxx'));

// Pieces of every COUNT_OR_ID branch (the longest lead, `extension : 403`, included), so texts often hold
// several matches, near misses and matches that start well before their 403.
const piece = fc.constantFrom(
  '403',
  ' records',
  ' ms',
  '#',
  'id=',
  'extension \t : \t ',
  'latency',
  'no. ',
  '123456',
  ' / ',
  '/',
  'v12.',
  '.5',
  ' of 2',
  ' ',
  '\t',
  'x',
  '\n',
  'é',
  'EXTENSION',
  '4034',
);
const text = fc.array(piece, { maxLength: 30 }).map((pieces) => pieces.join(''));

describe('statusView: counts and ids blanked (paste/report.ts)', () => {
  it('blanks exactly what a whole-text replace blanks', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(blankCountsAndIds(t)).toBe(blankAll(t));
      }),
      { numRuns: 5000 },
    );
  });

  it('finds a match whose 403 sits the longest lead after its start, and leaves a status alone', () => {
    expect(blankCountsAndIds('a extension \t : \t 403 b')).toBe('a extension \t : \t xxx b');
    expect(blankCountsAndIds('HTTP 403 Forbidden')).toBe('HTTP 403 Forbidden');
    expect(blankCountsAndIds('got 403 records, then #403')).toBe('got xxx records, then #xxx');
  });
});
