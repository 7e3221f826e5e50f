/**
 * The live, mutable org behind a running simulator. Built from a scenario (deep copies, so the
 * scenario object stays as loaded) and changed by the writes the API accepts.
 */
import { randomBytes } from 'node:crypto';
import type { Fault, RateLimit, Scenario } from './scenario';
import type { GrantRef } from './authorize';

type ScenarioRole = Scenario['roles'][number];
type ScenarioClient = Scenario['oauthClients'][number];
type ScenarioUser = Scenario['users'][number];
type ScenarioConversation = Scenario['conversations'][number];

export type SimRole = ScenarioRole;
export type SimClient = ScenarioClient & { modifiedBy?: string };
export type SimUser = ScenarioUser;
export type SimConversation = ScenarioConversation;
export type SimAuthorization = Scenario['authorizations'][number];

export interface SimToken {
  clientId: string;
  /** Set for user-context tokens. */
  userId?: string;
  issuedAt: number;
  expiresAt: number;
  /** The grants this token acts with, copied when it was issued. */
  grants: GrantRef[];
  /** The scopes the token was authorized for, copied when it was issued. */
  scopes: string[];
  userContext: boolean;
  revoked: boolean;
}

export interface ActiveFault {
  fault: Fault;
  /** Requests it still applies to; undefined = unlimited. */
  remaining: number | undefined;
}

export interface UsageQuery {
  clientId: string;
  interval?: { from: number; to: number };
}

export interface SimState {
  org: Scenario['org'];
  homeDivisionId: string;
  divisions: Map<string, { id: string; name: string }>;
  roles: Map<string, SimRole>;
  clients: Map<string, SimClient>;
  users: Map<string, SimUser>;
  products: string[];
  recordingSettings: Scenario['recordingSettings'];
  activeScreenSessions: number;
  conversations: Map<string, SimConversation>;
  usage: Scenario['usage'];
  usageQueries: Map<string, UsageQuery>;
  /** Issued tokens by their value. */
  tokens: Map<string, SimToken>;
  faults: ActiveFault[];
  answerOverrides: Scenario['answerOverrides'];
  rateLimit: RateLimit;
  scopeEnforcement: boolean;
  /** Other orgs' apps this org authorized (or was asked to), by client id. */
  authorizations: Map<string, SimAuthorization>;
  /** Permissions the org's licence lacks (the licence gate). */
  unavailablePermissions: Set<string>;
  /** The org's archive restorations; `remaining` goes down as restorations are made. */
  recordingRestorations: Scenario['recordingRestorations'];
  /** Recent request times per token, for the rate limit. */
  requestTimes: Map<string, number[]>;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { requests: 300, windowSeconds: 60 };

export function buildState(scenario: Scenario, rateLimit: RateLimit | undefined): SimState {
  const s = structuredClone(scenario);
  const byId = <T extends { id: string }>(items: T[]) => new Map(items.map((item) => [item.id, item]));
  return {
    org: s.org,
    homeDivisionId: s.homeDivisionId,
    divisions: byId(s.divisions),
    roles: byId(s.roles),
    clients: byId(s.oauthClients),
    users: byId(s.users),
    products: s.products,
    recordingSettings: s.recordingSettings,
    activeScreenSessions: s.activeScreenSessions,
    conversations: byId(s.conversations),
    usage: s.usage,
    usageQueries: new Map(),
    tokens: new Map(),
    faults: s.faults.map((fault) => ({ fault, remaining: fault.times })),
    answerOverrides: s.answerOverrides,
    rateLimit: rateLimit ?? s.rateLimit ?? DEFAULT_RATE_LIMIT,
    scopeEnforcement: s.scopeEnforcement,
    authorizations: new Map(s.authorizations.map((a) => [a.clientId, a])),
    unavailablePermissions: new Set(s.unavailablePermissions),
    recordingRestorations: s.recordingRestorations,
    requestTimes: new Map(),
  };
}

/** `simtok_` + 32 url-safe random characters (the test suite's leak check looks for this shape). */
export function newTokenValue(): string {
  return `simtok_${randomBytes(24).toString('base64url')}`;
}

/** Regenerated secrets carry LEAKCANARY too, so a leaked one is caught by the same check. */
export function newSecretValue(): string {
  return `simsecret-LEAKCANARY-${randomBytes(12).toString('base64url')}`;
}

export function issueToken(state: SimState, clientId: string, userId: string | undefined, now: number): string {
  const client = state.clients.get(clientId);
  if (!client) throw new Error(`no OAuth client ${clientId} in this simulator`);
  const user = userId === undefined ? undefined : state.users.get(userId);
  if (userId !== undefined && !user) throw new Error(`no user ${userId} in this simulator`);
  const grants: GrantRef[] = user
    ? user.grants.map((g) => ({ roleId: g.roleId, divisionId: g.divisionId }))
    : (client.roleDivisions ?? []).map((rd) => ({ roleId: rd.roleId, divisionId: rd.divisionId }));
  const value = newTokenValue();
  state.tokens.set(value, {
    clientId,
    ...(userId !== undefined ? { userId } : {}),
    issuedAt: now,
    expiresAt: now + client.accessTokenValiditySeconds * 1000,
    grants,
    scopes: [...(client.scope ?? [])],
    userContext: user !== undefined,
    revoked: false,
  });
  return value;
}
