/**
 * The HTTP implementation of `GenesysApi` for one org's credentials: typed, schema-checked endpoints, and the
 * short-lived caches of what rarely changes. Every call goes through the transport (transport.ts: token, rate
 * limiter, retries within a time budget, error normalising). Every method resolves to an ApiResult; nothing
 * rejects for API or network failures.
 */
import type * as z from 'zod';
import type { CallOptions, CountedOptions, GenesysApi, RecordingsAnswer, RequestAnswer, RequestOptions } from './api';
import type { CallCounter } from './call-counter';
import { correlationId } from './errors';
import { safeCorrelationId } from './redact';
import {
  ConversationSchema,
  DivisionSchema,
  OAuthAuthorizationSchema,
  OAuthClientSchema,
  PermissionDefinitionPageSchema,
  ProductsSchema,
  RecordingListSchema,
  RecordingSettingsSchema,
  RolePageSchema,
  RoleSchema,
  SubjectSchema,
  TokenInfoSchema,
  type OAuthClient,
  type Role,
} from './models';
import { failed, ok, type ApiResult } from './result';
import { GenesysTransport, type GenesysClientOptions } from './transport';

export type { ClientCredentials, GenesysClientOptions } from './transport';

export interface GenesysClient extends GenesysApi {
  /** Org name used in logs. */
  readonly label: string;
  /** Stops the caches' timers. Calls after close are not supported. */
  close(): Promise<void>;
}

export function createGenesysClient(options: GenesysClientOptions): GenesysClient {
  return new HttpGenesysClient(options);
}

const enc = encodeURIComponent;

class HttpGenesysClient extends GenesysTransport implements GenesysClient {
  // ---- tokens/me ----

  async getTokenInfo(opts?: CallOptions): Promise<ApiResult<z.output<typeof TokenInfoSchema>>> {
    const current = this.tokens.current();
    if (!opts?.fresh && current?.info) return ok(current.info);
    const answer = await this.call({
      method: 'GET',
      template: '/api/v2/tokens/me',
      path: '/api/v2/tokens/me',
      counter: opts?.counter,
    });
    if (!answer.ok) return answer;
    const parsed = this.parse(TokenInfoSchema, answer.value, 'GET /api/v2/tokens/me');
    if (parsed.ok) answer.value.token.info = parsed.value;
    return parsed;
  }

  async revokeOwnToken(opts?: CountedOptions): Promise<ApiResult<void>> {
    const result = await this.noContent({
      method: 'DELETE',
      template: '/api/v2/tokens/me',
      path: '/api/v2/tokens/me',
      refreshOn401: false,
      counter: opts?.counter,
    });
    // Dropped whatever the answer: a token we tried to revoke is not one to keep using.
    this.tokens.drop();
    return result;
  }

  revokeUserTokens(userId: string): Promise<ApiResult<void>> {
    return this.noContent({
      method: 'DELETE',
      template: '/api/v2/tokens/{userId}',
      path: `/api/v2/tokens/${enc(userId)}`,
    });
  }

  // ---- OAuth clients ----

  getOAuthClient(clientId: string, opts?: CallOptions): Promise<ApiResult<OAuthClient>> {
    const read = () =>
      this.typed(OAuthClientSchema, {
        method: 'GET',
        template: '/api/v2/oauth/clients/{clientId}',
        path: `/api/v2/oauth/clients/${enc(clientId)}`,
        counter: opts?.counter,
      });
    return opts?.cached ? this.cache.get(`oauth-client:${clientId}`, opts.fresh ?? false, read) : read();
  }

  putOAuthClient(client: OAuthClient): Promise<ApiResult<OAuthClient>> {
    return this.typed(OAuthClientSchema, {
      method: 'PUT',
      template: '/api/v2/oauth/clients/{clientId}',
      path: `/api/v2/oauth/clients/${enc(client.id)}`,
      body: client,
    });
  }

  getOAuthAuthorization(
    clientId: string,
    opts?: CallOptions,
  ): Promise<ApiResult<z.output<typeof OAuthAuthorizationSchema>>> {
    return this.cache.get(`authorization:${clientId}`, opts?.fresh ?? false, () =>
      this.typed(OAuthAuthorizationSchema, {
        method: 'GET',
        template: '/api/v2/oauth/authorizations/{clientId}',
        path: `/api/v2/oauth/authorizations/${enc(clientId)}`,
        counter: opts?.counter,
      }),
    );
  }

  // ---- authorization ----

