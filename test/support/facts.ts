/**
 * Builders for `Facts` in unit tests. `buildFacts()` describes a healthy org in which every check passes
 * for an OAuth client signing users in with the code grant (so the scope check runs too); tests override
 * the one fact they are about. Ids are fixed so expectations can name them.
 */
import { loadCatalog, type Operation, type PermissionMode, type HttpMethod } from '../../src/catalog/catalog';
import type { RecordingsAnswer } from '../../src/genesys/api';
import type {
  Conversation,
  Division,
  OAuthClient,
  PermissionPolicy,
  Recording,
  RecordingSettings,
  Role,
  Subject,
  SubjectGrant,
  TokenInfo,
} from '../../src/genesys/models';
import type { GenesysError, GenesysErrorKind } from '../../src/genesys/result';
import type { Fact, Facts } from '../../src/diagnosis/facts';

export const IDS = {
  org: '11111111-1111-4111-8111-111111111111',
  otherOrg: '22222222-2222-4222-8222-222222222222',
  client: '33333333-3333-4333-8333-333333333333',
  user: '44444444-4444-4444-8444-444444444444',
  conversation: '55555555-5555-4555-8555-555555555555',
  homeDivision: 'd0000000-0000-4000-8000-000000000001',
  salesDivision: 'd0000000-0000-4000-8000-000000000002',
  supportDivision: 'd0000000-0000-4000-8000-000000000003',
  product: 'screen-recording-product',
} as const;

/** A fixed "now" (2025-06-01T12:00:00Z); checks take the time from the facts, never from a clock. */
export const NOW = Date.parse('2025-06-01T12:00:00.000Z');
export const HOUR = 3_600_000;

export function isoAgo(ms: number): string {
  return new Date(NOW - ms).toISOString();
}

// ---------- operations ----------

export const OPS = {
  listRecordings: 'GET /api/v2/conversations/{conversationId}/recordings',
  updateRecording: 'PUT /api/v2/conversations/{conversationId}/recordings/{recordingId}',
  screenSessions: 'GET /api/v2/recordings/screensessions/details',
  tokensMe: 'GET /api/v2/tokens/me',
  createDivision: 'POST /api/v2/authorization/divisions',
} as const;

/** A real operation of the shipped catalog, by `METHOD /template`. */
export function catalogOp(key: string): Operation {
  const [method, template] = key.split(' ') as [string, string];
  const op = loadCatalog().get(method, template);
  if (!op) throw new Error(`test fixture: ${key} is not in the catalog`);
  return op;
}

/** A made-up operation, for evaluator tables that need a precise mode and permission list. */
export function syntheticOp(
  mode: PermissionMode,
  permissions: string[],
  overrides: Partial<Operation> = {},
): Operation {
  return {
    method: 'GET' as HttpMethod,
    template: '/api/v2/test/things',
    api: 'RecordingApi',
    operationId: 'testOperation',
    mode,
    permissions,
    deprecated: false,
    ...overrides,
  };
}

// ---------- roles ----------

/**
 * `domain:entity:action` (wildcards allowed) → one policy. `conditional` adds a resourceConditionNode (the
 * only thing that makes a grant conditional); `allowConditions` sets the capability flag alone (a plain grant).
 */
export function policy(
  permission: string,
  options: { conditional?: boolean; allowConditions?: boolean } = {},
): PermissionPolicy {
  const [domain, entityName, action] = permission.split(':') as [string, string, string];
  return {
    domain,
    entityName,
    actionSet: [action],
    ...(options.conditional
      ? { allowConditions: true, resourceConditionNode: { variableName: 'queue.id', operator: 'EQ', operands: [] } }
      : {}),
    ...(options.allowConditions ? { allowConditions: true } : {}),
  };
}

export function role(id: string, name: string, policies: Array<string | PermissionPolicy>): Role {
  return { id, name, permissionPolicies: policies.map((p) => (typeof p === 'string' ? policy(p) : p)) };
}

export const ROLES = {
  screenViewer: role('role-screen-viewer', 'Screen Recording Viewer', ['recording:screenRecording:view']),
  recordingAdmin: role('role-recording-admin', 'Recording Admin', ['recording:*:*']),
  supervisor: role('role-supervisor', 'Supervisor', [
    'recording:screenRecording:view',
    'routing:queue:view',
    'routing:queue:edit',
    'user:*:view',
  ]),
  employee: role('role-employee', 'Employee', ['directory:user:view']),
  conditionalViewer: role('role-conditional', 'Conditional Viewer', [
    policy('recording:screenRecording:view', { conditional: true }),
  ]),
} as const;

// ---------- identities ----------

export function oauthClient(overrides: Partial<OAuthClient> = {}): OAuthClient {
  return {
    id: IDS.client,
    name: 'Screen Archive App',
    authorizedGrantType: 'CODE',
    accessTokenValiditySeconds: 3600,
    scope: ['recordings', 'authorization:readonly'],
    roleDivisions: [{ roleId: ROLES.screenViewer.id, divisionId: IDS.salesDivision }],
    state: 'active',
    dateCreated: isoAgo(400 * 24 * HOUR),
    dateModified: isoAgo(30 * 24 * HOUR),
    ...overrides,
  };
}

export function division(id: string, name: string, homeDivision = false): Division {
  return { id, name, homeDivision };
}

