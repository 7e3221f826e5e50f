/**
 * The Platform API operations the simulator models, keyed `METHOD template`. Each runs after the
 * server has authenticated the token and enforced scopes and permissions, so handlers only deal with
 * the org's data: existence (404), validation (400), and the write itself.
 */
import { randomUUID } from 'node:crypto';
import { missingClauses, type SimPolicy } from './authorize';
import { retentionRule } from './operation-rules';
import { listedDomains } from './permission-definitions';
import { conversationDivisionIds, GRANT_TYPE_VALUES } from './scenario';
import type { SimAuthorization, SimClient, SimConversation, SimRole, SimState, SimToken } from './state';
import { newSecretValue } from './state';
import { badRequest, errorBody, json, noContent, notFound, type SimResponse } from './respond';

export interface EndpointContext {
  state: SimState;
  now: number;
  /** The raw bearer token value (for DELETE /tokens/me). */
  tokenValue: string;
  token: SimToken;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

export type EndpointHandler = (ctx: EndpointContext) => SimResponse;

/** Operations whose success is not a state change, although the method is POST. */
export const READ_ONLY_POSTS = new Set(['POST /api/v2/oauth/clients/{clientId}/usage/query']);

const iso = (ms: number) => new Date(ms).toISOString();

function orgRef(state: SimState) {
  return { id: state.org.id, name: state.org.name, selfUri: `/api/v2/organizations/${state.org.id}` };
}

function divisionRef(state: SimState, divisionId: string) {
  if (divisionId === '*') return { id: '*', name: 'All divisions', homeDivision: false };
  const division = state.divisions.get(divisionId);
  return {
    id: divisionId,
    name: division?.name ?? divisionId,
    homeDivision: divisionId === state.homeDivisionId,
    selfUri: `/api/v2/authorization/divisions/${divisionId}`,
  };
}

export function clientView(client: SimClient) {
  const roleIds = [...new Set((client.roleDivisions ?? []).map((rd) => rd.roleId))];
  return {
    id: client.id,
    name: client.name,
    ...(client.description !== undefined ? { description: client.description } : {}),
    accessTokenValiditySeconds: client.accessTokenValiditySeconds,
    authorizedGrantType: client.authorizedGrantType,
    ...(client.scope !== undefined ? { scope: client.scope } : {}),
    ...(client.roleDivisions !== undefined ? { roleDivisions: client.roleDivisions, roleIds } : {}),
    state: client.state,
    dateCreated: client.dateCreated,
    dateModified: client.dateModified,
    ...(client.modifiedBy !== undefined ? { modifiedBy: { id: client.modifiedBy } } : {}),
    selfUri: `/api/v2/oauth/clients/${client.id}`,
  };
}

function roleView(state: SimState, role: SimRole) {
  const userCount = [...state.users.values()].filter((u) => u.grants.some((g) => g.roleId === role.id)).length;
  const permissions = role.permissionPolicies.flatMap((p) =>
    p.actionSet.map((a) => `${p.domain}:${p.entityName}:${a}`),
  );
  return {
    id: role.id,
    name: role.name,
    ...(role.description !== undefined ? { description: role.description } : {}),
    permissions,
    permissionPolicies: role.permissionPolicies.map((p) => ({
      domain: p.domain,
      entityName: p.entityName,
      policyName: `${p.domain}_${p.entityName}`,
      actionSet: p.actionSet,
      ...(p.allowConditions !== undefined ? { allowConditions: p.allowConditions } : {}),
      ...(p.resourceConditionNode !== undefined ? { resourceConditionNode: p.resourceConditionNode } : {}),
    })),
    default: false,
    base: false,
    userCount,
    selfUri: `/api/v2/authorization/roles/${role.id}`,
  };
}

function recordingView(
  state: SimState,
  conversation: SimConversation,
  recording: SimConversation['recordings'][number],
) {
  const restorations = state.recordingRestorations;
  return {
    id: recording.id,
    conversationId: conversation.id,
    media: recording.media,
    // Served as the scenario has it, including states newer than the SDK's list (e.g. PURGED).
    fileState: recording.fileState,
    // SDK Recording model: "How many archive restorations the organization is allowed to have" and "The
    // remaining archive restorations the organization has"; left out when the scenario does not set them.
    ...(restorations !== undefined
      ? { maxAllowedRestorationsForOrg: restorations.max, remainingRestorationsAllowedForOrg: restorations.remaining }
      : {}),
    ...(recording.archiveDate !== undefined ? { archiveDate: recording.archiveDate } : {}),
    ...(recording.archiveMedium !== undefined ? { archiveMedium: recording.archiveMedium } : {}),
    ...(recording.deleteDate !== undefined ? { deleteDate: recording.deleteDate } : {}),
    startTime: recording.startTime,
    endTime: recording.endTime,
    sessionId: recording.sessionId ?? recording.id,
    selfUri: `/api/v2/conversations/${conversation.id}/recordings/${recording.id}`,
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function callerId(token: SimToken): string {
  return token.userId ?? token.clientId;
}

/** Validate a PUT /oauth/clients body into the client it would become, or a 400. */
function replaceClient(
  state: SimState,
  current: SimClient,
  body: unknown,
  ctx: EndpointContext,
): SimClient | SimResponse {
  if (!isObject(body)) return badRequest('The request body must be an OAuth client object.');
  const missing = ['name', 'authorizedGrantType'].filter(
    (k) => body[k] === undefined || body[k] === null || body[k] === '',
  );
  if (missing.length > 0) return badRequest(`Missing required field(s): ${missing.join(', ')}`);
  if (typeof body.name !== 'string') return badRequest('name must be a string', 'invalid.value');
  if (!(GRANT_TYPE_VALUES as readonly unknown[]).includes(body.authorizedGrantType)) {
    return badRequest(`authorizedGrantType must be one of ${GRANT_TYPE_VALUES.join(', ')}`, 'invalid.value');
  }
  if (body.id !== undefined && body.id !== current.id) return badRequest('The id in the body does not match the path.');
  const validity = body.accessTokenValiditySeconds ?? 86400;
  if (typeof validity !== 'number' || !Number.isInteger(validity) || validity < 300 || validity > 172800) {
    return badRequest('accessTokenValiditySeconds must be an integer from 300 to 172800', 'invalid.value');
  }
  let scope: string[] | undefined;
  if (body.scope !== undefined) {
    if (!Array.isArray(body.scope) || !body.scope.every((s) => typeof s === 'string')) {
      return badRequest('scope must be a list of strings', 'invalid.value');
    }
    scope = body.scope as string[];
  }
  let roleDivisions: SimClient['roleDivisions'];
  if (body.roleDivisions !== undefined) {
    if (!Array.isArray(body.roleDivisions)) return badRequest('roleDivisions must be a list', 'invalid.value');
    roleDivisions = [];
    for (const rd of body.roleDivisions) {
      if (!isObject(rd) || typeof rd.roleId !== 'string' || typeof rd.divisionId !== 'string') {
        return badRequest('each roleDivisions entry needs roleId and divisionId', 'invalid.value');
      }
      if (!state.roles.has(rd.roleId)) return badRequest(`Role ${rd.roleId} does not exist`, 'invalid.value');
      if (rd.divisionId !== '*' && !state.divisions.has(rd.divisionId)) {
        return badRequest(`Division ${rd.divisionId} does not exist`, 'invalid.value');
      }
      roleDivisions.push({ roleId: rd.roleId, divisionId: rd.divisionId });
    }
    // Terraform provider, genesyscloud_oauth_client `roles`: "The roles must also already be assigned to the OAuth
    // Client used by Terraform": the caller can only hand out a role it holds itself. Which division its own
    // grant must be in is not documented; the simulator asks for the role in any division. The exact refusal
    // Genesys answers is unconfirmed: a 400 is plausible.
    const had = new Set((current.roleDivisions ?? []).map((rd) => rd.roleId));
    const notHeld = roleDivisions.find(
      (rd) => !had.has(rd.roleId) && !ctx.token.grants.some((g) => g.roleId === rd.roleId),
    );
    if (notHeld)
      return badRequest(
        `The calling OAuth client cannot assign role ${notHeld.roleId}: it does not hold that role itself.`,
        'invalid.value',
      );
  }
  const stateValue = body.state ?? current.state;
  if (stateValue !== 'active' && stateValue !== 'disabled' && stateValue !== 'inactive') {
    return badRequest('state must be active, disabled or inactive', 'invalid.value');
  }
  if (body.description !== undefined && typeof body.description !== 'string') {
    return badRequest('description must be a string', 'invalid.value');
  }
  // A PUT replaces the client: fields left out are dropped (state excepted, which the API keeps).
  const next: SimClient = {
    id: current.id,
    name: body.name,
    secret: current.secret,
    authorizedGrantType: body.authorizedGrantType as SimClient['authorizedGrantType'],
    state: stateValue,
    dateCreated: current.dateCreated,
    dateModified: iso(ctx.now),
    accessTokenValiditySeconds: validity,
    modifiedBy: callerId(ctx.token),
  };
  if (typeof body.description === 'string') next.description = body.description;
  if (scope !== undefined) next.scope = scope;
  if (roleDivisions !== undefined) next.roleDivisions = roleDivisions;
  return next;
}

function parseInterval(value: unknown): { from: number; to: number } | undefined {
  if (typeof value !== 'string') return undefined;
  const [a, b, extra] = value.split('/');
  if (!a || !b || extra !== undefined) return undefined;
  const from = Date.parse(a);
  const to = Date.parse(b);
  return Number.isNaN(from) || Number.isNaN(to) || from > to ? undefined : { from, to };
}

function positiveInt(value: string | null, fallback: number): number | undefined {
  if (value === null) return fallback;
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : undefined;
}

function conversationOr404(ctx: EndpointContext): SimConversation | SimResponse {
  const conversation = ctx.state.conversations.get(ctx.params.conversationId ?? '');
  return conversation ?? notFound(`Conversation ${ctx.params.conversationId} was not found.`);
}

const processing = (): SimResponse => ({ status: 202 });

function policiesOf(state: SimState): (roleId: string) => SimPolicy[] | undefined {
  return (roleId) => state.roles.get(roleId)?.permissionPolicies;
}

/** 403 missing.permissions naming every permission of the clauses not held (alternatives included). */
function missingPermissions(permissions: string[]): SimResponse {
  return errorBody(
    403,
    'missing.permissions',
    `You are missing the following permission(s): [${permissions.join(', ')}]`,
    {
      messageWithParams: 'You are missing the following permission(s): [{permissions}]',
      messageParams: { permissions },
    },
  );
}

function authorizationView(state: SimState, a: SimAuthorization) {
  return {
    client: { id: a.clientId, name: a.clientName, authorizedGrantType: a.grantType },
    scope: a.scope,
    // "roles and divisions apply only to client-credentials clients" (SDK OAuthClient model text).
    roles: [],
    resourceOwner: { id: state.org.id },
    state: a.state,
    pending: a.state === 'Requested',
    dateCreated: a.dateCreated,
    dateModified: a.dateModified,
    selfUri: `/api/v2/oauth/authorizations/${a.clientId}`,
  };
}

/**
 * The order the simulator lists roles in: by name regardless of case, then lowercase first (code units; no ICU
 * collator, whose first use costs ~70 M instructions per process). Genesys does not document its order.
 */
function byName(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  return a === b ? 0 : a < b ? 1 : -1;
}

function pageParams(query: URLSearchParams): { pageSize: number; pageNumber: number } | SimResponse {
  const pageSize = positiveInt(query.get('pageSize'), 25);
  const pageNumber = positiveInt(query.get('pageNumber'), 1);
  if (pageSize === undefined || pageNumber === undefined) {
    return badRequest('pageSize and pageNumber must be positive integers', 'invalid.value');
  }
  if (pageSize > 500) return badRequest('pageSize must be at most 500', 'invalid.value');
  return { pageSize, pageNumber };
}

function page<T>(all: T[], pageSize: number, pageNumber: number) {
  return {
    entities: all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
    pageNumber,
    pageSize,
    pageCount: Math.max(1, Math.ceil(all.length / pageSize)),
    total: all.length,
  };
}

export const ENDPOINTS: Record<string, EndpointHandler> = {
  'GET /api/v2/tokens/me': ({ state, token }) => {
    const client = state.clients.get(token.clientId)!;
    return json({
      organization: orgRef(state),
      homeOrganization: orgRef(state),
      authorizedScope: token.scopes,
      OAuthClient: {
        id: client.id,
        name: client.name,
        authorizedGrantType: client.authorizedGrantType,
        ...(client.scope !== undefined ? { scope: client.scope } : {}),
        ...(client.roleDivisions !== undefined ? { roleDivisions: client.roleDivisions } : {}),
        state: client.state,
        organization: orgRef(state),
      },
    });
  },
  'HEAD /api/v2/tokens/me': () => ({ status: 200 }),
  'DELETE /api/v2/tokens/me': ({ state, tokenValue }) => {
    const token = state.tokens.get(tokenValue);
    if (token) token.revoked = true;
    return noContent();
  },
  'DELETE /api/v2/tokens/{userId}': ({ state, params }) => {
    const userId = params.userId ?? '';
    if (!state.users.has(userId)) return notFound(`User ${userId} was not found.`);
    for (const token of state.tokens.values()) if (token.userId === userId) token.revoked = true;
    return noContent();
  },

  /** External apps: this org's authorization of a client created in another org. */
  'GET /api/v2/oauth/authorizations': ({ state }) =>
    json({ entities: [...state.authorizations.values()].map((a) => authorizationView(state, a)) }),
  'GET /api/v2/oauth/authorizations/{clientId}': ({ state, params }) => {
    const authorization = state.authorizations.get(params.clientId ?? '');
    return authorization
      ? json(authorizationView(state, authorization))
      : notFound(`No authorization for client ${params.clientId} was found.`);
  },
  // Only this org's clients: an external app's client (state.authorizations) answers 404 here.
  'GET /api/v2/oauth/clients/{clientId}': ({ state, params }) => {
    const client = state.clients.get(params.clientId ?? '');
    return client ? json(clientView(client)) : notFound(`OAuth client ${params.clientId} was not found.`);
  },
  'PUT /api/v2/oauth/clients/{clientId}': (ctx) => {
    const current = ctx.state.clients.get(ctx.params.clientId ?? '');
    if (!current) return notFound(`OAuth client ${ctx.params.clientId} was not found.`);
    const next = replaceClient(ctx.state, current, ctx.body, ctx);
    if ('status' in next) return next;
    ctx.state.clients.set(next.id, next);
    return json(clientView(next));
  },
  'POST /api/v2/oauth/clients/{clientId}/secret': ({ state, params, now, token }) => {
    const client = state.clients.get(params.clientId ?? '');
    if (!client) return notFound(`OAuth client ${params.clientId} was not found.`);
    client.secret = newSecretValue();
    client.dateModified = iso(now);
    client.modifiedBy = callerId(token);
    return json({ ...clientView(client), secret: client.secret });
  },
  'POST /api/v2/oauth/clients/{clientId}/usage/query': ({ state, params, body }) => {
    const clientId = params.clientId ?? '';
    if (!state.clients.has(clientId)) return notFound(`OAuth client ${clientId} was not found.`);
    if (!isObject(body) || body.interval === undefined) return badRequest('interval is required');
    const interval = parseInterval(body.interval);
    if (!interval) return badRequest('interval must be "start/end" in ISO-8601', 'invalid.date');
    const executionId = randomUUID();
    state.usageQueries.set(executionId, { clientId, interval });
    return json(
      { executionId, resultsUri: `/api/v2/oauth/clients/${clientId}/usage/query/results/${executionId}` },
      202,
    );
  },
  'GET /api/v2/oauth/clients/{clientId}/usage/query/results/{executionId}': ({ state, params }) => {
    const query = state.usageQueries.get(params.executionId ?? '');
    if (!query || query.clientId !== params.clientId)
      return notFound(`Usage query ${params.executionId} was not found.`);
    const results = state.usage
      .filter((row) => row.clientId === query.clientId)
      .filter((row) => {
        const t = Date.parse(row.date);
        return !query.interval || (t >= query.interval.from && t < query.interval.to);
      })
      .map((row) => ({
        date: row.date,
        templateUri: row.templateUri,
        httpMethod: row.httpMethod,
        status200: row.status200,
        status300: row.status300,
        status400: row.status400,
        status429: row.status429,
        status500: row.status500,
        requests: row.requests ?? row.status200 + row.status300 + row.status400 + row.status429 + row.status500,
      }));
    return json({ queryStatus: 'Complete', results });
  },

  'GET /api/v2/authorization/roles': ({ state, query }) => {
    const paging = pageParams(query);
    if ('status' in paging) return paging;
    const all = [...state.roles.values()].sort((a, b) => byName(a.name, b.name));
    const { entities, ...rest } = page(all, paging.pageSize, paging.pageNumber);
    return json({ entities: entities.map((r) => roleView(state, r)), ...rest });
  },
  /** The permission definitions, by domain and entity, with the SDK's queryType/query filter (permission-definitions.ts). */
  'GET /api/v2/authorization/permissions': ({ state, query }) => {
    const paging = pageParams(query);
    if ('status' in paging) return paging;
    const domains = listedDomains(query, state.unavailablePermissions);
    if ('status' in domains) return domains;
    return json(page(domains, paging.pageSize, paging.pageNumber));
  },
  'GET /api/v2/authorization/roles/{roleId}': ({ state, params }) => {
    const role = state.roles.get(params.roleId ?? '');
    return role ? json(roleView(state, role)) : notFound(`Role ${params.roleId} was not found.`);
  },
  'GET /api/v2/authorization/subjects/{subjectId}': ({ state, params }) => {
    const user = state.users.get(params.subjectId ?? '');
    if (!user) return notFound(`Subject ${params.subjectId} was not found.`);
    const grants = user.grants.map((g) => {
      const role = state.roles.get(g.roleId);
      return {
        subjectId: user.id,
        division: divisionRef(state, g.divisionId),
        role: {
          id: g.roleId,
          name: role?.name ?? g.roleId,
          policies: (role?.permissionPolicies ?? []).map((p) => ({
            domain: p.domain,
            entityName: p.entityName,
            actions: p.actionSet,
            // Only a resourceConditionNode makes a policy conditional; allowConditions alone is a capability
            // flag ("whether or not you can set conditional parameters for the permission", help page "Edit a role").
            ...(p.resourceConditionNode !== undefined && p.resourceConditionNode !== null
              ? { condition: JSON.stringify(p.resourceConditionNode) }
              : {}),
          })),
        },
        grantMadeAt: g.grantMadeAt,
      };
    });
    return json({
      id: user.id,
      name: user.name,
      grants,
      version: 1,
      selfUri: `/api/v2/authorization/subjects/${user.id}`,
    });
  },
  'POST /api/v2/authorization/subjects/{subjectId}/divisions/{divisionId}/roles/{roleId}': ({ state, params, now }) => {
    const { subjectId = '', divisionId = '', roleId = '' } = params;
    const user = state.users.get(subjectId);
    if (!user) return notFound(`Subject ${subjectId} was not found.`);
    if (divisionId !== '*' && !state.divisions.has(divisionId))
      return notFound(`Division ${divisionId} was not found.`);
    if (!state.roles.has(roleId)) return notFound(`Role ${roleId} was not found.`);
    if (!user.grants.some((g) => g.roleId === roleId && g.divisionId === divisionId)) {
      user.grants.push({ roleId, divisionId, grantMadeAt: iso(now) });
    }
    return noContent();
  },
  'DELETE /api/v2/authorization/subjects/{subjectId}/divisions/{divisionId}/roles/{roleId}': ({ state, params }) => {
    const { subjectId = '', divisionId = '', roleId = '' } = params;
    const user = state.users.get(subjectId);
    if (!user) return notFound(`Subject ${subjectId} was not found.`);
    user.grants = user.grants.filter((g) => !(g.roleId === roleId && g.divisionId === divisionId));
    return noContent();
  },
  'GET /api/v2/authorization/divisions/home': ({ state }) => json(divisionRef(state, state.homeDivisionId)),
  'GET /api/v2/authorization/divisions/{divisionId}': ({ state, params }) => {
    const { divisionId = '' } = params;
    if (divisionId !== state.homeDivisionId && !state.divisions.has(divisionId))
      return notFound(`Division ${divisionId} was not found.`);
    return json(divisionRef(state, divisionId));
  },
  'GET /api/v2/authorization/products': ({ state }) => json({ entities: state.products.map((id) => ({ id })) }),
  'GET /api/v2/organizations/me': ({ state }) =>
    json({
      id: state.org.id,
      name: state.org.name,
      thirdPartyOrgName: state.org.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      domain: state.org.name.toLowerCase().replace(/[^a-z0-9]+/g, ''),
      state: state.org.state,
      features: state.org.features,
      version: 1,
      selfUri: `/api/v2/organizations/${state.org.id}`,
    }),
  'GET /api/v2/recording/settings': ({ state }) => json(state.recordingSettings),
  'GET /api/v2/recordings/screensessions/details': ({ state }) => json({ count: state.activeScreenSessions }),

  'GET /api/v2/conversations/{conversationId}': (ctx) => {
    const conversation = conversationOr404(ctx);
    if ('status' in conversation) return conversation;
    return json({
      id: conversation.id,
      ...(conversation.startTime !== undefined ? { startTime: conversation.startTime } : {}),
      participants: [],
      // Help page "Access control transactional objects": a conversation can belong to several divisions.
      divisions: conversationDivisionIds(conversation).map((id) => ({
        division: divisionRef(ctx.state, id),
        entities: [],
      })),
      recordingState: conversation.recordings.length > 0 ? 'ACTIVE' : 'NONE',
      selfUri: `/api/v2/conversations/${conversation.id}`,
    });
  },
  'GET /api/v2/conversations/{conversationId}/recordings': (ctx) => {
    const conversation = conversationOr404(ctx);
    if ('status' in conversation) return conversation;
    if (conversation.recordingsProcessing) return processing();
    return json(conversation.recordings.map((r) => recordingView(ctx.state, conversation, r)));
  },
  'GET /api/v2/conversations/{conversationId}/recordingmetadata': (ctx) => {
    const conversation = conversationOr404(ctx);
    if ('status' in conversation) return conversation;
    if (conversation.recordingsProcessing) return processing();
    return json(conversation.recordings.map((r) => recordingView(ctx.state, conversation, r)));
  },
  'GET /api/v2/conversations/{conversationId}/recordings/{recordingId}': (ctx) => {
    const conversation = conversationOr404(ctx);
    if ('status' in conversation) return conversation;
    if (conversation.recordingsProcessing) return processing();
    const recording = conversation.recordings.find((r) => r.id === ctx.params.recordingId);
    return recording
      ? json(recordingView(ctx.state, conversation, recording))
      : notFound(`Recording ${ctx.params.recordingId} was not found.`);
  },
  'PUT /api/v2/conversations/{conversationId}/recordings/{recordingId}': (ctx) => {
    const conversation = conversationOr404(ctx);
    if ('status' in conversation) return conversation;
    const recording = conversation.recordings.find((r) => r.id === ctx.params.recordingId);
    if (!recording) return notFound(`Recording ${ctx.params.recordingId} was not found.`);
    if (!isObject(ctx.body)) return badRequest('The request body must be a recording object.');
    const { state } = ctx;
    // Beyond the catalog gate (which any of nine recording permissions passes): the SDK description's rule,
    // each clause held in a division of the conversation (see operation-rules.ts for the quoted text).
    const rule = retentionRule(recording, ctx.body.archiveDate !== undefined && ctx.body.archiveDate !== null);
    const missing = missingClauses(
      rule.clauses,
      ctx.token.grants,
      policiesOf(state),
      conversationDivisionIds(conversation),
      {
        unavailable: state.unavailablePermissions,
      },
    );
    if (missing.length > 0) return missingPermissions(missing.flat());
    // Unconfirmed how the real API refuses a deleted recording; a 400 is the plausible answer.
    if (recording.fileState === 'DELETED') return badRequest('The recording has been deleted and cannot be changed.');
    const changes: { archiveDate?: string; deleteDate?: string } = {};
    for (const key of ['archiveDate', 'deleteDate'] as const) {
      const value = ctx.body[key];
      if (value === undefined || value === null) continue;
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
        return errorBody(400, 'invalid.date', `${key} must be an ISO-8601 date-time`);
      }
      changes[key] = new Date(value).toISOString();
    }
    const restorations = state.recordingRestorations;
    if (rule.restores && restorations !== undefined && restorations.remaining <= 0) {
      // The exact answer Genesys gives when the org has no restorations left is unconfirmed; a 400 is plausible.
      return badRequest(
        `The organization has no archive restorations remaining (${restorations.max} allowed); the recording cannot be restored.`,
      );
    }
    Object.assign(recording, changes);
    if (rule.restores) {
      // "... will result in a restoration of the recording until the new date set."
      recording.fileState = 'RESTORING';
      if (restorations !== undefined) restorations.remaining -= 1;
    }
    return json(recordingView(state, conversation, recording));
  },
};