  getRole(roleId: string, opts?: CallOptions): Promise<ApiResult<Role>> {
    return this.cache.get(`role:${roleId}`, opts?.fresh ?? false, () =>
      this.typed(RoleSchema, {
        method: 'GET',
        template: '/api/v2/authorization/roles/{roleId}',
        path: `/api/v2/authorization/roles/${enc(roleId)}`,
        counter: opts?.counter,
      }),
    );
  }

  listRoles(opts?: CallOptions): Promise<ApiResult<Role[]>> {
    return this.cache.get('roles', opts?.fresh ?? false, () =>
      this.allPages(RolePageSchema, '/api/v2/authorization/roles', { counter: opts?.counter }),
    );
  }

  getSubject(subjectId: string, opts?: CallOptions): Promise<ApiResult<z.output<typeof SubjectSchema>>> {
    return this.typed(SubjectSchema, {
      method: 'GET',
      template: '/api/v2/authorization/subjects/{subjectId}',
      path: `/api/v2/authorization/subjects/${enc(subjectId)}`,
      counter: opts?.counter,
    });
  }

  grantSubjectRole(subjectId: string, divisionId: string, roleId: string): Promise<ApiResult<void>> {
    return this.noContent({
      method: 'POST',
      template: '/api/v2/authorization/subjects/{subjectId}/divisions/{divisionId}/roles/{roleId}',
      path: `/api/v2/authorization/subjects/${enc(subjectId)}/divisions/${enc(divisionId)}/roles/${enc(roleId)}`,
    });
  }

  revokeSubjectRole(subjectId: string, divisionId: string, roleId: string): Promise<ApiResult<void>> {
    return this.noContent({
      method: 'DELETE',
      template: '/api/v2/authorization/subjects/{subjectId}/divisions/{divisionId}/roles/{roleId}',
      path: `/api/v2/authorization/subjects/${enc(subjectId)}/divisions/${enc(divisionId)}/roles/${enc(roleId)}`,
    });
  }

  listAssignablePermissions(domains?: readonly string[], opts?: CallOptions): Promise<ApiResult<string[]>> {
    const asked = domains?.length ? [...new Set(domains)].sort() : undefined;
    return this.cache.get(`assignable-permissions:${asked?.join(',') ?? '*'}`, opts?.fresh ?? false, () =>
      this.fetchAssignablePermissions(asked, opts?.counter),
    );
  }

  /**
   * The org's list, of the `domains` asked only (the SDK's getAuthorizationPermissions filter: queryType "domain",
   * query "Comma-separated list of permissions or domains to query"): a check needs one or two of ~70 domains,
   * and the whole list is ~200 KB to fetch, parse and check per org (issue 26). An answer that names none of
   * the domains asked (an API that ignores the filter, or rejects it with a 400) is not taken as "none of them
   * is assignable": the whole list is read instead, so a verdict never rests on a list it could not see.
   */
  private async fetchAssignablePermissions(
    domains: string[] | undefined,
    counter: CallCounter | undefined,
  ): Promise<ApiResult<string[]>> {
    if (domains) {
      const filtered = await this.assignablePermissionPages(
        counter,
        `queryType=domain&query=${enc(domains.join(','))}`,
      );
      if (filtered.ok ? namesAnyDomain(filtered.value, domains) : filtered.error.status !== 400) return filtered;
    }
    return this.assignablePermissionPages(counter);
  }

  private async assignablePermissionPages(
    counter: CallCounter | undefined,
    query?: string,
  ): Promise<ApiResult<string[]>> {
    // The org's own answer; its parse is shared with byte-identical answers of other orgs (shared-parse.ts).
    const domains = await this.allPages(PermissionDefinitionPageSchema, '/api/v2/authorization/permissions', {
      shareParsing: true,
      counter,
      ...(query ? { query } : {}),
    });
    if (!domains.ok) return domains;
    const permissions: string[] = [];
    for (const domain of domains.value) permissions.push(...permissionsOfDomain(domain));
    // Frozen: the response cache hands it out without a copy (an edit would throw, not leak into the next check).
    return ok(Object.freeze(permissions) as string[], domains.status);
  }

  getHomeDivision(opts?: CallOptions): Promise<ApiResult<z.output<typeof DivisionSchema>>> {
    return this.cache.get('home-division', opts?.fresh ?? false, () =>
      this.typed(DivisionSchema, {
        method: 'GET',
        template: '/api/v2/authorization/divisions/home',
        path: '/api/v2/authorization/divisions/home',
        counter: opts?.counter,
      }),
    );
  }

