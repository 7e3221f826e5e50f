/**
 * Fix plans: a FixProposal from a verdict, pinned to what the target looked like when the request was made.
 * A plan states the exact change (before → after) and the two tests run again right before applying:
 * "already fixed" (the wanted state is there: record a no-op) and "changed since the plan" (someone else
 * edited the target: refuse and ask for a re-check). Everything here is pure; reading and writing is in executor.ts.
 */
import type { OrgConfig } from '../config/types';
import type { FixProposal, FixTarget } from '../diagnosis/verdict';
import type { OAuthClient, RoleDivision, Subject } from '../genesys/models';
import type { PlanContext } from './fix-review';
import type { RevocationGrant } from './types';

/** The reason recorded when the target changed between the check and the approval. */
export const CHANGED_SINCE_CHECK = 'changed since the check; re-run it';

export interface PlanTests {
  /** When the fix counts as already made (a no-op). */
  alreadyFixed: string;
  /** When the target counts as changed since the plan (refused). */
  changedSincePlan: string;
}

interface PlanCommon {
  org: string;
  target: FixTarget;
  targetName?: string;
  /** One line a person reads: "Grant role "X" in division Home to OAuth client Y". */
  summary: string;
  tests: PlanTests;
}

/** What the target looked like at plan time, beyond `before` (OAuth clients carry dateModified). */
export interface PlanBasis {
  dateModified?: string;
}

export type FixPlan =
  | (PlanCommon & {
      kind: 'grant-role';
      roleId: string;
      roleName: string;
      divisionId: string;
      divisionName?: string;
      /** The needed permissions this role carries (what the check asked for). */
      permission?: string;
      /**
       * EVERY permission the role carries, read from Genesys when the request was made: what approving adds.
       * Absent on requests made before it was recorded (the approval message says so).
       */
      permissionsAdded?: string[];
      /** Names of the roles and divisions in the grant and in before → after, where known (ids otherwise). */
      names?: { roles: Record<string, string>; divisions: Record<string, string> };
      before: RoleDivision[];
      after: RoleDivision[];
      basis: PlanBasis;
    })
  | (PlanCommon & { kind: 'add-scope'; scope: string; before: string[]; after: string[]; basis: PlanBasis })
  | (PlanCommon & {
      kind: 'refresh-credentials';
      reason: string;
      /** own-token: a client sr-check holds credentials for; user-tokens: DELETE /api/v2/tokens/{userId}. */
      method: 'own-token' | 'user-tokens';
    });

export type GrantRolePlan = Extract<FixPlan, { kind: 'grant-role' }>;
export type AddScopePlan = Extract<FixPlan, { kind: 'add-scope' }>;

export type ApplyResult =
  | { status: 'applied'; result: 'changed' | 'no-op'; detail: string; before?: unknown; after?: unknown; at: number }
  | { status: 'failed'; reason: string; detail?: string; before?: unknown; at: number };

/** The target as read right now. */
export type TargetSnapshot =
  | { kind: 'oauth-client'; client: OAuthClient }
  | { kind: 'user'; subjectId: string; grants: RoleDivision[] }
  | { kind: 'none' };

export type Comparison = { kind: 'done' } | { kind: 'as-planned' } | { kind: 'changed'; detail: string };

export type PlanOutcome =
  | { ok: true; plan: FixPlan }
  | { ok: false; code: 'already-fixed' | 'changed-since-check' | 'unsupported'; message: string };

export function grantsOf(subject: Subject): RoleDivision[] {
  return subject.grants.map((g) => ({ roleId: g.role.id, divisionId: g.division.id }));
}

const key = (rd: RoleDivision) => `${rd.roleId}/${rd.divisionId}`;

export function sameRoleDivisions(a: RoleDivision[], b: RoleDivision[]): boolean {
  const left = new Set(a.map(key));
  const right = new Set(b.map(key));
  return left.size === right.size && [...left].every((k) => right.has(k));
}

export function sameScopes(a: string[], b: string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((s) => right.has(s));
}

export function holdsGrant(current: RoleDivision[], roleId: string, divisionId: string): boolean {
  return current.some((rd) => rd.roleId === roleId && rd.divisionId === divisionId);
}

/** The client's scopes with `scope` added (its `:readonly` twin goes: the full scope covers reads too). */
export function scopesWith(current: string[], scope: string): string[] {
  return [...current.filter((s) => s !== `${scope}:readonly` && s !== scope), scope];
}

