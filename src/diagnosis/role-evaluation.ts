/**
 * The checker's permission evaluator: does an identity's set of (role, division) grants allow an operation?
 * Pure. Wildcards `*` in a policy's entityName and actionSet match anything; a policy with conditions
 * (allowConditions / resourceConditionNode) only grants conditionally, which we report, never count as granted.
 */
import type { Operation } from '../catalog/catalog';
import { parsePermission } from '../catalog/permissions';
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

function isConditional(policy: PermissionPolicy): boolean {
  return policy.allowConditions === true || (policy.resourceConditionNode !== undefined && policy.resourceConditionNode !== null);
}

/** How a role's policies answer for one permission string. */
export function roleMatch(role: Role, permission: string): PolicyMatch {
  const parsed = parsePermission(permission);
  if (!parsed) return 'none';
  let best: PolicyMatch = 'none';
  for (const policy of role.permissionPolicies ?? []) {
    if (policy.domain !== parsed.domain) continue;
    if (policy.entityName !== '*' && policy.entityName !== parsed.entity) continue;
    if (!policy.actionSet.includes('*') && !policy.actionSet.includes(parsed.action)) continue;
    if (!isConditional(policy)) return 'granted';
    best = 'conditional';
  }
  return best;
}

/**
 * Which divisions the operation's object lives in:
 * - `any`: no division-scoped object (or none we know of): a grant in any division counts;
 * - `known`: the object's divisions, read from Genesys;
 * - `unreadable`: the object is division-scoped but we could not read its divisions.
 */
export type ResourceDivisions = { kind: 'any' } | { kind: 'known'; ids: string[] } | { kind: 'unreadable'; reason: string };

type Coverage = 'covers' | 'other-division' | 'uncertain';

function coverage(grant: Grant, divisions: ResourceDivisions): Coverage {
  if (divisions.kind === 'any' || grant.divisionId === ALL_DIVISIONS) return 'covers';
  if (grant.divisionId === UNKNOWN_DIVISION) return 'uncertain';
  if (divisions.kind === 'known') return divisions.ids.includes(grant.divisionId) ? 'covers' : 'other-division';
  return 'uncertain';
}

/** Per permission, the best any grant offers, from best to worst. */
export type PermissionStanding = 'granted' | 'conditional' | 'uncertain-division' | 'other-division' | 'none';
const STANDING_ORDER: PermissionStanding[] = ['granted', 'conditional', 'uncertain-division', 'other-division', 'none'];

export type OperationOutcome = 'allowed' | 'conditional' | 'unknown' | 'wrong-division' | 'denied';

export interface GrantExplanation {
  grant: Grant;
  roleName: string;
  /** One line a person can follow, like a policy troubleshooter. */
  line: string;
}

export interface OperationEvaluation {
  operation: Operation;
  outcome: OperationOutcome;
  standings: Map<string, PermissionStanding>;
  /** Permissions not granted: for `all` the ones lacking, for `any` the whole list (one of them is needed). */
  missing: string[];
  /** Roles that grant the permission but only in other divisions (for the division fix). */
  otherDivisionGrants: Grant[];
  explanations: GrantExplanation[];
}

function standingOf(permission: string, grants: Grant[], rolesById: Map<string, Role>, divisions: ResourceDivisions): PermissionStanding {
  let best = STANDING_ORDER.length - 1;
  for (const grant of grants) {
    const role = rolesById.get(grant.roleId);
    if (!role) continue;
    const match = roleMatch(role, permission);
    if (match === 'none') continue;
    const cover = coverage(grant, divisions);
    const standing: PermissionStanding =
      cover === 'covers' ? (match === 'granted' ? 'granted' : 'conditional') : cover === 'uncertain' ? 'uncertain-division' : 'other-division';
    best = Math.min(best, STANDING_ORDER.indexOf(standing));
  }
  return STANDING_ORDER[best]!;
}

const OUTCOME_OF: Record<PermissionStanding, OperationOutcome> = {
  granted: 'allowed',
  conditional: 'conditional',
  'uncertain-division': 'unknown',
  'other-division': 'wrong-division',
  none: 'denied',
};

