import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstThreeParts, GENESYS_HOST, nextGenesysHost } from '../../../src/paste/evidence';
import { readHeld } from '../../../src/paste/held';
import { collapse } from '../../../src/paste/fields';
import { PERMISSION_TOKEN, permissionTokenScan } from '../../../src/paste/permission-tokens';
import { matches, nextOccurrence } from '../../../src/paste/scan';

// Pieces that make and break permission tokens: letters, digits, the separators the pattern looks at on both
// sides, and runs long enough to cross its 41-, 60- and 64-character bounds.
const piece = fc.oneof(
  fc.constantFrom(...'aZk9_-*:.:/ \n"\'@[]'.split('')),
  fc.constantFrom('recording', 'screenRecording:view', 'a:b:c', 'x'.repeat(40), 'y'.repeat(41), 'z'.repeat(61)),
);
const text = fc.array(piece, { maxLength: 30 }).map((pieces) => pieces.join(''));

describe('permission-token scan (paste/permission-tokens.ts)', () => {
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

describe('Genesys host scan (paste/evidence.ts)', () => {
  const hostPiece = fc.constantFrom(
    'api.',
    'login.',
    'mypurecloud.',
    'MyPureCloud.',
    'com',
    '.au',
    '.ie',
    'pure.cloud',
    'usw2.',
    'us-gov-',
    'eusc-',
    'inindca.com',
    'inintca.com',
    'x',
    '-',
    '.',
    ' ',
    '/',
    'a'.repeat(40),
    'b'.repeat(12),
    'İ',
  );
  const hostText = fc.array(hostPiece, { maxLength: 24 }).map((pieces) => pieces.join(''));
  const allByPattern = (t: string): string[] => {
    const out: string[] = [];
    GENESYS_HOST.lastIndex = 0;
    for (let m = GENESYS_HOST.exec(t); m !== null; m = GENESYS_HOST.exec(t)) out.push(`${m.index}:${m[0]}`);
    GENESYS_HOST.lastIndex = 0;
    return out;
  };
  const allByScan = (t: string): string[] => {
    const out: string[] = [];
    for (let host = nextGenesysHost(t, 0); host !== undefined; host = nextGenesysHost(t, host.end))
      out.push(`${host.end - host.name.length}:${host.name}`);
    return out;
  };

  it('finds exactly the hosts the pattern finds over the whole text, in order', () => {
    fc.assert(
      fc.property(hostText, (t) => {
        expect(allByScan(t)).toEqual(allByPattern(t));
      }),
      { numRuns: 5000 },
    );
  });

  it('reads a host with three long labels before its domain', () => {
    const host = `${'a'.repeat(40)}.${'b'.repeat(40)}.${'c'.repeat(40)}.usw2.us-gov-pure.cloud`;
    expect(allByScan(`GET https://${host}/api`)).toEqual(allByPattern(`GET https://${host}/api`));
    // The domain word as the first label: the match reads furthest past it.
    const far = `mypurecloud.${'a'.repeat(40)}.${'b'.repeat(40)}.usw2.us-gov-pure.cloud x`;
    expect(allByScan(far)).toEqual([`0:${far.slice(0, -2)}`]);
    expect(allByScan(`x ${'a'.repeat(40)}.mypurecloud.mypurecloud.com.au y`)).toEqual(
      allByPattern(`x ${'a'.repeat(40)}.mypurecloud.mypurecloud.com.au y`),
    );
  });
});

describe('firstThreeParts (paste/evidence.ts)', () => {
  it('answers what split, slice and join answer', () => {
    const token = fc.array(fc.constantFrom('a', 'bc', ':', 'x-1', '*'), { maxLength: 12 }).map((p) => p.join(''));
    fc.assert(
      fc.property(token, (t) => {
        expect(firstThreeParts(t)).toBe(t.split(':').slice(0, 3).join(':'));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('readHeld line gate (paste/held.ts)', () => {
  it('still reads colon-less lines under a header, and bare scope words when the text names scopes', () => {
    expect(readHeld('Scopes:\n analytics\n conversations\n\nthanks', []).held).toEqual(['analytics', 'conversations']);
    expect(readHeld('the client has the analytics scope', []).held).toEqual(['analytics']);
    expect(readHeld('Role permissions:\n analytics\n', []).held).toEqual(['analytics']);
    expect(readHeld('we have routing:queue:view\nit has analytics', []).held).toEqual(['routing:queue:view']);
  });
});

describe('nextOccurrence (paste/scan.ts)', () => {
  it('answers what indexOf answers, whatever order the positions are asked in', () => {
    const t = fc.array(fc.constantFrom('403', 'a', 'forbidden', ' ', '40'), { maxLength: 20 }).map((p) => p.join(''));
    fc.assert(
      fc.property(t, fc.array(fc.nat({ max: 60 }), { maxLength: 12 }), (text, froms) => {
        const next = nextOccurrence(text, '403');
        for (const from of froms) expect(next(from)).toBe(text.indexOf('403', from));
      }),
      { numRuns: 3000 },
    );
  });
});
