/**
 * The checker's permission evaluator: does an identity's set of (role, division) grants meet a call's
 * requirement (the catalog gate plus the operation's own rules, see catalog/operation-rules.ts)? Pure.
 * Wildcards `*` in a policy's entityName and actionSet match anything (the domain has none). Only a policy that carries a
 * `resourceConditionNode` grants under a condition (reported, never counted as granted); `allowConditions`
 * alone is a capability flag ("whether or not you can set conditional parameters"), so a plain grant.
 */
import type { Operation } from '../catalog/catalog';
import type { Clause, Requirement } from '../catalog/operation-rules';
import { type Permission, parsePermission } from '../catalog/permissions';
import type { PermissionPolicy, Role } from '../genesys/models';

export interface Grant {
  roleId: string;
  divisionId: string;
  divisionName?: string;
}

export const ALL_DIVISIONS = '*';
/** A grant whose division Genesys did not say (an OAuth client with `roleIds` but no `roleDivisions`). */
export const UNKNOWN_DIVISION = '?';

export type PolicyMatch = 'granted' | 'conditional' | 'none';

export function isConditional(policy: PermissionPolicy): boolean {
  return policy.resourceConditionNode !== undefined && policy.resourceConditionNode !== null;
}

/** How a role's policies answer for one permission string. */
export function roleMatch(role: Role, permission: string): PolicyMatch {
  const parsed = parsePermission(permission);
  if (!parsed) return 'none';
  let best: PolicyMatch = 'none';
  for (const policy of role.permissionPolicies ?? []) {
    if (policy.domain !== parsed.domain || !grantsAction(policy, parsed)) continue;
    if (!isConditional(policy)) return 'granted';
    best = 'conditional';
  }
  return best;
}

/**
 * Which divisions the operation's object lives in:
 * - `any`: no division-scoped object (or none named): a grant in any division counts;
 * - `known`: the object's divisions, read from Genesys (a grant in any one of them suffices);
 * - `unreadable`: the object is division-scoped but we could not read its divisions.
 */
export type ResourceDivisions =
  | { kind: 'any' }
  | { kind: 'known'; ids: string[] }
  | { kind: 'unreadable'; reason: string };

type Coverage = 'covers' | 'other-division' | 'uncertain';

function coverage(grant: Grant, divisions: ResourceDivisions): Coverage {
  if (divisions.kind === 'any' || grant.divisionId === ALL_DIVISIONS) return 'covers';
  if (grant.divisionId === UNKNOWN_DIVISION) return 'uncertain';
  if (divisions.kind === 'known') return divisions.ids.includes(grant.divisionId) ? 'covers' : 'other-division';
  return 'uncertain';
}

/** Per clause, the best any grant offers, from best to worst. */
export type Standing = 'granted' | 'conditional' | 'uncertain-division' | 'other-division' | 'none';
const STANDING_ORDER: Standing[] = ['granted', 'conditional', 'uncertain-division', 'other-division', 'none'];

export type OperationOutcome = 'allowed' | 'conditional' | 'unknown' | 'wrong-division' | 'denied';

const OUTCOME_OF: Record<Standing, OperationOutcome> = {
  granted: 'allowed',
  conditional: 'conditional',
  'uncertain-division': 'unknown',
  'other-division': 'wrong-division',
  none: 'denied',
};

export interface GrantExplanation {
  grant: Grant;
  roleName: string;
  /** One line a person can follow, like a policy troubleshooter. */
  line: string;
}

export interface ClauseStanding {
  clause: Clause;
  standing: Standing;
}

export interface OperationEvaluation {
  operation: Operation;
  requirement: Requirement;
  outcome: OperationOutcome;
  clauses: ClauseStanding[];
  /** Clauses not granted outright in the object's division (what a fix must cover). */
  unmet: Clause[];
  explanations: GrantExplanation[];
}

/**
 * Permissions the org cannot use (GET /api/v2/authorization/permissions does not list them: the licence lacks
 * them). A role may still carry one; it grants nothing for it.
 */
export type Withheld = ReadonlySet<string>;
const NONE_WITHHELD: Withheld = new Set();