/** Clients sr-check holds credentials for in this org (the only ones whose token it can refresh itself). */
export function managedClientIds(org: OrgConfig): string[] {
  return [org.diagnostic.clientId, org.fixer?.clientId, org.probe?.clientId].filter(
    (id): id is string => id !== undefined,
  );
}

function describeTarget(target: FixTarget, name?: string): string {
  const what = target.kind === 'user' ? 'user' : 'OAuth client';
  return name ? `${what} "${name}" (${target.id})` : `${what} ${target.id}`;
}

/**
 * Pins a proposal to the target as read now. Refuses when the target no longer matches what the check saw.
 * `context` is what the server-side review (fix-review.ts) read: the role's real name, every permission it
 * carries, and role and division names; it wins over what the proposal says.
 */
export function planFix(
  org: OrgConfig,
  proposal: FixProposal,
  snapshot: TargetSnapshot,
  context: PlanContext = {},
): PlanOutcome {
  const target = proposal.target;
  const targetName = snapshot.kind === 'oauth-client' ? snapshot.client.name : undefined;
  const who = describeTarget(target, targetName);
  const base = { org: org.name, target, ...(targetName ? { targetName } : {}) };

  switch (proposal.kind) {
    case 'grant-role': {
      const roleName = context.roleName ?? proposal.roleName;
      const divisionName = context.names?.divisions[proposal.divisionId] ?? proposal.divisionName;
      const division = divisionName ? `division "${divisionName}"` : `division ${proposal.divisionId}`;
      const plan: FixPlan = {
        ...base,
        kind: 'grant-role',
        roleId: proposal.roleId,
        roleName,
        divisionId: proposal.divisionId,
        ...(divisionName ? { divisionName } : {}),
        permission: proposal.permission,
        ...(context.permissions ? { permissionsAdded: context.permissions } : {}),
        ...(context.names ? { names: context.names } : {}),
        before: proposal.before,
        after: proposal.after,
        basis:
          snapshot.kind === 'oauth-client' && snapshot.client.dateModified
            ? { dateModified: snapshot.client.dateModified }
            : {},
        summary: `Grant role "${roleName}" in ${division} to ${who}`,
        tests: {
          alreadyFixed: `${who} already holds role ${proposal.roleId} in division ${proposal.divisionId}`,
          changedSincePlan:
            target.kind === 'oauth-client'
              ? `the client's dateModified is no longer ${snapshot.kind === 'oauth-client' ? (snapshot.client.dateModified ?? '(unknown)') : '(unknown)'}, or its roleDivisions differ from "before"`
              : `the user's grants differ from "before"`,
        },
      };
      return pinned(plan, snapshot);
    }
    case 'add-scope': {
      const plan: FixPlan = {
        ...base,
        kind: 'add-scope',
        scope: proposal.scope,
        before: proposal.before,
        after: proposal.after,
        basis:
          snapshot.kind === 'oauth-client' && snapshot.client.dateModified
            ? { dateModified: snapshot.client.dateModified }
            : {},
        summary: `Add the "${proposal.scope}" scope to ${who}`,
        tests: {
          alreadyFixed: `${who} is already authorized for ${proposal.scope}`,
          changedSincePlan: `the client's dateModified is no longer ${snapshot.kind === 'oauth-client' ? (snapshot.client.dateModified ?? '(unknown)') : '(unknown)'}, or its scopes differ from "before"`,
        },
      };
      return pinned(plan, snapshot);
    }
    case 'refresh-credentials': {
      if (target.kind === 'user') {
        return {
          ok: true,
          plan: {
            ...base,
            kind: 'refresh-credentials',
            reason: proposal.reason,
            method: 'user-tokens',
            summary: `Revoke every token of ${who} (they sign in again and get the current roles)`,
            tests: { alreadyFixed: 'never: revoking is always done', changedSincePlan: 'never: nothing is compared' },
          },
        };
      }
      if (!managedClientIds(org).includes(target.id)) {
        return {
          ok: false,
          code: 'unsupported',
          message:
            `sr-check holds no credentials for ${who}, so it cannot refresh its token: the integration must mint a new ` +
            'token itself (drop its token cache or restart it). Tokens keep the roles they were issued with.',
        };
      }
      return {
        ok: true,
        plan: {
          ...base,
          kind: 'refresh-credentials',
          reason: proposal.reason,
          method: 'own-token',
          summary: `Revoke the cached token of ${who} and mint a new one`,
          tests: { alreadyFixed: 'never: a refresh is always done', changedSincePlan: 'never: nothing is compared' },
        },
      };
    }
  }
}

