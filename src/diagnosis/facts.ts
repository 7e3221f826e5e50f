/**
 * Facts: everything the checks may look at, each either read or "could not be read, because …".
 * A missing fact becomes an `unknown` check, never an exception and never a `pass`.
 */
import type { Operation } from '../catalog/catalog';
import type { RecordingsAnswer } from '../genesys/api';
import type {
  Conversation,
  Division,
  OAuthAuthorization,
  OAuthClient,
  Products,
  RecordingSettings,
  Role,
  Subject,
  TokenInfo,
} from '../genesys/models';
import { describeError, type ApiResult, type GenesysError } from '../genesys/result';

export type Fact<T> = { ok: true; value: T } | { ok: false; reason: string; error?: GenesysError };

export function factFrom<T>(result: ApiResult<T>): Fact<T> {
  return result.ok
    ? { ok: true, value: result.value }
    : { ok: false, reason: describeError(result.error), error: result.error };
}

export function missingFact<T>(reason: string): Fact<T> {
  return { ok: false, reason };
}

export type IdentityKind = 'oauth-client' | 'user';

export interface IdentityRef {
  kind: IdentityKind;
  /** The OAuth client (client-credentials identity, or the app a user acts through). */
  clientId?: string;
  userId?: string;
}

export interface Facts {
  orgName: string;
  /** When the org's config names its Genesys org id, the token must belong to it. */
  expectedOrgId?: string;
  requiredProduct?: string;
  /**
   * Whether the org enforces OAuth scopes, as its admin configured it for sr-check (no API reads the
   * setting); undefined = not known.
   */
  scopeEnforcement?: 'on' | 'off';
  operations: Operation[];
  identity: IdentityRef;
  interactionId?: string;
  /** The recording a concrete `op=` path names (`.../recordings/{recordingId}`): its media type decides the rules. */
  recordingId?: string;
  /** Milliseconds since epoch when the facts were read (checks have no clock of their own). */
  now: number;

  diagnosticToken: Fact<{ issuedAt: number; expiresAt: number }>;
  tokenInfo: Fact<TokenInfo>;
  /** sr-check's fixer client for this org (the client that would make a grant), when fixes are configured. */
  fixerClientId?: string;
  /**
   * The fixer client as Genesys returns it (its own roleDivisions), read when the identity is an OAuth client:
   * a client can only hand out roles it holds (Terraform provider, genesyscloud_oauth_client `roles`: "The roles
   * must also already be assigned to the OAuth Client used by Terraform").
   */
  fixerClient?: Fact<OAuthClient>;
  /** The target OAuth client (absent when the identity is a user with no client named). */
  client?: Fact<OAuthClient>;
  /**
   * The app's authorization in this org, read only when the client is not one of the org's own (404): an
   * external or premium app created in another org is seen this way.
   */
  authorization?: Fact<OAuthAuthorization>;
  /** The user's grants (only for user identities). */
  subject?: Fact<Subject>;
  roles: Fact<Role[]>;
  /**
   * The permissions the org lists as assignable (`GET /api/v2/authorization/permissions`), read whenever a call
   * needs a permission: one it does not list is withheld by the licence (no role grants it).
   */
  assignablePermissions?: Fact<string[]>;
  products: Fact<Products>;
  recordingSettings: Fact<RecordingSettings>;
  /** Home division: where a grant goes when no conversation says otherwise (read only without an interaction). */
  homeDivision?: Fact<Division>;
  conversation?: Fact<Conversation>;
  recordings?: Fact<RecordingsAnswer>;
}
