/**
 * GET /api/v2/authorization/permissions as the simulator answers it: the permission definitions of the catalog
 * (every `domain:entity:action` its operations name), by domain and entity, minus what the org's licence lacks.
 * Whether the real list is filtered by licence is unconfirmed; the simulator filters it.
 *
 * The SDK (AuthorizationApi.getAuthorizationPermissions) documents two filters: `queryType` ("Query filter
 * type", values `domain` and `permission`) and `query` ("Comma-separated list of permissions or domains to
 * query"). The simulator reads them as exact names. A queryType outside those two, or one without a query, is
 * bad input and answers 400 (the real API's wording for it is unconfirmed); a query without a queryType is
 * ignored, as an API that does not know a parameter ignores it.
 *
 * Each domain's definitions are built when a request first asks for that domain, not all at start: a check
 * asks for the one or two domains it needs.
 */
import { loadCatalog } from '../catalog/catalog';
import { badRequest, type SimResponse } from './respond';

/** One permission definition as listed (SDK model Permission, the fields a client may read). */
interface Definition {
  domain: string;
  entityType: string;
  action: string;
  label: string;
  allowsConditions: boolean;
  divisionAware: boolean;
}

/** A domain's definitions by entity, each with its `domain:entity:action` text to test against the licence. */
type DomainDefinitions = Map<string, Array<{ text: string; definition: Definition }>>;

export interface ListedDomain {
  id: string;
  domain: string;
  permissionMap: Record<string, Definition[]>;
}

export const QUERY_TYPES = ['domain', 'permission'] as const;

let catalogDomains: Map<string, string[]> | undefined;
const built = new Map<string, DomainDefinitions>();

/** Domain → its permission texts, in the order the catalog's sorted list gives them. */
function domains(): Map<string, string[]> {
  if (catalogDomains) return catalogDomains;
  catalogDomains = new Map();
  for (const text of loadCatalog().permissions()) {
    const domain = text.slice(0, text.indexOf(':'));
    const list = catalogDomains.get(domain);
    if (list) list.push(text);
    else catalogDomains.set(domain, [text]);
  }
  return catalogDomains;
}

function definitionsOf(domain: string, texts: string[]): DomainDefinitions {
  let entities = built.get(domain);
  if (entities) return entities;
  entities = new Map();
  for (const text of texts) {
    const [, entityType, action] = text.split(':') as [string, string, string];
    const definition: Definition = {
      domain,
      entityType,
      action,
      label: actionLabel(action),
      allowsConditions: false,
      divisionAware: false,
    };
    const list = entities.get(entityType);
    if (list) list.push({ text, definition });
    else entities.set(entityType, [{ text, definition }]);
  }
  built.set(domain, entities);
  return entities;
}

/** `editRetention` → `Edit Retention`. */
function actionLabel(action: string): string {
  const words = action.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The listed domains for this request's filter (all of them without one), leaving out what `unavailable` (the
 * licence) lacks and any domain left empty; or the 400 for a filter the API does not take.
 */
export function listedDomains(query: URLSearchParams, unavailable: ReadonlySet<string>): ListedDomain[] | SimResponse {
  const queryType = query.get('queryType');
  const names = query.get('query');
  let wantDomain: ((domain: string) => boolean) | undefined;
  let wantPermission: ((text: string) => boolean) | undefined;
  if (queryType !== null) {
    if (!(QUERY_TYPES as readonly string[]).includes(queryType)) {
      return badRequest(`queryType must be one of ${QUERY_TYPES.join(', ')}`, 'invalid.value');
    }
    if (!names) return badRequest('query is required with queryType', 'invalid.value');
    const asked = new Set(names.split(','));
    if (queryType === 'domain') wantDomain = (domain) => asked.has(domain);
    else {
      const askedDomains = new Set([...asked].map((text) => text.slice(0, text.indexOf(':'))));
      wantDomain = (domain) => askedDomains.has(domain);
      wantPermission = (text) => asked.has(text);
    }
  }
  const listed: ListedDomain[] = [];
  for (const [domain, texts] of domains()) {
    if (wantDomain && !wantDomain(domain)) continue;
    const permissionMap: Record<string, Definition[]> = {};
    let any = false;
    for (const [entity, entries] of definitionsOf(domain, texts)) {
      const available: Definition[] = [];
      for (const { text, definition } of entries) {
        if (unavailable.has(text) || (wantPermission && !wantPermission(text))) continue;
        available.push(definition);
      }
      if (available.length === 0) continue;
      permissionMap[entity] = available;
      any = true;
    }
    if (any) listed.push({ id: domain, domain, permissionMap });
  }
  return listed;
}
