/**
 * Reading and validating data/folklore.yaml (YAML, then zod). The build runs it once (scripts/build.ts →
 * dist/prebuilt/folklore.json); a process runs it only when that prebuilt form is missing or older than the file
 * (src/prebuilt.ts), and only then loads the YAML parser and zod: not to read a file already checked.
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod';

function folkloreSchema() {
  const call = z.string().regex(/^(GET|POST|PUT|PATCH|DELETE) \/api\/v2\/\S+$/);
  return z.strictObject({
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
