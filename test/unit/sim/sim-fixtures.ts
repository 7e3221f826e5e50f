/** Small inline scenarios and HTTP helpers for the simulator tests (plain fetch against loopback). */
import { randomUUID } from 'node:crypto';
import type { RunningSimulator, ScenarioInput } from '../../../src/sim';

export const IDS = {
  org: '0b0c2a51-7a43-4d0e-9f4e-5c1f0b7d2a10',
  home: '1d5a6c9e-2b1f-4c57-8a0e-3f4b5c6d7e81',
  other: '2e6b7d0f-3c2a-4d68-9b1f-4a5c6d7e8f92',
  conversation: '3f7c8e1a-4d3b-4e79-8c2a-5b6d7e8f9a03',
  otherConversation: '4a8d9f2b-5e4c-4f8a-9d3b-6c7e8f9a0b14',
  screenRecording: '5b9e0a3c-6f5d-4a9b-8e4c-7d8f9a0b1c25',
  processingConversation: '6caf1b4d-7a6e-4bac-9f5d-8e9a0b1c2d36',
  diag: '7d0a2c5e-8b7f-4cbd-8a6e-9f0b1c2d3e47',
  user: '8e1b3d6f-9c8a-4dce-9b7f-0a1c2d3e4f58',
  web: '9f2c4e7a-0d9b-4edf-8c8a-1b2d3e4f5a69',
  webReadonly: 'a03d5f8b-1eac-4fe0-9d9b-2c3e4f5a6b7a',
  /** sr-check's fixer: holds every role here, so it may hand any of them out (a client assigns only roles it holds). */
  fixer: 'b14e6a9c-0000-4a01-8eac-3d4f5a6b7c8c',
} as const;

export const ROLES = {
  viewer: 'b14e6a9c-2fbd-4a01-8eac-3d4f5a6b7c8b',
  entityWildcard: 'c25f7bad-3ace-4b12-9fbd-4e5a6b7c8d9c',
  actionWildcard: 'd36a8cbe-4bdf-4c23-8ace-5f6b7c8d9ead',
  conditional: 'e47b9dcf-5ce0-4d34-9bdf-6a7c8d9eafbe',
  conditionNode: 'f58caed0-6df1-4e45-8ce0-7b8d9eafb0cf',
  grantAdd: '0969bfe1-7e02-4f56-9df1-8c9eafb0c1d0',
  ivrOne: '1a7ac0f2-8f13-4a67-8e02-9dafb0c1d2e1',
  ivrBoth: '2b8bd103-9024-4b78-9f13-aeb0c1d2e3f2',
  diag: '3c9ce214-a135-4c89-8024-bfc1d2e3f403',
  otherDomain: '4dadf325-b246-4d9a-9135-c0d2e3f40514',
  screenRetention: '5ebe0436-c357-4eab-8246-d1e3f4051625',
} as const;

export const SECRET = 'test-LEAKCANARY-secret';

export interface ClientSpec {
  id?: string;
  roleDivisions?: Array<{ roleId: string; divisionId: string }>;
  grantType?: 'CLIENT-CREDENTIALS' | 'CODE' | 'TOKEN' | 'SAML2BEARER' | 'PASSWORD';
  scope?: string[];
  state?: 'active' | 'disabled' | 'inactive';
  validity?: number;
}

export function clientEntry(spec: ClientSpec & { id: string }) {
  return {
    id: spec.id,
    name: `client ${spec.id.slice(0, 8)}`,
    secret: SECRET,
    authorizedGrantType: spec.grantType ?? 'CLIENT-CREDENTIALS',
    ...(spec.scope ? { scope: spec.scope } : {}),
    ...(spec.roleDivisions ? { roleDivisions: spec.roleDivisions } : {}),
    state: spec.state ?? 'active',
    dateCreated: '-10d',
    dateModified: '-1d',
    ...(spec.validity ? { accessTokenValiditySeconds: spec.validity } : {}),
  };
}