  getDivision(divisionId: string, opts?: CallOptions): Promise<ApiResult<z.output<typeof DivisionSchema>>> {
    return this.cache.get(`division:${divisionId}`, opts?.fresh ?? false, () =>
      this.typed(DivisionSchema, {
        method: 'GET',
        template: '/api/v2/authorization/divisions/{divisionId}',
        path: `/api/v2/authorization/divisions/${enc(divisionId)}`,
        counter: opts?.counter,
      }),
    );
  }

  // ---- products, recording ----

  getProducts(opts?: CallOptions): Promise<ApiResult<z.output<typeof ProductsSchema>>> {
    return this.cache.get('products', opts?.fresh ?? false, () =>
      this.typed(ProductsSchema, {
        method: 'GET',
        template: '/api/v2/authorization/products',
        path: '/api/v2/authorization/products',
        counter: opts?.counter,
      }),
    );
  }

  getRecordingSettings(opts?: CallOptions): Promise<ApiResult<z.output<typeof RecordingSettingsSchema>>> {
    return this.typed(RecordingSettingsSchema, {
      method: 'GET',
      template: '/api/v2/recording/settings',
      path: '/api/v2/recording/settings',
      counter: opts?.counter,
    });
  }

  // ---- conversations ----

  getConversation(conversationId: string, opts?: CallOptions): Promise<ApiResult<z.output<typeof ConversationSchema>>> {
    return this.typed(ConversationSchema, {
      method: 'GET',
      template: '/api/v2/conversations/{conversationId}',
      path: `/api/v2/conversations/${enc(conversationId)}`,
      counter: opts?.counter,
    });
  }

  async getConversationRecordings(conversationId: string, opts?: CallOptions): Promise<ApiResult<RecordingsAnswer>> {
    const template = '/api/v2/conversations/{conversationId}/recordings';
    const answer = await this.call({
      method: 'GET',
      template,
      path: `/api/v2/conversations/${enc(conversationId)}/recordings`,
      counter: opts?.counter,
    });
    if (!answer.ok) return answer;
    // 202: Genesys is still preparing the recordings; the body (if any) is not the list.
    if (answer.value.status === 202) return ok({ processing: true }, 202);
    const parsed = this.parse(RecordingListSchema, answer.value, `GET ${template}`);
    return parsed.ok ? ok({ processing: false, recordings: parsed.value }, parsed.status) : parsed;
  }

  // ---- any read ----

  async request(method: 'GET' | 'HEAD', path: string, opts: RequestOptions = {}): Promise<RequestAnswer> {
    const withoutQuery = path.split(/[?#]/)[0] ?? '';
    // Only paths on this org's API host: the bearer token must never go anywhere else.
    if (!/^\/api\/v2\/[^\s]*$/.test(path) || path.includes('//') || withoutQuery.includes('..')) {
      return failed({
        kind: 'http',
        code: 'invalid.path',
        message: 'path must be an /api/v2/ path on the API host',
        operation: method,
      });
    }
    const template = opts.template && /^\/api\/v2\/[^\s?#]*$/.test(opts.template) ? opts.template : withoutQuery;
    const answer = await this.call({
      method,
      template,
      path,
      counter: opts.counter,
      ...(opts.once ? { retries: 0, refreshOn401: false } : {}),
    });
    if (!answer.ok) return answer;
    // Upstream text like any error body (the probe puts it in the verdict): a proxy that echoes the request may
    // have put the bearer token there. Only an id without any credential in it is kept.
    const contextId = safeCorrelationId(
      correlationId(answer.value.headers),
      this.credentialForms(answer.value.token.accessToken),
    );
    return { ...ok(answer.value.data, answer.value.status), ...(contextId ? { contextId } : {}) };
  }
}

/** Whether any of `permissions` (`domain:entity:action`) is of one of `domains`. */
function namesAnyDomain(permissions: string[], domains: string[]): boolean {
  const asked = new Set(domains);
  return permissions.some((p) => asked.has(p.slice(0, p.indexOf(':'))));
}

/** Keyed by a shared (frozen) parse of a listed domain: what it lists is fixed by the bytes it came from. */
const domainPermissions = new WeakMap<object, string[]>();

/** `domain:entityType:action` of every permission one listed domain defines. */
function permissionsOfDomain(domain: z.output<typeof PermissionDefinitionPageSchema>['entities'][number]): string[] {
  const known = domainPermissions.get(domain);
  if (known) return known;
  const permissions: string[] = [];
  for (const definitions of Object.values(domain.permissionMap)) {
    for (const d of definitions) permissions.push(`${d.domain}:${d.entityType}:${d.action}`);
  }
  // Only a frozen domain (shared-parse.ts) cannot change after this; any other is derived afresh each time.
  if (Object.isFrozen(domain)) domainPermissions.set(domain, permissions);
  return permissions;
}
