/**
 * What the rest of sr-check may ask of one org's Genesys Cloud API. Implemented by `GenesysClient`
 * (HTTP, see client.ts). Every method resolves (never rejects for API or network failures) to an ApiResult.
 */
import type { CallCounter } from './call-counter';
import type { ApiResult } from './result';
import type {
  Conversation,
  Division,
  OAuthAuthorization,
  OAuthClient,
  Products,
  Recording,
  RecordingSettings,
  Role,
  Subject,
  TokenInfo,
} from './models';

export interface CallOptions {
  /** Bypass every cache (token excepted unless `freshToken`). */
  fresh?: boolean;
  /**
   * getOAuthClient only: the answer may come from the response cache (like role definitions). For a client that
   * is not the one being diagnosed (sr-check's fixer), read to label proposals; applying a fix reads it again.
   */
  cached?: boolean;
  /** Counts the requests this call sends (login included) for the work that asked (one verdict). */
  counter?: CallCounter;
}

/** For calls that take no other option. */
export interface CountedOptions {
  counter?: CallCounter;
}

/** A recordings answer: the list, or Genesys saying "202, still processing". */
export type RecordingsAnswer = { processing: true } | { processing: false; recordings: Recording[] };

export interface RequestOptions {
  /**
   * Exactly one HTTP request: no retry (429, 5xx, timeout) and no new token on a 401. The probe's "call it
   * once": a second attempt would send the read twice, and a re-mint would leave the first token unrevoked.
   */
  once?: boolean;
  /** The catalog template of `path`, for logs, errors and metrics (the concrete path, ids and all, otherwise). */
  template?: string;
  counter?: CallCounter;
}

/** What `request` answered; a 2xx also carries its `ININ-Correlation-Id` (an error has it as `error.contextId`). */
export type RequestAnswer = ApiResult<unknown> & { contextId?: string };

export interface GenesysApi {
  /** Issue (or reuse) the client-credentials token; resolves to its expiry time in ms since epoch. */
  ensureToken(opts?: CountedOptions): Promise<ApiResult<{ expiresAt: number; issuedAt: number }>>;

  getTokenInfo(opts?: CallOptions): Promise<ApiResult<TokenInfo>>;
  /** DELETE /api/v2/tokens/me: revokes the token this client holds, then drops it. */
  revokeOwnToken(opts?: CountedOptions): Promise<ApiResult<void>>;
  /** DELETE /api/v2/tokens/{userId}: revokes every token of a user. */
  revokeUserTokens(userId: string): Promise<ApiResult<void>>;

  getOAuthClient(clientId: string, opts?: CallOptions): Promise<ApiResult<OAuthClient>>;
  /** PUT the whole client back (a partial body would drop fields). */
  putOAuthClient(client: OAuthClient): Promise<ApiResult<OAuthClient>>;
  /** An app's authorization in this org (how external and premium apps, invisible as clients, are seen). */
  getOAuthAuthorization(clientId: string, opts?: CallOptions): Promise<ApiResult<OAuthAuthorization>>;

  getRole(roleId: string, opts?: CallOptions): Promise<ApiResult<Role>>;
  /** Every role of the org, following pages. */
  listRoles(opts?: CallOptions): Promise<ApiResult<Role[]>>;
  getSubject(subjectId: string, opts?: CallOptions): Promise<ApiResult<Subject>>;
  grantSubjectRole(subjectId: string, divisionId: string, roleId: string): Promise<ApiResult<void>>;
  revokeSubjectRole(subjectId: string, divisionId: string, roleId: string): Promise<ApiResult<void>>;
  getHomeDivision(opts?: CallOptions): Promise<ApiResult<Division>>;
  /** One division by id (its name for approval messages); needs no permission (endpoint-permissions.json). */
  getDivision(divisionId: string, opts?: CallOptions): Promise<ApiResult<Division>>;
  /**
   * Every permission (`domain:entity:action`) the org lists as assignable, following pages: of `domains` only
   * when given (other domains may be left out), else of every domain.
   */
  listAssignablePermissions(domains?: readonly string[], opts?: CallOptions): Promise<ApiResult<string[]>>;

  getProducts(opts?: CallOptions): Promise<ApiResult<Products>>;
  getRecordingSettings(opts?: CallOptions): Promise<ApiResult<RecordingSettings>>;

  getConversation(conversationId: string, opts?: CallOptions): Promise<ApiResult<Conversation>>;
  getConversationRecordings(conversationId: string, opts?: CallOptions): Promise<ApiResult<RecordingsAnswer>>;

  /** Any read of the API host with this client's own token (used by the read-only probe). */
  request(method: 'GET' | 'HEAD', path: string, opts?: RequestOptions): Promise<RequestAnswer>;

  /** Number of HTTP requests sent to Genesys (login included) since creation. */
  readonly callCount: number;
}
