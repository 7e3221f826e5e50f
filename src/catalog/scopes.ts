/**
 * Which OAuth scope an operation needs. Genesys documents scopes per endpoint, but the SDK data we ship
 * does not carry them, so we infer the scope from the operation's API group (and, failing that, the first
 * path segment), and say in the evidence that it was inferred.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Operation } from './catalog';

const SCOPES_FILE = join(__dirname, '..', '..', 'data', 'scopes.txt');

/** API groups whose scope name is not simply the group name in kebab case. */
const GROUP_SCOPE_OVERRIDES: Record<string, string> = {
  RecordingApi: 'recordings',
  UserRecordingsApi: 'user-recordings',
  OAuthApi: 'oauth',
  UsageApi: 'oauth',
  ObjectsApi: 'authorization',
  OrganizationApi: 'organization',
  OrganizationAuthorizationApi: 'organization-authorization',
  GeneralDataProtectionRegulationApi: 'gdpr',
  AuditApi: 'audits',
  IdentityProviderApi: 'identity-providers',
  ChatApi: 'web-chat',
  TelephonyProvidersEdgeApi: 'telephony',
  SpeechTextAnalyticsApi: 'speech-and-text-analytics',
  LanguageUnderstandingApi: 'language-understanding',
  MobileDevicesApi: 'devices',
  ResponseManagementApi: 'response-management',
  WorkforceManagementApi: 'workforce-management',
  ExternalContactsApi: 'external-contacts',
  ContentManagementApi: 'content-management',
  SocialMediaApi: 'social-media',
  UploadsApi: 'upload',
  ScreenMonitoringApi: 'recordings',
};

/** Paths whose scope follows the path, not the SDK group that happens to hold them. */
const PATH_SCOPE_OVERRIDES: Array<[prefix: string, scope: string]> = [
  ['/api/v2/authorization/', 'authorization'],
  ['/api/v2/oauth/', 'oauth'],
];

export interface ScopeRequirement {
  /** The full scope; a read also accepts `${scope}:readonly`. */
  scope: string;
  acceptsReadonly: boolean;
  /** Every name that satisfies the requirement. */
  accepted: string[];
  /** How we got the scope name (for the evidence). */
  inferredFrom: string;
}

let knownScopes: Set<string> | undefined;

export function knownScopeNames(): Set<string> {
  knownScopes ??= new Set(
    readFileSync(SCOPES_FILE, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  );
  return knownScopes;
}

function kebab(name: string): string {
  return name
    .replace(/Api$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();
}

export function isReadMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}

/** The scope an operation needs, or undefined when no permission is involved or nothing plausible exists. */
export function requiredScope(op: Operation): ScopeRequirement | undefined {
  if (op.mode === 'none') return undefined;
  const known = knownScopeNames();
  const isKnown = (s: string) => known.has(s) || known.has(`${s}:readonly`);
  const pathOverride = PATH_SCOPE_OVERRIDES.find(([prefix]) => op.template.startsWith(prefix));
  const candidates: Array<[string, string]> = [];
  if (pathOverride) candidates.push([pathOverride[1], `path prefix ${pathOverride[0]}`]);
  const groupOverride = GROUP_SCOPE_OVERRIDES[op.api];
  if (groupOverride) candidates.push([groupOverride, `API group ${op.api}`]);
  const base = kebab(op.api);
  candidates.push([base, `API group ${op.api}`], [`${base}s`, `API group ${op.api}`]);
  const segment = op.template.split('/')[3];
  if (segment) candidates.push([segment, `path segment /${segment}`]);
  const found = candidates.find(([scope]) => isKnown(scope));
  if (!found) return undefined;
  const [scope, inferredFrom] = found;
  const acceptsReadonly = isReadMethod(op.method);
  const accepted = acceptsReadonly ? [scope, `${scope}:readonly`] : [scope];
  return { scope, acceptsReadonly, accepted, inferredFrom };
}