export const DIVISIONS = {
  home: division(IDS.homeDivision, 'Home', true),
  sales: division(IDS.salesDivision, 'Sales'),
  support: division(IDS.supportDivision, 'Support'),
} as const;

export function subjectGrant(roleObject: Role, divisionObject: Division, grantMadeAt?: string): SubjectGrant {
  return {
    subjectId: IDS.user,
    division: divisionObject,
    role: { id: roleObject.id, name: roleObject.name },
    ...(grantMadeAt ? { grantMadeAt } : {}),
  };
}

export function subject(grants: SubjectGrant[]): Subject {
  return { id: IDS.user, name: 'Ada Agent', grants };
}

// ---------- org facts ----------

export function tokenInfo(orgId: string = IDS.org): TokenInfo {
  return { organization: { id: orgId, name: 'Acme' }, authorizedScope: [] };
}

export function conversation(divisionObjects: Division[] = [DIVISIONS.sales]): Conversation {
  return { id: IDS.conversation, divisions: divisionObjects.map((d) => ({ division: d, entities: [] })) };
}

export function recording(overrides: Partial<Recording> = {}): Recording {
  return {
    id: `rec-${overrides.media ?? 'screen'}-${overrides.fileState ?? 'AVAILABLE'}`,
    conversationId: IDS.conversation,
    media: 'screen',
    fileState: 'AVAILABLE',
    ...overrides,
  };
}

export function recordingsAnswer(recordings: Recording[]): RecordingsAnswer {
  return { processing: false, recordings };
}

/** `null`: the settings do not mention screen recording streams at all. */
export function recordingSettings(streams: number | null = 5): RecordingSettings {
  return streams === null
    ? { maxSimultaneousStreams: 10 }
    : { maxSimultaneousStreams: 10, maxConfigurableScreenRecordingStreams: streams };
}

// ---------- facts ----------

export function ok<T>(value: T): Fact<T> {
  return { ok: true, value };
}

export function genesysError(status: number | undefined, kind: GenesysErrorKind = 'http', code?: string): GenesysError {
  return {
    kind,
    ...(status !== undefined ? { status } : {}),
    ...(code ? { code } : {}),
    message: `simulated ${kind} ${status ?? ''}`.trim(),
    operation: 'GET /api/v2/test',
  };
}

/** A fact that could not be read. */
export function failed<T>(status: number | undefined = 500, kind: GenesysErrorKind = 'http', code?: string): Fact<T> {
  const error = genesysError(status, kind, code);
  return { ok: false, reason: `${error.operation} → ${status ?? ''} ${error.message}`, error };
}

/** The ways a read can fail without proving anything about the org (each must lead to "unknown", never "pass"). */
export const READ_FAILURES: Array<{ label: string; make: () => Fact<never> }> = [
  { label: '403 missing.permissions', make: () => failed(403, 'http', 'missing.permissions') },
  { label: '500 internal.server.error', make: () => failed(500, 'http', 'internal.server.error') },
  { label: 'timeout', make: () => failed(undefined, 'timeout') },
  { label: 'network', make: () => failed(undefined, 'network') },
  { label: 'unexpected body', make: () => failed(200, 'unexpected-body') },
  { label: '429 rate limited', make: () => failed(429, 'rate-limited', 'too.many.requests') },
  { label: 'no error attached', make: () => ({ ok: false, reason: 'not read' }) },
];

/**
 * A healthy org: a code-grant app with the recordings scope, a least-privilege role
 * in the conversation's division, an available screen recording, screen recording enabled, and a client
 * changed a month ago. Every check passes.
 */
export function buildFacts(overrides: Partial<Facts> = {}): Facts {
  return {
    orgName: 'acme',
    expectedOrgId: IDS.org,
    requiredProduct: IDS.product,
    operations: [catalogOp(OPS.listRecordings)],
    identity: { kind: 'oauth-client', clientId: IDS.client },
    interactionId: IDS.conversation,
    now: NOW,
    diagnosticToken: ok({ issuedAt: NOW - HOUR, expiresAt: NOW + 23 * HOUR }),
    tokenInfo: ok(tokenInfo()),
    client: ok(oauthClient()),
    roles: ok(Object.values(ROLES)),
    products: ok({ entities: [{ id: IDS.product }, { id: 'other-product' }] }),
    recordingSettings: ok(recordingSettings(5)),
    conversation: ok(conversation()),
    recordings: ok(recordingsAnswer([recording({ media: 'audio' }), recording()])),
    ...overrides,
  };
}

/** The same healthy org seen through a user who signs in through the app. */
export function buildUserFacts(overrides: Partial<Facts> = {}): Facts {
  return buildFacts({
    identity: { kind: 'user', userId: IDS.user, clientId: IDS.client },
    subject: ok(subject([subjectGrant(ROLES.screenViewer, DIVISIONS.sales, isoAgo(30 * 24 * HOUR))])),
    ...overrides,
  });
}

/** Facts without an interaction: fixes go to the home division. */
export function buildFactsWithoutInteraction(overrides: Partial<Facts> = {}): Facts {
  return buildFacts({
    interactionId: undefined,
    conversation: undefined,
    recordings: undefined,
    homeDivision: ok(DIVISIONS.home),
    operations: [catalogOp(OPS.screenSessions)],
    ...overrides,
  });
}
