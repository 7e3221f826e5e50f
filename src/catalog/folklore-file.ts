/**
 * Reading and validating data/folklore.yaml (YAML, then zod). The build runs it once (scripts/build.ts →
 * dist/prebuilt/folklore.json); a process runs it only when that prebuilt form is missing or older than the file
 * (src/prebuilt.ts), and only then loads the YAML parser and zod: not to read a file already checked.
 */
import { readFileSync } from 'node:fs';
import type * as z from 'zod';

function folkloreSchema() {
  // Loaded here, not at the top: a start that reads the prebuilt form loads no zod (the CLI bundle leaves
  // this require to run time: scripts/bundle-plugins.ts).
  const zod = require('zod') as typeof import('zod');
  const call = zod.string().regex(/^(GET|POST|PUT|PATCH|DELETE) \/api\/v2\/\S+$/);
  return zod.strictObject({
    scopes: zod.array(
      zod.strictObject({
        name: zod.string().min(1),
        real: zod.array(zod.string().min(1)).min(1),
        why: zod.string().min(1),
      }),
    ),
    operations: zod.array(zod.strictObject({ call, why: zod.string().min(1) })),
    roles: zod.array(zod.strictObject({ name: zod.string().min(1), why: zod.string().min(1) })),
    places: zod.array(
      zod.strictObject({
        pattern: zod.string().min(1),
        said: zod.string().min(1),
        real: zod.string().min(1),
        why: zod.string().min(1),
      }),
    ),
    claims: zod.array(
      zod.strictObject({ pattern: zod.string().min(1), said: zod.string().min(1), answer: zod.string().min(1) }),
    ),
    topics: zod.array(
      zod.strictObject({ words: zod.array(zod.string().min(1)).min(1), operations: zod.array(call).min(1) }),
    ),
  });
}

let schema: ReturnType<typeof folkloreSchema> | undefined;

/** The file as written (patterns still strings), validated: plain JSON data. */
export type FolkloreData = z.output<ReturnType<typeof folkloreSchema>>;

export function readFolkloreFile(file: string): FolkloreData {
  // Built and loaded on the first validation: a start that reads the prebuilt folklore needs neither.
  schema ??= folkloreSchema();
  const { parse: parseYaml } = require('yaml') as typeof import('yaml');
  return schema.parse(parseYaml(readFileSync(file, 'utf8')));
}
