/**
 * Reading and validating the catalog's data file (data/endpoint-permissions.json) with zod. The build runs it
 * once (scripts/build.ts → dist/prebuilt/catalog.json); a process runs it only when that prebuilt form is
 * missing or older than the file (src/prebuilt.ts), and only then loads zod: not to read a file already checked.
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod';

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
  return z.object({
    sdkVersion: z.looseObject({ display: z.string() }),
    count: z.number().int(),
    endpoints: z.record(
      z.string().regex(/^(GET|POST|PUT|PATCH|DELETE|HEAD) \/api\/v2\//),
      z.looseObject({
        api: z.string(),
        operation: z.string(),
        deprecated: z.boolean().optional(),
        permissions: z.object({ mode: z.enum(['any', 'all', 'none']), list: z.array(z.string()) }),
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
