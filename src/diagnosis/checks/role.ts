/**
 * role: does the identity hold each operation's permissions through some role, in the right division?
 * Explains every role it evaluated and proposes the least-privilege existing role for what is missing.
 */
import type { Role, RoleDivision } from '../../genesys/models';
import type { Facts } from '../facts';
import {
  evaluateOperation,
  leastPrivilegeRole,
  type Grant,
  type OperationEvaluation,
  type ResourceDivisions,
} from '../role-evaluation';
import { result, type CheckResult, type FixProposal } from '../verdict';
import { identityGrants } from './identity';

export interface RoleCheckContext {
  /** Every permission string of the catalog (to count what a role carries). */
  allPermissions: string[];
}

/** The divisions of the object an operation acts on, as far as the facts tell. */
export function resourceDivisionsFor(template: string, facts: Facts): ResourceDivisions {
  if (!template.includes('{conversationId}') || !facts.interactionId) return { kind: 'any' };
  const conversation = facts.conversation;
  if (!conversation) return { kind: 'unreadable', reason: 'the conversation was not read' };
  if (conversation.ok) {
    const ids = (conversation.value.divisions ?? []).map((d) => d.division.id);
    return ids.length > 0 ? { kind: 'known', ids } : { kind: 'unreadable', reason: 'the conversation did not list its divisions' };
  }
  // A conversation that does not exist has no division; the interaction check reports it.
  if (conversation.error?.status === 404) return { kind: 'any' };
  return { kind: 'unreadable', reason: conversation.reason };
}

function targetDivision(facts: Facts): { id: string; name?: string } | undefined {
  const conversation = facts.conversation;
  if (conversation?.ok) {
    const first = conversation.value.divisions?.[0]?.division;
    if (first) return { id: first.id, name: first.name };
  }
  if (facts.homeDivision?.ok) return { id: facts.homeDivision.value.id, name: facts.homeDivision.value.name };
  return undefined;
}

function currentRoleDivisions(grants: Grant[]): RoleDivision[] {
  return grants.map((g) => ({ roleId: g.roleId, divisionId: g.divisionId }));
}

export function roleCheck(facts: Facts, context: RoleCheckContext): CheckResult {
  const grants = identityGrants(facts);
  if (!grants.ok) return result('role', 'unknown', 'Could not read the identity\'s roles', [grants.reason]);
  if (!facts.roles.ok) return result('role', 'unknown', 'Could not read the org\'s role definitions', [facts.roles.reason]);

  // A role whose policies did not come back is unreadable: what it grants is unknown, not nothing.
  const roles = facts.roles.value.filter((r) => r.permissionPolicies !== undefined);
  const rolesById = new Map<string, Role>(roles.map((r) => [r.id, r]));
  const unreadable = grants.value.filter((g) => !rolesById.has(g.roleId));
  const evidence: string[] = [];
  if (grants.value.length === 0) evidence.push('The identity holds no roles at all.');

  const evaluations: OperationEvaluation[] = facts.operations.map((op) =>
    evaluateOperation(op, grants.value, rolesById, resourceDivisionsFor(op.template, facts)),
  );
  for (const evaluation of evaluations) {
    const op = evaluation.operation;
    const needs = op.mode === 'none' ? 'no permission' : `${op.mode === 'all' ? 'all of' : 'any of'} ${op.permissions.join(', ')}`;
    evidence.push(`${op.method} ${op.template} needs ${needs}: ${describeOutcome(evaluation)}.`);
    for (const explanation of evaluation.explanations) evidence.push(`  ${explanation.line}`);
  }
  for (const grant of unreadable) evidence.push(`Role ${grant.roleId} is granted but its definition could not be read.`);

  const fixes = proposeGrants(facts, evaluations, grants.value, roles, context);
  const missingPermissions = [...new Set(evaluations.flatMap((e) => (e.outcome === 'denied' || e.outcome === 'wrong-division' ? e.missing : [])))];
  const outcomes = new Set(evaluations.map((e) => e.outcome));

  let checkResult: CheckResult;
  if (outcomes.has('denied') || outcomes.has('wrong-division')) {
    const wrongDivisionOnly = !outcomes.has('denied');
    const missingList = `${missingPermissions.slice(0, 3).join(', ')}${missingPermissions.length > 3 ? ', …' : ''}`;
    const summary = wrongDivisionOnly ? 'The role is granted, but not in the division of the object' : missingSummary(missingPermissions, fixes);
    if (fixes.length === 0) evidence.push(noFixReason(facts, evaluations, roles, context));
    // A granted role we could not read may carry exactly what looks missing: refusing would be a guess.
    checkResult =
      unreadable.length > 0
        ? result('role', 'unknown', `Not granted by the readable roles (${missingList}); ${unreadable.length} granted role(s) could not be read`, evidence, fixes)
        : result('role', 'fail', summary, evidence, fixes);
  } else if (unreadable.length > 0 || outcomes.has('unknown')) {
    checkResult = result('role', 'unknown', 'Could not tell whether the roles cover every operation', evidence);
  } else if (outcomes.has('conditional')) {
    checkResult = result('role', 'warn', 'Granted only through conditional policies: may be refused', evidence);
  } else {
    checkResult = result('role', 'pass', 'The roles carry every permission needed', evidence);
  }
  checkResult.missingPermissions = missingPermissions;
  return checkResult;
}

