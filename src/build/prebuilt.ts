/**
 * Writes the prebuilt forms of the shipped data (src/prebuilt.ts) into a directory, dist/prebuilt at build time
 * (scripts/build.ts): the catalog, the folklore and every shipped scenario, each validated by the very code that
 * validates them at run time when no prebuilt form fits.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOG_FILE } from '../catalog/catalog';
import { readCatalogFile } from '../catalog/catalog-file';
import { FOLKLORE_FILE } from '../catalog/folklore';
import { readFolkloreFile } from '../catalog/folklore-file';
import { prebuiltText } from '../prebuilt';
import { prebuildScenario, SCENARIOS_DIR, scenarioName } from '../sim/scenario';

/** Writes catalog.json, folklore.json and scenarios/NAME.json into `dir` (emptied first); returns the files. */
export function writePrebuilt(dir: string): string[] {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'scenarios'), { recursive: true });
  const written: string[] = [];
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    written.push(name);
  };
  write('catalog.json', prebuiltText(readCatalogFile(CATALOG_FILE), { catalog: CATALOG_FILE }));
  write('folklore.json', prebuiltText(readFolkloreFile(FOLKLORE_FILE), { folklore: FOLKLORE_FILE }));
  for (const entry of readdirSync(SCENARIOS_DIR).filter((f) => /\.(ya?ml|json)$/.test(f))) {
    const file = join(SCENARIOS_DIR, entry);
    write(`scenarios/${scenarioName(file)}.json`, prebuiltText(prebuildScenario(file), { scenario: file }));
  }
  return written;
}
