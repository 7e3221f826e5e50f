/**
 * A verdict's facts in a small, comparable form: the identity's role grants (by role name and division), the
 * permissions each granted role carries, the app's scopes and the org settings the checks read. Two snapshots
 * can be compared across orgs (role and division ids differ between orgs; names do not) and stored with the
 * verdict history, so a scheduled run that starts failing can say what changed since it last passed.
 * A fact that could not be read is recorded as unreadable, never as empty: "no grants" and "grants unknown" differ.
 */
import { compareText } from '../catalog/text-order';
import type { PermissionPolicy } from '../genesys/models';
import type { Facts } from './facts';
import { identityGrants } from './checks/identity';
import { ALL_DIVISIONS, UNKNOWN_DIVISION, isConditional } from './role-evaluation';

/** One (role, division) grant of the identity, named as a person reads it. */
export interface GrantSnapshot {
  role: string;
  /** The division's name when known, `*` for all divisions, `?` when Genesys did not say, else its id. */
  division: string;
}

/** A list that was read, or the reason it could not be. */
export type Readable<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface FactSnapshot {
  identity: { kind: 'oauth-client' | 'user'; id: string; grantType?: string; state?: string };
  grants: Readable<GrantSnapshot[]>;
  /** Permission strings per granted role name (only roles the identity holds; from the org's role definitions). */
  rolePermissions: Readable<Record<string, string[]>>;
  /** The app's scopes (user-context apps); absent when no client was read. */
  scopes?: Readable<string[]>;
  settings: {
    /** The org admin's "Enforce Scopes" as configured for sr-check; `unset` when not configured. */
    scopeEnforcement: 'on' | 'off' | 'unset';
    /** Recording settings' `maxSimultaneousStreams` (0 stops new screen recordings); undefined when unreadable or absent. */
    maxSimultaneousStreams?: number;
    /** The configured required product and whether the org has it enabled (undefined: products unreadable). */
    requiredProduct?: { id: string; enabled?: boolean };
  };
}

export function snapshotFacts(facts: Facts): FactSnapshot {
  const clientFact = facts.client;
  const client = clientFact?.ok ? clientFact.value : undefined;
  const identityId = facts.identity.kind === 'user' ? (facts.identity.userId ?? '') : (facts.identity.clientId ?? '');
  const rolesById = facts.roles.ok ? new Map(facts.roles.value.map((r) => [r.id, r])) : undefined;
  const divisionNames = divisionNamesOf(facts);

  const identityGrantsFact = identityGrants(facts);
  const grants: Readable<GrantSnapshot[]> = identityGrantsFact.ok
    ? {
        ok: true,
        value: identityGrantsFact.value
          .map((g) => ({
            role: rolesById?.get(g.roleId)?.name ?? g.roleId,
            division: divisionLabel(g.divisionId, g.divisionName ?? divisionNames.get(g.divisionId)),
          }))
          .sort(byRoleThenDivision),
      }
    : { ok: false, reason: identityGrantsFact.reason };

  let rolePermissions: Readable<Record<string, string[]>>;
  if (!identityGrantsFact.ok) rolePermissions = { ok: false, reason: identityGrantsFact.reason };
  else if (!rolesById) rolePermissions = { ok: false, reason: facts.roles.ok ? '' : facts.roles.reason };
  else {
    const value: Record<string, string[]> = {};
    for (const grant of identityGrantsFact.value) {
      const role = rolesById.get(grant.roleId);
      // A role whose policies Genesys did not send carries unknown permissions: leave it out rather than say "none".
      if (role?.permissionPolicies) value[role.name] = permissionsOf(role.permissionPolicies);
    }
    rolePermissions = { ok: true, value };
  }

  const products = facts.products.ok ? new Set(facts.products.value.entities.map((p) => p.id)) : undefined;
  return {
    identity: {
      kind: facts.identity.kind,
      id: identityId,
      ...(client ? { grantType: client.authorizedGrantType, ...(client.state ? { state: client.state } : {}) } : {}),
    },
    grants,
    rolePermissions,
    ...(clientFact
      ? {
          scopes: clientFact.ok
            ? { ok: true as const, value: [...(clientFact.value.scope ?? [])].sort() }
            : { ok: false as const, reason: clientFact.reason },
        }
      : {}),
    settings: {
      scopeEnforcement: facts.scopeEnforcement ?? 'unset',
      ...(facts.recordingSettings.ok && facts.recordingSettings.value.maxSimultaneousStreams !== undefined
        ? { maxSimultaneousStreams: facts.recordingSettings.value.maxSimultaneousStreams }
        : {}),
      ...(facts.requiredProduct
        ? {
            requiredProduct: {
              id: facts.requiredProduct,
              ...(products ? { enabled: products.has(facts.requiredProduct) } : {}),
            },
          }
        : {}),
    },
  };
}

/** Division names the facts already hold: the home division and the conversation's divisions. */
function divisionNamesOf(facts: Facts): Map<string, string> {
  const names = new Map<string, string>();
  if (facts.homeDivision?.ok && facts.homeDivision.value.name)
    names.set(facts.homeDivision.value.id, facts.homeDivision.value.name);
  if (facts.conversation?.ok) {
    for (const d of facts.conversation.value.divisions ?? [])
      if (d.division.name) names.set(d.division.id, d.division.name);
  }
  return names;
}

function divisionLabel(id: string, name: string | undefined): string {
  if (id === ALL_DIVISIONS || id === UNKNOWN_DIVISION) return id;
  return name ?? id;
}

function byRoleThenDivision(a: GrantSnapshot, b: GrantSnapshot): number {
  return compareText(a.role, b.role) || compareText(a.division, b.division);
}

/** `domain:entity:action` per action of each policy, wildcards as written; a conditional policy's marked ` (conditional)`. */
function permissionsOf(policies: PermissionPolicy[]): string[] {
  const out = new Set<string>();
  for (const policy of policies) {
    for (const action of policy.actionSet) {
      out.add(`${policy.domain}:${policy.entityName}:${action}${isConditional(policy) ? ' (conditional)' : ''}`);
    }
  }
  return [...out].sort();
}
