/**
 * The permission catalog: what each Platform API operation needs, from the SDK's endpoint data
 * (data/endpoint-permissions.json, copied from shared/reference/genesys). Also resolves concrete paths
 * such as `/api/v2/conversations/3f…/recordings` to their template.
 */
import { join } from 'node:path';
import { readPrebuilt } from '../prebuilt';
import { readCatalogFile, type CatalogData, type OperationRow } from './catalog-file';

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
   * Operations under this node not yet sorted into its children. A node is expanded when a lookup first reaches
   * it, so a process builds only the branches its lookups walk: a CLI start resolves a few paths, and building
   * every branch of ~3,300 operations took ~50 ms of CPU per start.
   */
  pending?: Operation[];
  /** Where each pending template's segment at this node's depth starts (absent: 0, the root). */
  starts?: number[];
}

function trieNode(): TrieNode {
  return { literal: new Map(), pending: [], starts: [] };
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
    for (const op of operations) this.add(op);
  }

  /** The catalog of the data file's rows: each row becomes its Operation as it is indexed (one pass). */
  static fromRows(rows: readonly OperationRow[], sdkVersion: string): Catalog {
    const catalog = new Catalog([], sdkVersion);
    // Indexed reads, not destructuring: this loop runs ~3,300 times once, and V8 optimises it while it runs;
    // the iterator protocol of a destructured row made that optimisation cost several times more.
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      catalog.add({
        method: row[0] as HttpMethod,
        template: row[1],
        api: row[2],
        operationId: row[3],
        mode: row[4],
        permissions: row[5],
        deprecated: row[6],
      });
    }
    return catalog;
  }

  private add(op: Operation): void {
    this.byKey.set(operationKey(op.method, op.template), op);
    let root = this.roots.get(op.method);
    if (!root) this.roots.set(op.method, (root = { literal: new Map(), pending: [] }));
    root.pending!.push(op);
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
    // Each distinct text tested once: most are named by several operations.
    const seen = new Set<string>();
    const all: string[] = [];
    for (const op of this.byKey.values())
      for (const p of op.permissions) {
        if (seen.has(p)) continue;
        seen.add(p);
        if (PERMISSION_TEXT.test(p)) all.push(p);
      }
    this.permissionList = Object.freeze(all.sort());
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
  if (node.pending) expand(node);
  if (index === segments.length) return node.operation;
  const segment = segments[index]!;
  const literal = node.literal.get(segment);
  if (literal) {
    const found = matchSegments(literal, segments, index + 1);
    if (found) return found;
  }
  return node.param ? matchSegments(node.param, segments, index + 1) : undefined;
}

/**
 * Sorts a node's pending operations into its children by their templates' next segment (as splitPath would
 * cut it: between slashes, empty pieces skipped), read in place; a later duplicate wins, as in byKey. A
 * segment equal to the one before it (templates come grouped: all share /api/v2/) reuses its child unsliced.
 */
function expand(node: TrieNode): void {
  const pending = node.pending!;
  const starts = node.starts;
  let lastSegment = '';
  let lastChild: TrieNode | undefined;
  for (let i = 0; i < pending.length; i++) {
    const op = pending[i]!;
    const template = op.template;
    let start = starts ? starts[i]! : 0;
    while (start < template.length && template.charCodeAt(start) === 47 /* / */) start++;
    if (start === template.length) {
      node.operation = op;
      continue;
    }
    let end = template.indexOf('/', start);
    if (end < 0) end = template.length;
    let child: TrieNode;
    if (template.charCodeAt(start) === 123 /* { */ && template.charCodeAt(end - 1) === 125 /* } */) {
      child = node.param ??= trieNode();
    } else if (lastChild && end - start === lastSegment.length && template.startsWith(lastSegment, start)) {
      child = lastChild;
    } else {
      lastSegment = template.slice(start, end);
      child = node.literal.get(lastSegment) ?? trieNode();
      node.literal.set(lastSegment, child);
      lastChild = child;
    }
    child.pending!.push(op);
    child.starts!.push(end);
  }
  node.pending = undefined;
  node.starts = undefined;
}

export function operationKey(method: string, template: string): string {
  return `${method} ${template}`;
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
  const catalog = Catalog.fromRows(data.operations, data.sdkVersion);
  if (file === CATALOG_FILE) shared = catalog;
  return catalog;
}