function pinned(plan: FixPlan, snapshot: TargetSnapshot): PlanOutcome {
  const comparison = compareTarget(plan, snapshot);
  if (comparison.kind === 'done')
    return { ok: false, code: 'already-fixed', message: `Already fixed: ${plan.tests.alreadyFixed}.` };
  if (comparison.kind === 'changed') {
    return {
      ok: false,
      code: 'changed-since-check',
      message: `The target ${CHANGED_SINCE_CHECK} (${comparison.detail}).`,
    };
  }
  return { ok: true, plan };
}

/** The "already fixed" and "changed since the plan" tests, on the target as read now. */
export function compareTarget(plan: FixPlan, snapshot: TargetSnapshot): Comparison {
  if (plan.kind === 'refresh-credentials') return { kind: 'as-planned' };
  if (plan.target.kind === 'oauth-client') {
    if (snapshot.kind !== 'oauth-client')
      return { kind: 'changed', detail: 'the target is not the OAuth client planned for' };
    const client = snapshot.client;
    if (plan.kind === 'grant-role') {
      const current = client.roleDivisions ?? [];
      if (holdsGrant(current, plan.roleId, plan.divisionId)) return { kind: 'done' };
      if (plan.basis.dateModified !== undefined && client.dateModified !== plan.basis.dateModified) {
        return {
          kind: 'changed',
          detail: `dateModified ${plan.basis.dateModified} → ${client.dateModified ?? '(none)'}`,
        };
      }
      if (!sameRoleDivisions(current, plan.before))
        return { kind: 'changed', detail: 'its roleDivisions differ from the plan' };
      return { kind: 'as-planned' };
    }
    const current = client.scope ?? [];
    if (current.includes(plan.scope)) return { kind: 'done' };
    if (plan.basis.dateModified !== undefined && client.dateModified !== plan.basis.dateModified) {
      return {
        kind: 'changed',
        detail: `dateModified ${plan.basis.dateModified} → ${client.dateModified ?? '(none)'}`,
      };
    }
    if (!sameScopes(current, plan.before)) return { kind: 'changed', detail: 'its scopes differ from the plan' };
    return { kind: 'as-planned' };
  }
  if (plan.kind !== 'grant-role') return { kind: 'changed', detail: 'scopes belong to OAuth clients, not users' };
  if (snapshot.kind !== 'user') return { kind: 'changed', detail: 'the target is not the user planned for' };
  if (holdsGrant(snapshot.grants, plan.roleId, plan.divisionId)) return { kind: 'done' };
  if (!sameRoleDivisions(snapshot.grants, plan.before))
    return { kind: 'changed', detail: "the user's grants differ from the plan" };
  return { kind: 'as-planned' };
}

/** The whole client to PUT back: every field as read, with the new role/division pair or scope. */
export function clientWithChange(plan: GrantRolePlan | AddScopePlan, current: OAuthClient): OAuthClient {
  if (plan.kind === 'add-scope') return { ...current, scope: scopesWith(current.scope ?? [], plan.scope) };
  const roleDivisions = [...(current.roleDivisions ?? []), { roleId: plan.roleId, divisionId: plan.divisionId }];
  return withRoleDivisions(current, roleDivisions);
}

/** Replaces roleDivisions; the derived `roleIds` list, when the API sent one, is kept consistent with it. */
export function withRoleDivisions(current: OAuthClient, roleDivisions: RoleDivision[]): OAuthClient {
  const next: OAuthClient = { ...current, roleDivisions };
  if (current.roleIds !== undefined) next.roleIds = [...new Set(roleDivisions.map((rd) => rd.roleId))];
  return next;
}

/**
 * What a fix changes, as one string: the same for two proposals or plans that would make the same change
 * (kind + target + role/division or scope), whatever else differs (before/after, time bound, requester).
 */
export function changeKey(
  change: Pick<FixProposal, 'kind' | 'target'> & { roleId?: string; divisionId?: string; scope?: string },
): string {
  const target = `${change.target.kind}:${change.target.id}`;
  switch (change.kind) {
    case 'grant-role':
      return `grant-role|${target}|${change.roleId ?? ''}|${change.divisionId ?? ''}`;
    case 'add-scope':
      return `add-scope|${target}|${change.scope ?? ''}`;
    case 'refresh-credentials':
      return `refresh-credentials|${target}`;
  }
}

/** Whether a plan grants exactly this role/division to this target (a time-bound grant's revocation, say). */
export function grantsSame(plan: FixPlan, grant: RevocationGrant): boolean {
  return changeKey(plan) === changeKey({ kind: 'grant-role', ...grant });
}