function standingOf(
  permission: string,
  grants: Grant[],
  rolesById: Map<string, Role>,
  divisions: ResourceDivisions,
  withheld: Withheld,
): Standing {
  let best = STANDING_ORDER.length - 1;
  if (withheld.has(permission)) return STANDING_ORDER[best]!;
  for (const grant of grants) {
    const role = rolesById.get(grant.roleId);
    if (!role) continue;
    const match = roleMatch(role, permission);
    if (match === 'none') continue;
    const cover = coverage(grant, divisions);
    const standing: Standing =
      cover === 'covers'
        ? match === 'granted'
          ? 'granted'
          : 'conditional'
        : cover === 'uncertain'
          ? 'uncertain-division'
          : 'other-division';
    best = Math.min(best, STANDING_ORDER.indexOf(standing));
  }
  return STANDING_ORDER[best]!;
}

/** A clause is as strong as its strongest permission; a requirement as weak as its weakest clause. */
export function evaluateRequirement(
  operation: Operation,
  requirement: Requirement,
  grants: Grant[],
  rolesById: Map<string, Role>,
  divisions: ResourceDivisions,
  withheld: Withheld = NONE_WITHHELD,
): OperationEvaluation {
  const clauses: ClauseStanding[] = requirement.clauses.map((clause) => {
    const ranks = clause.anyOf.map((p) =>
      STANDING_ORDER.indexOf(standingOf(p, grants, rolesById, divisions, withheld)),
    );
    return { clause, standing: STANDING_ORDER[Math.min(...ranks)]! };
  });
  const worst = clauses.length === 0 ? 0 : Math.max(...clauses.map((c) => STANDING_ORDER.indexOf(c.standing)));
  const outcome = OUTCOME_OF[STANDING_ORDER[worst]!];
  const unmet = clauses
    .filter((c) => c.standing !== 'granted' && c.standing !== 'uncertain-division')
    .map((c) => c.clause);
  const permissions = [...new Set(requirement.clauses.flatMap((c) => c.anyOf))];
  return {
    operation,
    requirement,
    outcome,
    clauses,
    unmet,
    explanations: explainGrants(permissions, grants, rolesById, divisions, withheld),
  };
}

function explainGrants(
  permissions: string[],
  grants: Grant[],
  rolesById: Map<string, Role>,
  divisions: ResourceDivisions,
  withheld: Withheld,
): GrantExplanation[] {
  return grants.map((grant) => {
    const role = rolesById.get(grant.roleId);
    const where =
      grant.divisionId === ALL_DIVISIONS
        ? 'all divisions'
        : grant.divisionId === UNKNOWN_DIVISION
          ? 'a division Genesys did not name'
          : `division ${grant.divisionName ?? grant.divisionId}`;
    if (!role)
      return { grant, roleName: grant.roleId, line: `role ${grant.roleId} in ${where}: definition not readable` };
    const carriedWithheld = permissions.filter((p) => withheld.has(p) && roleMatch(role, p) !== 'none');
    const usable = permissions.filter((p) => !withheld.has(p));
    const granted = usable.filter((p) => roleMatch(role, p) === 'granted');
    const conditional = usable.filter((p) => roleMatch(role, p) === 'conditional');
    const cover = coverage(grant, divisions);
    const licence = carriedWithheld.length
      ? `; carries ${carriedWithheld.join(', ')}, which the org's licence withholds (not listed by GET /api/v2/authorization/permissions): no grant`
      : '';
    let line: string;
    if (granted.length === 0 && conditional.length === 0)
      line = `${carriedWithheld.length ? 'grants' : 'carries'} none of ${permissions.join(', ')}`;
    else if (granted.length > 0 && cover === 'covers') {
      line = `grants ${granted.join(', ')}${conditional.length ? `; ${conditional.join(', ')} only under a condition (resourceConditionNode)` : ''}`;
    } else if (granted.length === 0)
      line = `grants ${conditional.join(', ')} only under a condition (resourceConditionNode)`;
    else if (cover === 'other-division')
      line = `grants ${granted.join(', ')} but only in ${where}, not the object's division`;
    else line = `grants ${granted.join(', ')} in ${where}; the object's division could not be read`;
    return { grant, roleName: role.name, line: `"${role.name}" in ${where}: ${line}${licence}` };
  });
}

