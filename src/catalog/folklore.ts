/**
 * Folklore: names, places and claims about Genesys Cloud 403s that circulate but are wrong or unconfirmed,
 * kept as data (data/folklore.yaml) with the reason each is wrong and the real thing. Loaded and validated
 * once; every pattern is compiled here so a bad entry fails at start, not on some message.
 */
import { join } from 'node:path';
import { readPrebuilt } from '../prebuilt';
import { readFolkloreFile, type FolkloreData } from './folklore-file';

export const FOLKLORE_FILE = join(__dirname, '..', '..', 'data', 'folklore.yaml');
/** The folklore validated at build time (src/prebuilt.ts); only beside the compiled code. */
export const FOLKLORE_PREBUILT = join(__dirname, '..', 'prebuilt', 'folklore.json');

export interface Folklore {
  /** `pattern` finds the name as a whole word (not inside a longer scope or permission). */
  scopes: Array<{ name: string; real: string[]; why: string; pattern: RegExp }>;
  operations: Array<{ call: string; why: string }>;
  roles: Array<{ name: string; why: string }>;
  places: Array<{ pattern: RegExp; said: string; real: string; why: string }>;
  claims: Array<{ pattern: RegExp; said: string; answer: string }>;
  topics: Array<{ words: string[]; operations: string[] }>;
}

let loaded: Folklore | undefined;

export function loadFolklore(file = FOLKLORE_FILE): Folklore {
  if (file === FOLKLORE_FILE && loaded) return loaded;
  const raw = file === FOLKLORE_FILE ? shippedFolkloreData() : readFolkloreFile(file);
  const folklore: Folklore = {
    ...raw,
    scopes: raw.scopes.map((sc) => ({
      ...sc,
      pattern: new RegExp(`(?<![\\w:])${escapeRegExp(sc.name)}(?![\\w:])`, 'i'),
    })),
    places: raw.places.map((p) => ({ ...p, pattern: new RegExp(p.pattern, 'i') })),
    claims: raw.claims.map((c) => ({ ...c, pattern: new RegExp(c.pattern, 'i') })),
    topics: raw.topics.map((t) => ({ ...t, words: t.words.map((w) => w.toLowerCase()) })),
  };
  if (file === FOLKLORE_FILE) loaded = folklore;
  return folklore;
}

/** The shipped folklore as written, validated: the build's prebuilt form when it is current, else the file. */
export function shippedFolkloreData(prebuilt = FOLKLORE_PREBUILT): FolkloreData {
  return readPrebuilt<FolkloreData>(prebuilt, { folklore: FOLKLORE_FILE }) ?? readFolkloreFile(FOLKLORE_FILE);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
