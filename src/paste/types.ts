/** What the pasted-error parser returns. Nothing here ever holds a secret value: only its kind. */
import type { HttpMethod, PermissionMode } from '../catalog/catalog';
import type { ScopeRequirement } from '../catalog/scopes';
import type { RegionName } from '../genesys/regions';
import type { Premise } from './premises';

export type SecretKind =
  | 'bearer-token'
  | 'basic-auth'
  | 'client-secret'
  | 'curl -u'
  | 'access-token'
  | 'refresh-token'
  | 'password'
  | 'url-credentials'
  | 'slack-token';

export interface SecretSighting {
  kind: SecretKind;
  /** 1-based line in the normalized message, so a reader can find it; never the value. */
  line: number;
}

export type PasteSource =
  | 'json'
  | 'escaped-json'
  | 'sdk'
  | 'curl'
  | 'http-log'
  | 'terraform'
  | 'cli'
  | 'postman'
  | 'prose';

/** The class of evidence a text with a 403 carries (tier.ts); the decision table reads it per surface. */
export type PasteEvidence =
  | 'genesys-body'
  | 'named-report'
  | 'catalog-path-report'
  | 'genesys-path-report'
  | 'catalog-permission-report'
  | 'genesys-shaped'
  | 'talk'
  | 'foreign';

export type LikelyLayer = 'role' | 'scope' | 'division' | 'interaction' | 'login' | 'unknown';

/** A 403 from outside the Platform API operations: the login layer or the Notification API WebSocket. */
export interface PastedSurface {
  kind: 'oauth-token' | 'notifications-websocket';
  call: string;
}

export interface PastedOperation {
  method: HttpMethod;
  template: string;
  operationId: string;
  mode: PermissionMode;
  permissions: string[];
  /** Inferred by requiredScope (the SDK data carries no scopes); undefined when none applies. */
  scope?: ScopeRequirement;
}

/** A pasted path that is no Platform API operation, with the real operations nearest to what the text is about. */
export interface NotAnOperation {
  method?: HttpMethod;
  path: string;
  /** Why, when the folklore data knows this very call. */
  why?: string;
  nearest: PastedOperation[];
}

export interface PasteFinding {
  status: 403;
  /** Genesys error code as pasted: missing.permissions, missing.any.permissions, not.authorized, ... */
  code?: string;
  message?: string;
  /** `domain:entity:action` strings the error names (division suffix moved to `divisions`). */
  missingPermissions: string[];
  /**
   * Named permissions the catalog (the SDK's 3,280 operations) never requires, each with the catalog's
   * permissions of the same domain and entity; absent when every named permission is known.
   */
  unknownPermissions?: { permission: string; sameEntity: string[] }[];
  /** Permissions and scope names the poster says the identity already HAS (from the prose, never the error). */
  held: string[];
  divisions: string[];
  method?: HttpMethod;
  /** Path as pasted (ids kept), without host and query string. */
  path?: string;
  operation?: PastedOperation;
  /** Set when the pasted path matches no operation of the catalog. */
  notAnOperation?: NotAnOperation;
  /** Set when the 403 came from the login layer or the Notification API WebSocket. */
  surface?: PastedSurface;
  contextId?: string;
  region?: RegionName;
  clientId?: string;
  userId?: string;
  conversationId?: string;
  source: PasteSource;
  likelyLayer: LikelyLayer;
  layerReason: string;
  secrets: SecretSighting[];
  /**
   * high: a Genesys body, code, host or tool; medium: prose reporting a refusal on a Genesys path or permission;
   * low: a refusal near something Genesys-shaped, answered only when someone asked.
   */
  confidence: 'high' | 'medium' | 'low';
  /** The evidence class (tier.ts) the decision table read. */
  evidence: PasteEvidence;
  /** The same message also reports a 401: a login or credentials problem, told in one line. */
  also401?: true;
  /** False premises in the text around the error (made-up scopes, role names, places, claims). */
  premises: Premise[];
}

export type PasteParse =
  | { kind: 'none' }
  | { kind: 'other-genesys-status'; status: number; code?: string; hint: string; secrets: SecretSighting[] }
  | { kind: 'genesys-403'; finding: PasteFinding };