export function evaluateOperation(
  operation: Operation,
  grants: Grant[],
  rolesById: Map<string, Role>,
  divisions: ResourceDivisions,
): OperationEvaluation {
  const standings = new Map<string, PermissionStanding>();
  for (const permission of operation.permissions) standings.set(permission, standingOf(permission, grants, rolesById, divisions));
  const ranks = [...standings.values()].map((s) => STANDING_ORDER.indexOf(s));
  let outcome: OperationOutcome;
  if (operation.mode === 'none' || ranks.length === 0) outcome = 'allowed';
  else {
    // `all` is as weak as its weakest permission; `any` as strong as its strongest.
    const rank = operation.mode === 'all' ? Math.max(...ranks) : Math.min(...ranks);
    outcome = OUTCOME_OF[STANDING_ORDER[rank]!];
  }
  const missing =
    outcome === 'allowed'
      ? []
      : operation.mode === 'all'
        ? operation.permissions.filter((p) => standings.get(p) !== 'granted')
        : [...operation.permissions];
  const otherDivisionGrants = grants.filter((g) => {
    const role = rolesById.get(g.roleId);
    return role !== undefined && coverage(g, divisions) === 'other-division' && operation.permissions.some((p) => roleMatch(role, p) === 'granted');
  });
  return { operation, outcome, standings, missing, otherDivisionGrants, explanations: explainGrants(operation, grants, rolesById, divisions) };
}

function explainGrants(operation: Operation, grants: Grant[], rolesById: Map<string, Role>, divisions: ResourceDivisions): GrantExplanation[] {
  return grants.map((grant) => {
    const role = rolesById.get(grant.roleId);
    const where =
      grant.divisionId === ALL_DIVISIONS
        ? 'all divisions'
        : grant.divisionId === UNKNOWN_DIVISION
          ? 'a division Genesys did not name'
          : `division ${grant.divisionName ?? grant.divisionId}`;
    if (!role) return { grant, roleName: grant.roleId, line: `role ${grant.roleId} in ${where}: definition not readable` };
    const granted = operation.permissions.filter((p) => roleMatch(role, p) === 'granted');
    const conditional = operation.permissions.filter((p) => roleMatch(role, p) === 'conditional');
    const cover = coverage(grant, divisions);
    let line: string;
    if (granted.length === 0 && conditional.length === 0) line = `carries none of ${operation.permissions.join(', ')}`;
    else if (granted.length > 0 && cover === 'covers') line = `grants ${granted.join(', ')}`;
    else if (granted.length === 0) line = `grants ${conditional.join(', ')} only under conditions (conditional policy)`;
    else if (cover === 'other-division') line = `grants ${granted.join(', ')} but only in ${where}, not the object's division`;
    else line = `grants ${granted.join(', ')} in ${where}; the object's division could not be read`;
    return { grant, roleName: role.name, line: `"${role.name}" in ${where}: ${line}` };
  });
}

/** Every permission string the catalog knows, for counting how much a role carries. */
export function catalogPermissions(operations: Iterable<Operation>): string[] {
  const all = new Set<string>();
  for (const op of operations) for (const p of op.permissions) if (parsePermission(p)) all.add(p);
  return [...all];
}

/**
 * Counting walks the whole catalog (about 1,500 permissions) per role, and the same role definitions come
 * back check after check (as fresh objects from the client's cache), so counts are kept by content.
 */
const grantedCounts = new WeakMap<string[], Map<string, number>>();
const MAX_COUNTED_ROLES = 5_000;

/** How many catalog permissions a role grants unconditionally (wildcards expanded against the catalog). */
export function grantedCount(role: Role, allPermissions: string[]): number {
  let counts = grantedCounts.get(allPermissions);
  if (!counts) grantedCounts.set(allPermissions, (counts = new Map()));
  const key = `${role.id}|${JSON.stringify(role.permissionPolicies ?? [])}`;
  const cached = counts.get(key);
  if (cached !== undefined) return cached;
  let count = 0;
  for (const permission of allPermissions) if (roleMatch(role, permission) === 'granted') count++;
  if (counts.size >= MAX_COUNTED_ROLES) counts.clear();
  counts.set(key, count);
  return count;
}

export interface RoleCandidate {
  role: Role;
  permission: string;
  extraPermissions: number;
}

/**
 * The least-privilege existing role for a missing requirement: for `all`, one role carrying every missing
 * permission; for `any`, one role carrying any of them; the one with the fewest other permissions wins
 * (ties by name, so the answer is stable).
 */
export function leastPrivilegeRole(
  operation: Operation,
  missing: string[],
  roles: Role[],
  allPermissions: string[],
): RoleCandidate | undefined {
  const candidates: RoleCandidate[] = [];
  for (const role of roles) {
    const carried = missing.filter((p) => roleMatch(role, p) === 'granted');
    const enough = operation.mode === 'all' ? carried.length === missing.length : carried.length > 0;
    if (!enough || carried.length === 0) continue;
    // `any` needs one permission: every other one the role carries (even another of the alternatives) is extra.
    const needed = operation.mode === 'all' ? carried.length : 1;
    candidates.push({ role, permission: carried.join(', '), extraPermissions: Math.max(0, grantedCount(role, allPermissions) - needed) });
  }
  candidates.sort((a, b) => a.extraPermissions - b.extraPermissions || a.role.name.localeCompare(b.role.name));
  return candidates[0];
}
