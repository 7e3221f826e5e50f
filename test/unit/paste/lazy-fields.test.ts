/** Premises and nearest operations are built when first read (src/paste/lazy.ts), and then stay put. */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/catalog';
import { findPremises, parsePastedError } from '../../../src/paste';

const catalog = loadCatalog();
const TEXT =
  'we get 403 Forbidden from Genesys on POST /api/v2/interaction/screenrecordings even though the client has the recordings:write scope';

function finding() {
  const parse = parsePastedError(TEXT, catalog, 'ask');
  if (parse.kind !== 'genesys-403') throw new Error(`expected a 403 finding, got ${parse.kind}`);
  return parse.finding;
}

describe('fields built on demand', () => {
  it('premises read from the finding are the text premises, computed once and kept as a plain field', () => {
    const f = finding();
    const first = f.premises;
    expect(first).toEqual(findPremises(TEXT));
    expect(first.some((p) => p.kind === 'scope')).toBe(true);
    expect(f.premises).toBe(first);
    expect(Object.getOwnPropertyDescriptor(f, 'premises')?.get).toBeUndefined();
  });

  it('nearest operations of a call that is no operation are ranked when read, and JSON carries them in place', () => {
    const f = finding();
    const unknown = f.notAnOperation;
    expect(unknown?.path).toBe('/api/v2/interaction/screenrecordings');
    const json = JSON.parse(JSON.stringify(f));
    expect(json.notAnOperation.nearest.length).toBeGreaterThan(0);
    expect(unknown?.nearest).toEqual(json.notAnOperation.nearest);
    expect(Object.keys(json)).toEqual(Object.keys(f));
    expect(Object.keys(f).at(-1)).toBe('premises');
  });

  it('a caller may replace a built-on-demand field', () => {
    const f = finding();
    f.premises = [];
    expect(f.premises).toEqual([]);
  });
});
