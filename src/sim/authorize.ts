/**
 * The simulator's own permission evaluator. Deliberately small and written separately from the
 * checker's (src/diagnosis), so a differential test can compare the two.
 *
 * Rules: a grant (role, division) holds `d:e:a` when the role has a policy with domain d, entityName e
 * or `*`, actionSet containing a or `*`, and no resourceConditionNode (conditional policies grant nothing
 * here), and the org's licence includes `d:e:a`.
 * When the request concerns an object that belongs to some divisions (a conversation may belong to
 * several), only grants in one of those divisions or in `*` count.
 */

export interface SimPolicy {
  domain: string;
  entityName: string;
  actionSet: string[];
  allowConditions?: boolean | undefined;
  resourceConditionNode?: unknown;
}

export interface GrantRef {
  roleId: string;
  divisionId: string;
}

export type Requirement = { mode: 'any' | 'all' | 'none'; permissions: string[] };

export interface AuthorizeOptions {
  /**
   * Permissions the org's licence lacks. A role may carry them (roles and grants are still accepted) but
   * they grant nothing: the licence gate.
   */
  unavailable?: ReadonlySet<string>;
}

export type Decision =
  | { allowed: true }
  /** `missing`: the permissions the refusal names (all listed for `any`, only the absent ones for `all`). */
  | { allowed: false; reason: 'missing'; mode: 'any' | 'all'; missing: string[] }
  /** Held, but only in divisions other than the object's (`divisionIds`: the object's divisions). */
  | { allowed: false; reason: 'division'; mode: 'any' | 'all'; missing: string[]; divisionIds: string[] };

/**
 * Help page "Edit a role": allowConditions is "whether or not you can set conditional parameters for the
 * permission", a capability flag. Only a policy that carries a resourceConditionNode grants under a
 * condition; the simulator evaluates no conditions, so such a policy grants nothing.
 */
export function isConditional(policy: SimPolicy): boolean {
  return policy.resourceConditionNode !== undefined && policy.resourceConditionNode !== null;
}

export function policyGrants(policy: SimPolicy, permission: string, options: AuthorizeOptions = {}): boolean {
  const parts = permission.split(':');
  if (parts.length < 3) return false;
  const [domain, entity, action] = parts as [string, string, string];
  if (isConditional(policy)) return false;
  if (options.unavailable?.has(permission)) return false;
  if (policy.domain !== domain) return false;
  if (policy.entityName !== entity && policy.entityName !== '*') return false;
  return policy.actionSet.includes(action) || policy.actionSet.includes('*');
}

function toDivisionList(objectDivisions: string | readonly string[] | undefined): readonly string[] | undefined {
  return typeof objectDivisions === 'string' ? [objectDivisions] : objectDivisions;
}

/** Does any of these grants hold `permission`? `inDivisions` (when given) limits which grants count. */
export function holds(
  grants: readonly GrantRef[],
  policiesOf: (roleId: string) => SimPolicy[] | undefined,
  permission: string,
  inDivisions: string | readonly string[] | undefined,
  options: AuthorizeOptions = {},
): boolean {
  const divisions = toDivisionList(inDivisions);
  return grants.some(
    (g) =>
      (divisions === undefined || g.divisionId === '*' || divisions.includes(g.divisionId)) &&
      (policiesOf(g.roleId) ?? []).some((p) => policyGrants(p, permission, options)),
  );
}

/**
 * The catalog gate ("Requires ANY/ALL permissions"). `objectDivisions`: the division(s) of the object the
 * request concerns; a grant in any one of them (or in `*`) suffices.
 */
export function authorize(
  requirement: Requirement,
  grants: readonly GrantRef[],
  policiesOf: (roleId: string) => SimPolicy[] | undefined,
  objectDivisions?: string | readonly string[],
  options: AuthorizeOptions = {},
): Decision {
  if (requirement.mode === 'none') return { allowed: true };
  const mode = requirement.mode;
  const divisions = toDivisionList(objectDivisions);
  const inObject = (p: string) => holds(grants, policiesOf, p, divisions, options);
  const anywhere = (p: string) => holds(grants, policiesOf, p, undefined, options);
  const satisfied = (test: (p: string) => boolean) =>
    mode === 'any' ? requirement.permissions.some(test) : requirement.permissions.every(test);
  // An `any` requirement with an empty list cannot be met; the real catalog has none, so this is defensive.
  if (satisfied(inObject)) return { allowed: true };
  const missing = mode === 'any' ? [...requirement.permissions] : requirement.permissions.filter((p) => !inObject(p));
  if (divisions !== undefined && satisfied(anywhere)) {
    return { allowed: false, reason: 'division', mode, missing, divisionIds: [...divisions] };
  }
  return { allowed: false, reason: 'missing', mode, missing };
}

/**
 * Requirements written as clauses: every clause must be held, a clause being a list of alternatives (any
 * one suffices). Returns the clauses not held in the object's divisions (empty when allowed).
 */
export function missingClauses(
  clauses: ReadonlyArray<readonly string[]>,
  grants: readonly GrantRef[],
  policiesOf: (roleId: string) => SimPolicy[] | undefined,
  objectDivisions: string | readonly string[] | undefined,
  options: AuthorizeOptions = {},
): string[][] {
  return clauses
    .filter((alternatives) => !alternatives.some((p) => holds(grants, policiesOf, p, objectDivisions, options)))
    .map((alternatives) => [...alternatives]);
}
