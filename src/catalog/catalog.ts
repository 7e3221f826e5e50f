/**
 * The permission catalog: what each Platform API operation needs, from the SDK's endpoint data
 * (data/endpoint-permissions.json, copied from shared/reference/genesys). Also resolves concrete paths
 * such as `/api/v2/conversations/3f…/recordings` to their template.
 */
import { join } from 'node:path';
import { readPrebuilt } from '../prebuilt';
import { readCatalogFile, type CatalogData } from './catalog-file';

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

interface TrieNode {
  literal: Map<string, TrieNode>;
  param?: TrieNode;
  operation?: Operation;
  /**
   * Operations under this node not yet sorted into its children (segments: the template split, once). A node
   * is expanded when a lookup first reaches it, so a process builds only the branches its lookups walk: a CLI
   * start resolves a few paths, and building every branch of ~3,300 operations took ~50 ms of CPU per start.
   */
  pending?: Array<{ op: Operation; segments?: string[] }>;
}

/** A permission string as operations name it: `domain:entity:action` (entity and action may be the wildcard `*`). */
const PERMISSION_TEXT = /^[A-Za-z0-9_-]+:[A-Za-z0-9_*-]+:[A-Za-z0-9_*-]+$/;

export class Catalog {
  readonly sdkVersion: string;
  private readonly byKey = new Map<string, Operation>();
  private readonly roots = new Map<HttpMethod, TrieNode>();
  private permissionList: readonly string[] | undefined;

  constructor(operations: Operation[], sdkVersion: string) {
    this.sdkVersion = sdkVersion;
    for (const op of operations) {
      this.byKey.set(operationKey(op.method, op.template), op);
      let root = this.roots.get(op.method);
      if (!root) this.roots.set(op.method, (root = { literal: new Map(), pending: [] }));
      root.pending!.push({ op });
    }
  }

  get size(): number {
    return this.byKey.size;
  }

  all(): IterableIterator<Operation> {
    return this.byKey.values();
  }

  /**
   * Every distinct `domain:entity:action` the operations name (sorted; other text such as `admin` left out).
   * Data, not rules: walked once per catalog on first ask and shared, frozen, by whoever reads it in the process
   * (the checker counts what a role grants against it, the simulator lists it as the org's permission
   * definitions). Each walked the ~3,300 operations on its own at every CLI start (issue 26).
   */
  permissions(): readonly string[] {
    if (this.permissionList) return this.permissionList;
    const all = new Set<string>();
    for (const op of this.byKey.values()) for (const p of op.permissions) if (PERMISSION_TEXT.test(p)) all.add(p);
    this.permissionList = Object.freeze([...all].sort());
    return this.permissionList;
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

  /**
   * Operations for any method on this path, for text that names a path without a method. The path is split
   * once for all methods (the paste detector asks this for every path it reads).
   */
  resolveAnyMethod(path: string): Operation[] {
    const segments = splitPath(stripToPath(path));
    const out: Operation[] = [];
    for (const method of HTTP_METHODS) {
      const root = this.roots.get(method);
      const op = root ? matchSegments(root, segments, 0) : undefined;
      if (op !== undefined) out.push(op);
    }
    return out;
  }
}

function matchSegments(node: TrieNode, segments: string[], index: number): Operation | undefined {
  if (node.pending) expand(node, index);
  if (index === segments.length) return node.operation;
  const segment = segments[index]!;
  const literal = node.literal.get(segment);
  if (literal) {
    const found = matchSegments(literal, segments, index + 1);
    if (found) return found;
  }
  return node.param ? matchSegments(node.param, segments, index + 1) : undefined;
}

/** Sorts a node's pending operations (at path depth `depth`) into its children; a later duplicate wins, as in byKey. */
function expand(node: TrieNode, depth: number): void {
  for (const entry of node.pending!) {
    entry.segments ??= splitPath(entry.op.template);
    if (entry.segments.length === depth) {
      node.operation = entry.op;
      continue;
    }
    const segment = entry.segments[depth]!;
    let child: TrieNode | undefined;
    if (isParam(segment)) child = node.param ??= { literal: new Map(), pending: [] };
    else {
      child = node.literal.get(segment);
      if (!child) node.literal.set(segment, (child = { literal: new Map(), pending: [] }));
    }
    child.pending!.push(entry);
  }
  node.pending = undefined;
}

export function operationKey(method: string, template: string): string {
  return `${method} ${template}`;
}

function isParam(segment: string): boolean {
  return segment.startsWith('{') && segment.endsWith('}');
}

function splitPath(path: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (let at = path.indexOf('/'); at >= 0; at = path.indexOf('/', from)) {
    if (at > from) out.push(path.slice(from, at));
    from = at + 1;
  }
  if (from < path.length) out.push(path.slice(from));
  return out;
}

/** `https://api.mypurecloud.com/api/v2/x?y=1` → `/api/v2/x`. Plain index scans: it runs for every path a paste names. */
export function stripToPath(pathOrUrl: string): string {
  const start = Math.max(pathOrUrl.indexOf('/api/v2/'), 0);
  let end = pathOrUrl.length;
  for (let i = start; i < end; i++) {
    const c = pathOrUrl.charCodeAt(i);
    if (c === 63 /* ? */ || c === 35 /* # */) end = i;
  }
  while (end > start && pathOrUrl.charCodeAt(end - 1) === 47 /* / */) end--;
  return pathOrUrl.slice(start, end);
}

export const CATALOG_FILE = join(__dirname, '..', '..', 'data', 'endpoint-permissions.json');
/** The catalog validated at build time (src/prebuilt.ts); only beside the compiled code. */
export const CATALOG_PREBUILT = join(__dirname, '..', 'prebuilt', 'catalog.json');

let shared: Catalog | undefined;

/** The shipped catalog's data, validated: the build's prebuilt form when it is current, else the file itself. */
export function shippedCatalogData(prebuilt = CATALOG_PREBUILT): CatalogData {
  return readPrebuilt<CatalogData>(prebuilt, { catalog: CATALOG_FILE }) ?? readCatalogFile(CATALOG_FILE);
}

/** The catalog from the shipped data file, parsed once per process. */
export function loadCatalog(file = CATALOG_FILE): Catalog {
  if (file === CATALOG_FILE && shared) return shared;
  const data = file === CATALOG_FILE ? shippedCatalogData() : readCatalogFile(file);
  const operations: Operation[] = data.operations.map(
    ([method, template, api, operationId, mode, permissions, deprecated]) => ({
      method: method as HttpMethod,
      template,
      api,
      operationId,
      mode,
      permissions,
      deprecated,
    }),
  );
  const catalog = new Catalog(operations, data.sdkVersion);
  if (file === CATALOG_FILE) shared = catalog;
  return catalog;
}
