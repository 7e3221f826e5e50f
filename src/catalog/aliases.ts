/** Named operation sets, so people can type `op=screen-recording` instead of a path. */
import { stripToPath, type Catalog, type Operation } from './catalog';

export const OPERATION_ALIASES: Record<string, { description: string; operations: string[] }> = {
  'screen-recording': {
    description: "list a conversation's recordings, update a recording's retention, read screen session details",
    operations: [
      'GET /api/v2/conversations/{conversationId}/recordings',
      'PUT /api/v2/conversations/{conversationId}/recordings/{recordingId}',
      'GET /api/v2/recordings/screensessions/details',
    ],
  },
  'recordings-read': {
    description: "list a conversation's recordings",
    operations: ['GET /api/v2/conversations/{conversationId}/recordings'],
  },
  'recording-retention': {
    description: "update a recording's retention (archive/delete dates)",
    operations: ['PUT /api/v2/conversations/{conversationId}/recordings/{recordingId}'],
  },
  'screen-sessions': {
    description: 'read screen session details',
    operations: ['GET /api/v2/recordings/screensessions/details'],
  },
};

export const DEFAULT_ALIAS = 'screen-recording';

/** `params`: the ids a concrete path carries (`{conversationId: "3f…"}`); placeholders left as `{…}` are not ids. */
export type OperationLookup =
  | { ok: true; operations: Operation[]; params: Record<string, string> }
  | { ok: false; message: string };

/** `screen-recording` or `"GET /api/v2/conversations/abc/recordings"` → catalog operations. */
export function lookupOperations(catalog: Catalog, spec: string): OperationLookup {
  const trimmed = spec.trim();
  const alias = OPERATION_ALIASES[trimmed.toLowerCase()];
  if (alias) {
    const operations = alias.operations.map((key) => {
      const [method, template] = key.split(' ') as [string, string];
      const op = catalog.get(method, template);
      if (!op) throw new Error(`alias ${trimmed} names ${key}, which is not in the catalog`);
      return op;
    });
    return { ok: true, operations, params: {} };
  }
  const match = /^([A-Za-z]+)\s+(\S+)$/.exec(trimmed);
  if (!match) {
    return {
      ok: false,
      message: `op must be an alias (${Object.keys(OPERATION_ALIASES).join(', ')}) or "METHOD /api/v2/..."`,
    };
  }
  const [, method, path] = match as unknown as [string, string, string];
  const op = catalog.resolve(method, path);
  if (!op)
    return {
      ok: false,
      message: `${method.toUpperCase()} ${path} is not a Genesys Cloud API operation we know (SDK ${catalog.sdkVersion})`,
    };
  return { ok: true, operations: [op], params: pathParams(op.template, stripToPath(path)) };
}

function pathParams(template: string, path: string): Record<string, string> {
  const names = template.split('/').filter(Boolean);
  const values = path.split('/').filter(Boolean);
  const params: Record<string, string> = {};
  names.forEach((segment, i) => {
    const value = values[i];
    if (segment.startsWith('{') && value !== undefined && !value.startsWith('{')) params[segment.slice(1, -1)] = value;
  });
  return params;
}
