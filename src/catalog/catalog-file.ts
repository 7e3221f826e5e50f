/**
 * Reading and validating the catalog's data file (data/endpoint-permissions.json) with zod. The build runs it
 * once (scripts/build.ts → dist/prebuilt/catalog.json); a process runs it only when that prebuilt form is
 * missing or older than the file (src/prebuilt.ts), and only then loads zod: not to read a file already checked.
 */
import { readFileSync } from 'node:fs';

/** One operation as a row: method, template, API group, operationId, mode, permissions, deprecated. */
export type OperationRow = [
  method: string,
  template: string,
  api: string,
  operationId: string,
  mode: 'any' | 'all' | 'none',
  permissions: string[],
  deprecated: boolean,
];

export interface CatalogData {
  sdkVersion: string;
  operations: OperationRow[];
}

function catalogFileSchema() {
  // Loaded here, not at the top: a start that reads the prebuilt form loads no zod (the CLI bundle leaves
  // this require to run time: scripts/bundle-plugins.ts).
  const zod = require('zod') as typeof import('zod');
  return zod.object({
    sdkVersion: zod.looseObject({ display: zod.string() }),
    count: zod.number().int(),
    endpoints: zod.record(
      zod.string().regex(/^(GET|POST|PUT|PATCH|DELETE|HEAD) \/api\/v2\//),
      zod.looseObject({
        api: zod.string(),
        operation: zod.string(),
        deprecated: zod.boolean().optional(),
        permissions: zod.object({ mode: zod.enum(['any', 'all', 'none']), list: zod.array(zod.string()) }),
      }),
    ),
  });
}

let schema: ReturnType<typeof catalogFileSchema> | undefined;

/** The file's operations, validated; throws on a malformed file. */
export function readCatalogFile(file: string): CatalogData {
  // Built on the first validation: a start that reads the prebuilt catalog needs no schema.
  schema ??= catalogFileSchema();
  const parsed = schema.parse(JSON.parse(readFileSync(file, 'utf8')));
  return {
    sdkVersion: parsed.sdkVersion.display,
    operations: Object.entries(parsed.endpoints).map(([key, entry]) => {
      const [method, template] = key.split(' ') as [string, string];
      return [
        method,
        template,
        entry.api,
        entry.operation,
        entry.permissions.mode,
        entry.permissions.list,
        entry.deprecated ?? false,
      ];
    }),
  };
}