/** An org with the roles the enforcement table needs, plus whatever clients a test adds. */
export function testScenario(
  extraClients: Array<ClientSpec & { id: string }> = [],
  overrides: Partial<ScenarioInput> = {},
): ScenarioInput {
  return {
    description: 'unit test org',
    org: { id: IDS.org, name: 'Test Org', features: { screenRecording: true } },
    homeDivisionId: IDS.home,
    divisions: [
      { id: IDS.home, name: 'Home' },
      { id: IDS.other, name: 'Other' },
    ],
    roles: [
      {
        id: ROLES.viewer,
        name: 'Screen Recording Viewer',
        permissionPolicies: [{ domain: 'recording', entityName: 'screenRecording', actionSet: ['view'] }],
      },
      {
        id: ROLES.entityWildcard,
        name: 'Any recording viewer',
        permissionPolicies: [{ domain: 'recording', entityName: '*', actionSet: ['view'] }],
      },
      {
        id: ROLES.actionWildcard,
        name: 'Screen recording all actions',
        permissionPolicies: [{ domain: 'recording', entityName: 'screenRecording', actionSet: ['*'] }],
      },
      // allowConditions alone is a capability flag, not a condition: this role grants plainly.
      {
        id: ROLES.conditional,
        name: 'Viewer (conditions allowed, none set)',
        permissionPolicies: [
          { domain: 'recording', entityName: 'screenRecording', actionSet: ['view'], allowConditions: true },
        ],
      },
      {
        id: ROLES.conditionNode,
        name: 'Condition node viewer',
        permissionPolicies: [
          {
            domain: 'recording',
            entityName: '*',
            actionSet: ['*'],
            resourceConditionNode: { variableName: 'Queue.id', operator: 'EQ' },
          },
        ],
      },
      {
        id: ROLES.grantAdd,
        name: 'Granter',
        permissionPolicies: [{ domain: 'authorization', entityName: 'grant', actionSet: ['add'] }],
      },
      {
        id: ROLES.ivrOne,
        name: 'Call routes',
        permissionPolicies: [{ domain: 'routing', entityName: 'callRoute', actionSet: ['view'] }],
      },
      {
        id: ROLES.ivrBoth,
        name: 'Call routes and IVR identity',
        permissionPolicies: [
          { domain: 'routing', entityName: 'callRoute', actionSet: ['view'] },
          { domain: 'routing', entityName: 'identityResolutionIvr', actionSet: ['view'] },
        ],
      },
      {
        id: ROLES.diag,
        name: 'Diagnostics',
        permissionPolicies: [
          { domain: 'oauth', entityName: 'client', actionSet: ['view', 'edit'] },
          { domain: 'authorization', entityName: 'role', actionSet: ['view'] },
          { domain: 'authorization', entityName: 'grant', actionSet: ['view', 'add', 'delete'] },
          { domain: 'oauth', entityName: 'token', actionSet: ['delete'] },
          { domain: 'conversation', entityName: 'communication', actionSet: ['view'] },
          { domain: 'recording', entityName: 'screenRecording', actionSet: ['view'] },
          { domain: 'usage', entityName: 'client', actionSet: ['view'] },
        ],
      },
      // `recordings` (plural) is a different domain: a policy on it must not grant recording:*.
      {
        id: ROLES.otherDomain,
        name: 'Wrong domain',
        permissionPolicies: [{ domain: 'recordings', entityName: '*', actionSet: ['*'] }],
      },
      {
        id: ROLES.screenRetention,
        name: 'Screen recording retention',
        permissionPolicies: [
          { domain: 'recording', entityName: 'screenRecording', actionSet: ['view', 'editRetention'] },
        ],
      },
    ],
    oauthClients: [
      clientEntry({ id: IDS.diag, roleDivisions: [{ roleId: ROLES.diag, divisionId: '*' }] }),
      clientEntry({
        id: IDS.fixer,
        roleDivisions: Object.values(ROLES).map((roleId) => ({ roleId, divisionId: '*' })),
      }),
      clientEntry({ id: IDS.web, grantType: 'CODE', scope: ['recordings', 'conversations:readonly'] }),
      clientEntry({ id: IDS.webReadonly, grantType: 'CODE', scope: ['recordings:readonly'] }),
      ...extraClients.map(clientEntry),
    ],
    users: [
      { id: IDS.user, name: 'Dana', grants: [{ roleId: ROLES.viewer, divisionId: IDS.home, grantMadeAt: '-1d' }] },
    ],
    products: ['screenRecording'],
    conversations: [
      {
        id: IDS.conversation,
        divisionId: IDS.home,
        recordings: [
          { id: IDS.screenRecording, media: 'screen', fileState: 'AVAILABLE', startTime: '-2h', endTime: '-1h' },
        ],
      },
      { id: IDS.otherConversation, divisionId: IDS.other, recordings: [] },
      { id: IDS.processingConversation, divisionId: IDS.home, recordingsProcessing: true },
    ],
    usage: [
      {
        clientId: IDS.diag,
        templateUri: '/api/v2/conversations/{conversationId}/recordings',
        httpMethod: 'GET',
        date: '-10m',
        status400: 3,
      },
      {
        clientId: IDS.diag,
        templateUri: '/api/v2/conversations/{conversationId}/recordings',
        httpMethod: 'GET',
        date: '-3d',
        status200: 9,
      },
    ],
    checker: { diagnosticClientId: IDS.diag, target: { client: IDS.diag }, description: 'unit test' },
    ...overrides,
  };
}

export function newId(): string {
  return randomUUID();
}

export async function login(sim: RunningSimulator, clientId: string, secret = SECRET): Promise<Response> {
  return fetch(`${sim.loginBaseUrl}/oauth/token`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
}

export async function tokenFor(sim: RunningSimulator, clientId: string, secret = SECRET): Promise<string> {
  const res = await login(sim, clientId, secret);
  if (res.status !== 200) throw new Error(`login for ${clientId} answered ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export async function api(
  sim: RunningSimulator,
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any; headers: Headers; text: string }> {
  const res = await fetch(`${sim.apiBaseUrl}${path}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed, headers: res.headers, text };
}
