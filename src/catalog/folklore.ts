/**
 * Folklore: names, places and claims about Genesys Cloud 403s that circulate but are wrong or unconfirmed,
 * kept as data (data/folklore.yaml) with the reason each is wrong and the real thing. Loaded and validated
 * once; every pattern is compiled here so a bad entry fails at start, not on some message.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const FOLKLORE_FILE = join(__dirname, '..', '..', 'data', 'folklore.yaml');

const call = z.string().regex(/^(GET|POST|PUT|PATCH|DELETE) \/api\/v2\/\S+$/);
const FolkloreSchema = z.strictObject({
  scopes: z.array(
    z.strictObject({ name: z.string().min(1), real: z.array(z.string().min(1)).min(1), why: z.string().min(1) }),
  ),
  operations: z.array(z.strictObject({ call, why: z.string().min(1) })),
  roles: z.array(z.strictObject({ name: z.string().min(1), why: z.string().min(1) })),
  places: z.array(
    z.strictObject({
      pattern: z.string().min(1),
      said: z.string().min(1),
      real: z.string().min(1),
      why: z.string().min(1),
    }),
  ),
  claims: z.array(z.strictObject({ pattern: z.string().min(1), said: z.string().min(1), answer: z.string().min(1) })),
  topics: z.array(z.strictObject({ words: z.array(z.string().min(1)).min(1), operations: z.array(call).min(1) })),
});

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
  const raw = FolkloreSchema.parse(parseYaml(readFileSync(file, 'utf8')));
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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