/** Why no grant is proposed: only say "no role carries it" when that is what we found. */
function noFixReason(facts: Facts, evaluations: OperationEvaluation[], roles: Role[], context: RoleCheckContext): string {
  const someRoleCarries = evaluations.some(
    (e) => (e.outcome === 'denied' || e.outcome === 'wrong-division') && leastPrivilegeRole(e.operation, e.missing, roles, context.allPermissions),
  );
  if (!someRoleCarries) return 'No existing role carries the missing permission: an admin must create one.';
  if (!(facts.identity.kind === 'user' ? facts.identity.userId : facts.identity.clientId)) return 'No grant proposed: the identity has no id.';
  if (!targetDivision(facts)) return 'No grant proposed: neither the conversation\'s division nor the home division could be read.';
  return 'No grant proposed: the identity already holds the carrying role in the target division.';
}

function describeOutcome(evaluation: OperationEvaluation): string {
  switch (evaluation.outcome) {
    case 'allowed':
      return 'granted';
    case 'conditional':
      return 'granted only under conditions';
    case 'unknown':
      return "granted in some division, but the object's division could not be read";
    case 'wrong-division':
      return "granted only in other divisions than the object's";
    case 'denied':
      return evaluation.operation.mode === 'all' ? `refused, missing ${evaluation.missing.join(' and ')}` : 'refused, the identity holds none of them';
  }
}

/** Name the permission to add: the one the proposed role carries, else the first missing one. */
function missingSummary(missing: string[], fixes: FixProposal[]): string {
  const proposed = fixes.find((f) => f.kind === 'grant-role');
  const primary = proposed?.kind === 'grant-role' ? proposed.permission.split(', ')[0]! : missing[0]!;
  const others = missing.filter((p) => p !== primary).length;
  return others > 0 ? `Missing permission ${primary} (or one of ${others} others these calls accept)` : `Missing permission ${primary}`;
}

function proposeGrants(
  facts: Facts,
  evaluations: OperationEvaluation[],
  grants: Grant[],
  roles: Role[],
  context: RoleCheckContext,
): FixProposal[] {
  const identityId = facts.identity.kind === 'user' ? facts.identity.userId : facts.identity.clientId;
  const division = targetDivision(facts);
  if (!identityId || !division) return [];
  // What a PUT would start from: the client's own roleDivisions as Genesys returned them (not our reading of them).
  const before = facts.identity.kind === 'oauth-client' && facts.client?.ok ? (facts.client.value.roleDivisions ?? []) : currentRoleDivisions(grants);
  const fixes = new Map<string, FixProposal>();
  for (const evaluation of evaluations) {
    if (evaluation.outcome !== 'denied' && evaluation.outcome !== 'wrong-division') continue;
    const candidate = leastPrivilegeRole(evaluation.operation, evaluation.missing, roles, context.allPermissions);
    if (!candidate) continue;
    const key = `${candidate.role.id}/${division.id}`;
    if (fixes.has(key) || before.some((rd) => rd.roleId === candidate.role.id && rd.divisionId === division.id)) continue;
    fixes.set(key, {
      kind: 'grant-role',
      target: { kind: facts.identity.kind, id: identityId },
      roleId: candidate.role.id,
      roleName: candidate.role.name,
      divisionId: division.id,
      divisionName: division.name,
      permission: candidate.permission,
      extraPermissions: candidate.extraPermissions,
      before,
      after: [...before, { roleId: candidate.role.id, divisionId: division.id }],
    });
  }
  return [...fixes.values()];
}
