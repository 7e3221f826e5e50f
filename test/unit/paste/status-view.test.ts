import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blankCodeBranches, blankCountsAndIds, CODE_BRANCH, COUNT_OR_ID } from '../../../src/paste/report';

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
  '99999999999999999999999999999999',
  'a'.repeat(24),
);
const text = fc.array(piece, { maxLength: 30 }).map((pieces) => pieces.join(''));

describe('statusView: counts and ids blanked (paste/report.ts)', () => {
  it('ends its word list with (?!\\w), which says what \\b said there (each word ends in a word character)', () => {
    const withBoundary = new RegExp(COUNT_OR_ID.source.replace(')(?!\\w)|(?:#|', ')\\b|(?:#|'), COUNT_OR_ID.flags);
    expect(withBoundary.source).not.toBe(COUNT_OR_ID.source);
    const words = fc.constantFrom(
      '403 ',
      '403\t',
      'records',
      'record',
      'wrap-up',
      'wrapups',
      'of 2',
      'more',
      'ms',
      'x',
      '_',
      '-',
      '.',
      'é',
      'ſ',
      'K',
      ' ',
    );
    fc.assert(
      fc.property(fc.array(words, { maxLength: 12 }), (pieces) => {
        const t = pieces.join('');
        expect([...t.matchAll(COUNT_OR_ID)].map((m) => [m.index, m[0]])).toEqual(
          [...t.matchAll(withBoundary)].map((m) => [m.index, m[0]]),
        );
      }),
      { numRuns: 5000 },
    );
  });

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
    // The furthest reads past a 403: a long count word, and a ratio's digits (read to their end).
    expect(blankCountsAndIds('got 403 \t participants.')).toBe('got xxx \t participants.');
    expect(blankCountsAndIds('got 403 \t participantsx')).toBe('got 403 \t participantsx');
    const ratio = `403/${'1'.repeat(40)}403${'1'.repeat(3)} done`;
    expect(blankCountsAndIds(ratio)).toBe(blankAll(ratio));
    expect(blankCountsAndIds(ratio)).toBe(`xxx/${'1'.repeat(40)}xxx${'1'.repeat(3)} done`);
  });
});

const blankBranches = (text: string): string => text.replace(CODE_BRANCH, (m) => m.replace(/403|forbidden/gi, 'xxx'));

// Pieces of every CODE_BRANCH branch (the longest lead `.toStrictEqual(  403`, the longest reach `status.HTTP_403`
// and word characters), near misses, `assert` (the whole pattern's case) and a character lowercasing lengthens.
const branchPiece = fc.constantFrom(
  '403',
  'Forbidden',
  'FORBIDDEN',
  'forbidden',
  ' === ',
  '!=',
  'case ',
  'in [',
  '(',
  "'",
  '"',
  '.toStrictEqual(',
  '.toBe(',
  '  ',
  '\t',
  ': ',
  'return',
  '=>',
  'HttpStatusCode.',
  'HttpStatus.',
  'HTTPStatus.',
  'status.HTTP_',
  'Status',
  'SC_',
  'abcdefghijklmnopqrstu',
  'x',
  '\n',
  'assert',
  'İ',
  '4034',
);
const branchText = fc.array(branchPiece, { maxLength: 30 }).map((pieces) => pieces.join(''));

describe('statusView: code branches blanked (paste/report.ts)', () => {
  it('blanks exactly what a whole-text replace of CODE_BRANCH blanks', () => {
    fc.assert(
      fc.property(branchText, (t) => {
        expect(blankCodeBranches(t)).toBe(blankBranches(t));
      }),
      { numRuns: 5000 },
    );
  });

  it('finds the branch whose 403 sits the longest lead after its start and the one that reads furthest past it', () => {
    expect(blankCodeBranches('expect(x).toStrictEqual(  403)')).toBe('expect(x).toStrictEqual(  xxx)');
    expect(blankCodeBranches('if status.HTTP_403_FORBIDDEN_ERROR_CODE_X:')).toBe(
      blankBranches('if status.HTTP_403_FORBIDDEN_ERROR_CODE_X:'),
    );
    expect(blankCodeBranches('HTTP 403 Forbidden')).toBe('HTTP 403 Forbidden');
    // `\w{0,20}` reads 23 past the first 403, and takes the second one in.
    const wordy = `status.HTTP_403${'x'.repeat(16)}403x`;
    expect(blankCodeBranches(wordy)).toBe(`status.HTTP_xxx${'x'.repeat(16)}xxxx`);
  });
});
