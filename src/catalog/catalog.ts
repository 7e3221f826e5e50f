/**
 * The permission catalog: what each Platform API operation needs, from the SDK's endpoint data
 * (data/endpoint-permissions.json, copied from shared/reference/genesys). Also resolves concrete paths
 * such as `/api/v2/conversations/3f…/recordings` to their template.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type PermissionMode = 'any' | 'all' | 'none';

export interface Operation {
  method: HttpMethod;
  /** Path template, e.g. `/api/v2/conversations/{conversationId}/recordings`. */
  template: string;
  api: string;
  operationId: string;
  mode: PermissionMode;
  permissions: string[];
  deprecated: boolean;
}

const CatalogFileSchema = z.object({
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

interface TrieNode {
  literal: Map<string, TrieNode>;
  param?: TrieNode;
  operation?: Operation;
}

function newNode(): TrieNode {
  return { literal: new Map() };
}

export class Catalog {
  readonly sdkVersion: string;
  private readonly byKey = new Map<string, Operation>();
  private readonly roots = new Map<HttpMethod, TrieNode>();

  constructor(operations: Operation[], sdkVersion: string) {
    this.sdkVersion = sdkVersion;
    for (const op of operations) {
      this.byKey.set(operationKey(op.method, op.template), op);
      let node = this.roots.get(op.method) ?? newNode();
      this.roots.set(op.method, node);
      for (const segment of splitPath(op.template)) {
        if (isParam(segment)) node = node.param ??= newNode();
        else {
          const next = node.literal.get(segment) ?? newNode();
          node.literal.set(segment, next);
          node = next;
        }
      }
      node.operation = op;
    }
  }

  get size(): number {
    return this.byKey.size;
  }

  all(): IterableIterator<Operation> {
    return this.byKey.values();
  }

  /** Exact template lookup: `get('GET', '/api/v2/tokens/me')`. */
  get(method: string, template: string): Operation | undefined {
    return this.byKey.get(operationKey(method.toUpperCase(), template));
  }

  /**
   * Resolve a concrete path (query string and host ignored) to its operation. Literal segments win over
   * parameters, so `/api/v2/tokens/me` is `getTokensMe`, not `deleteToken` with userId `me`.
   */
  resolve(method: string, path: string): Operation | undefined {
    const root = this.roots.get(method.toUpperCase() as HttpMethod);
    if (!root) return undefined;
    const segments = splitPath(stripToPath(path));
    return matchSegments(root, segments, 0);
  }

  /** Operations for any method on this path, for text that names a path without a method. */
  resolveAnyMethod(path: string): Operation[] {
    return HTTP_METHODS.map((m) => this.resolve(m, path)).filter((op): op is Operation => op !== undefined);
  }
}

function matchSegments(node: TrieNode, segments: string[], index: number): Operation | undefined {
  if (index === segments.length) return node.operation;
  const segment = segments[index]!;
  const literal = node.literal.get(segment);
  if (literal) {
    const found = matchSegments(literal, segments, index + 1);
    if (found) return found;
  }
  return node.param ? matchSegments(node.param, segments, index + 1) : undefined;
}

export function operationKey(method: string, template: string): string {
  return `${method} ${template}`;
}

function isParam(segment: string): boolean {
  return segment.startsWith('{') && segment.endsWith('}');
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

/** `https://api.mypurecloud.com/api/v2/x?y=1` → `/api/v2/x`. */
export function stripToPath(pathOrUrl: string): string {
  const start = pathOrUrl.indexOf('/api/v2/');
  const path = start >= 0 ? pathOrUrl.slice(start) : pathOrUrl;
  return path.split(/[?#]/)[0]!.replace(/\/+$/, '');
}

export const CATALOG_FILE = join(__dirname, '..', '..', 'data', 'endpoint-permissions.json');

let shared: Catalog | undefined;

/** The catalog from the shipped data file, parsed once per process. */
export function loadCatalog(file = CATALOG_FILE): Catalog {
  if (file === CATALOG_FILE && shared) return shared;
  const parsed = CatalogFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const operations: Operation[] = Object.entries(parsed.endpoints).map(([key, entry]) => {
    const [method, template] = key.split(' ') as [HttpMethod, string];
    return {
      method,
      template,
      api: entry.api,
      operationId: entry.operation,
      mode: entry.permissions.mode,
      permissions: entry.permissions.list,
      deprecated: entry.deprecated ?? false,
    };
  });
  const catalog = new Catalog(operations, parsed.sdkVersion.display);
  if (file === CATALOG_FILE) shared = catalog;
  return catalog;
}