/**
 * Counting walks the whole catalog (about 1,500 permissions) per role, and the same role definitions come
 * back check after check (as fresh objects from the client's cache), so counts are kept by content.
 */
const grantedCounts = new WeakMap<readonly string[], Map<string, number>>();
const MAX_COUNTED_ROLES = 5_000;

/** A list's texts by domain (the text before its first colon), each domain parsed when a role first needs it. */
interface ByDomain {
  texts: Map<string, string[]>;
  parsed: Map<string, Permission[]>;
}
const listsByDomain = new WeakMap<readonly string[], ByDomain>();

/**
 * The permissions of `domain` in the list that parse (roleMatch answers 'none' for the others), parsed once per
 * list: a role is counted against the domains its policies name only, so only those are parsed.
 */
function parsedPermissionsOf(all: readonly string[], domain: string): Permission[] {
  let lists = listsByDomain.get(all);
  if (!lists) {
    lists = { texts: groupByDomain(all), parsed: new Map() };
    listsByDomain.set(all, lists);
  }
  let parsed = lists.parsed.get(domain);
  if (!parsed) {
    parsed = [];
    for (const text of lists.texts.get(domain) ?? []) {
      const permission = parsePermission(text);
      if (permission) parsed.push(permission);
    }
    lists.parsed.set(domain, parsed);
  }
  return parsed;
}

/** Texts by what parsePermission would read as their domain (trimmed, before the first colon); in list order. */
function groupByDomain(all: readonly string[]): Map<string, string[]> {
  const byDomain = new Map<string, string[]>();
  let lastDomain = '';
  let lastList: string[] | undefined;
  for (const text of all) {
    const trimmed = text.trim();
    const colon = trimmed.indexOf(':');
    if (colon <= 0) continue;
    // The catalog's list is sorted: a text of the domain before it reuses its list without slicing.
    if (lastList && colon === lastDomain.length && trimmed.startsWith(lastDomain)) {
      lastList.push(text);
      continue;
    }
    lastDomain = trimmed.slice(0, colon);
    lastList = byDomain.get(lastDomain);
    if (lastList) lastList.push(text);
    else byDomain.set(lastDomain, (lastList = [text]));
  }
  return byDomain;
}

/** roleMatch's test of one policy of the permission's domain (its entity and action, or their wildcards). */
function grantsAction(policy: PermissionPolicy, permission: Permission): boolean {
  return (
    (policy.entityName === '*' || policy.entityName === permission.entity) &&
    (policy.actionSet.includes('*') || policy.actionSet.includes(permission.action))
  );
}

/** How many catalog permissions a role grants unconditionally (wildcards expanded against the catalog). */
export function grantedCount(role: Role, allPermissions: readonly string[]): number {
  let counts = grantedCounts.get(allPermissions);
  if (!counts) grantedCounts.set(allPermissions, (counts = new Map()));
  const key = `${role.id}|${JSON.stringify(role.permissionPolicies ?? [])}`;
  const cached = counts.get(key);
  if (cached !== undefined) return cached;
  // roleMatch(role, p) === 'granted' for each p, with the role's unconditional policies grouped by domain once
  // (roleMatch walks every policy per permission: roles × ~1,500 permissions × policies at a demo's first check).
  const unconditional = new Map<string, PermissionPolicy[]>();
  for (const policy of role.permissionPolicies ?? []) {
    if (isConditional(policy)) continue;
    const list = unconditional.get(policy.domain);
    if (list) list.push(policy);
    else unconditional.set(policy.domain, [policy]);
  }
  // A policy grants only in its own domain (the domain has no wildcard): the other domains count nothing.
  let count = 0;
  for (const [domain, policies] of unconditional) {
    for (const permission of parsedPermissionsOf(allPermissions, domain)) {
      if (policies.some((policy) => grantsAction(policy, permission))) count++;
    }
  }
  if (counts.size >= MAX_COUNTED_ROLES) counts.clear();
  counts.set(key, count);
  return count;
}
