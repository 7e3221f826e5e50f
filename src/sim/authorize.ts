/**
 * The simulator's own permission evaluator. Deliberately small and written separately from the
 * checker's (src/diagnosis), so a differential test can compare the two.
 *
 * Rules: a grant (role, division) holds `d:e:a` when the role has a policy with domain d, entityName e
 * or `*`, actionSet containing a or `*`, and no condition (conditional policies grant nothing here).
 * When the request concerns an object in a division, only grants in that division or `*` count.
 */

export interface SimPolicy {
  domain: string;
  entityName: string;
  actionSet: string[];
  allowConditions?: boolean;
  resourceConditionNode?: unknown;
}

export interface GrantRef {
  roleId: string;
  divisionId: string;
}

export type Requirement = { mode: 'any' | 'all' | 'none'; permissions: string[] };

export type Decision =
  | { allowed: true }
  /** `missing`: the permissions the refusal names (all listed for `any`, only the absent ones for `all`). */
  | { allowed: false; reason: 'missing'; mode: 'any' | 'all'; missing: string[] }
  /** Held, but only in divisions other than the object's. */
  | { allowed: false; reason: 'division'; mode: 'any' | 'all'; missing: string[]; divisionId: string };

function isConditional(policy: SimPolicy): boolean {
  return policy.allowConditions === true || (policy.resourceConditionNode !== undefined && policy.resourceConditionNode !== null);
}

export function policyGrants(policy: SimPolicy, permission: string): boolean {
  const parts = permission.split(':');
  if (parts.length < 3) return false;
  const [domain, entity, action] = parts as [string, string, string];
  if (isConditional(policy)) return false;
  if (policy.domain !== domain) return false;
  if (policy.entityName !== entity && policy.entityName !== '*') return false;
  return policy.actionSet.includes(action) || policy.actionSet.includes('*');
}

/** Does any of these grants hold `permission`? `inDivision` limits which grants count. */
function holds(
  grants: GrantRef[],
  policiesOf: (roleId: string) => SimPolicy[] | undefined,
  permission: string,
  inDivision: string | undefined,
): boolean {
  return grants.some(
    (g) =>
      (inDivision === undefined || g.divisionId === '*' || g.divisionId === inDivision) &&
      (policiesOf(g.roleId) ?? []).some((p) => policyGrants(p, permission)),
  );
}

export function authorize(
  requirement: Requirement,
  grants: GrantRef[],
  policiesOf: (roleId: string) => SimPolicy[] | undefined,
  objectDivisionId?: string,
): Decision {
  if (requirement.mode === 'none') return { allowed: true };
  const mode = requirement.mode;
  const inObject = (p: string) => holds(grants, policiesOf, p, objectDivisionId);
  const anywhere = (p: string) => holds(grants, policiesOf, p, undefined);
  const satisfied = (test: (p: string) => boolean) =>
    mode === 'any' ? requirement.permissions.some(test) : requirement.permissions.every(test);
  // An `any` requirement with an empty list cannot be met; the real catalog has none, so this is defensive.
  if (satisfied(inObject)) return { allowed: true };
  const missing = mode === 'any' ? [...requirement.permissions] : requirement.permissions.filter((p) => !inObject(p));
  if (objectDivisionId !== undefined && satisfied(anywhere)) {
    return { allowed: false, reason: 'division', mode, missing, divisionId: objectDivisionId };
  }
  return { allowed: false, reason: 'missing', mode, missing };
}
