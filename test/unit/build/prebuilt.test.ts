/**
 * The shipped data's prebuilt forms (src/prebuilt.ts, written by `npm run build`) give exactly what validating
 * the sources gives, and a prebuilt form whose sources changed since it was built is never used.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePrebuilt } from '../../../src/build/prebuilt';
import { CATALOG_FILE, shippedCatalogData } from '../../../src/catalog/catalog';
import { readCatalogFile } from '../../../src/catalog/catalog-file';
import { FOLKLORE_FILE, shippedFolkloreData } from '../../../src/catalog/folklore';
import { readFolkloreFile } from '../../../src/catalog/folklore-file';
import { prebuiltText, readPrebuilt } from '../../../src/prebuilt';
import { listScenarios, loadScenario } from '../../../src/sim/scenario';

let dir: string;
const NOWHERE = join(tmpdir(), 'sr-check-no-prebuilt-here');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sr-check-prebuilt-'));
  writePrebuilt(join(dir, 'prebuilt'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the build writes each shipped data file validated, and the loaders read it as validating would', () => {
  it('the catalog: the prebuilt form is used and gives the operations data/endpoint-permissions.json gives', () => {
    const prebuilt = join(dir, 'prebuilt', 'catalog.json');
    expect(readPrebuilt(prebuilt, { catalog: CATALOG_FILE })).toBeDefined();
    expect(shippedCatalogData(prebuilt)).toStrictEqual(readCatalogFile(CATALOG_FILE));
  });

  it('the folklore: the prebuilt form is used and gives what data/folklore.yaml gives', () => {
    const prebuilt = join(dir, 'prebuilt', 'folklore.json');
    expect(readPrebuilt(prebuilt, { folklore: FOLKLORE_FILE })).toBeDefined();
    expect(shippedFolkloreData(prebuilt)).toStrictEqual(readFolkloreFile(FOLKLORE_FILE));
  });

  it('every shipped scenario: loaded from its prebuilt form, it is the scenario validating its file gives', () => {
    const now = Date.parse('2026-12-07T01:00:00Z');
    const scenarios = join(dir, 'prebuilt', 'scenarios');
    const listed = listScenarios(scenarios);
    expect(listed).toStrictEqual(listScenarios(NOWHERE));
    expect(listed.length).toBeGreaterThan(10);
    for (const { name } of listed) {
      expect(readPrebuilt(join(scenarios, `${name}.json`), { scenario: scenarioFile(name) }), name).toBeDefined();
      expect(loadScenario(name, now, scenarios), name).toStrictEqual(loadScenario(name, now, NOWHERE));
    }
  });
});

describe('a prebuilt form is used only while its sources have the bytes it was built from', () => {
  it('a source edited, removed or renamed since the build: no prebuilt value', () => {
    const source = join(dir, 'source.txt');
    const prebuilt = join(dir, 'value.json');
    writeFileSync(source, 'one');
    writeFileSync(prebuilt, prebuiltText({ built: 'from one' }, { source }));
    expect(readPrebuilt(prebuilt, { source })).toEqual({ built: 'from one' });
    expect(readPrebuilt(prebuilt, { other: source })).toBeUndefined();
    expect(readPrebuilt(prebuilt, { source, other: source })).toBeUndefined();
    writeFileSync(source, 'two');
    expect(readPrebuilt(prebuilt, { source })).toBeUndefined();
    rmSync(source);
    expect(readPrebuilt(prebuilt, { source })).toBeUndefined();
  });

  it('a missing or unreadable prebuilt file: no prebuilt value', () => {
    const source = join(dir, 'source2.txt');
    writeFileSync(source, 'x');
    expect(readPrebuilt(join(dir, 'absent.json'), { source })).toBeUndefined();
    writeFileSync(join(dir, 'torn.json'), '{"sources":');
    expect(readPrebuilt(join(dir, 'torn.json'), { source })).toBeUndefined();
  });

  it('a stale prebuilt catalog or folklore is passed over: the loaders validate the data files instead', () => {
    const stale = (name: string) => {
      const file = join(dir, `stale-${name}.json`);
      writeFileSync(file, JSON.stringify({ sources: { [name]: '0'.repeat(64) }, value: { stale: true } }));
      return file;
    };
    expect(shippedCatalogData(stale('catalog'))).toStrictEqual(readCatalogFile(CATALOG_FILE));
    expect(shippedFolkloreData(stale('folklore'))).toStrictEqual(readFolkloreFile(FOLKLORE_FILE));
  });
});

function scenarioFile(name: string): string {
  return join(__dirname, '..', '..', '..', 'scenarios', `${name}.yaml`);
}
