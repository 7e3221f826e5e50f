/**
 * role: does the identity meet each call's whole requirement (the SDK's permission gate plus the
 * operation's own rules) through some role, in a division that covers the object? Explains every role it
 * evaluated, names the fewest permissions that would cover every call, and proposes the least-privilege
 * existing roles for them.
 */
import { requirementFor, type Clause, type RecordingContext } from '../../catalog/operation-rules';
import type { Operation } from '../../catalog/catalog';
import type { Role, RoleDivision } from '../../genesys/models';
import type { Facts } from '../facts';
import { minimalPermissionSet, proposeRoles, type RoleProposal } from '../least-privilege';
import {
  UNKNOWN_DIVISION,
  evaluateRequirement,
  roleMatch,
  type Grant,
  type OperationEvaluation,
  type OperationOutcome,
  type ResourceDivisions,
  type Withheld,
} from '../role-evaluation';
import { result, type CheckResult, type FixProposal } from '../verdict';
import { recordingContexts } from '../recording-context';
import { identityGrants } from './identity';

export interface RoleCheckContext {
  /** Every permission string of the catalog (to count what a role carries). */
  allPermissions: readonly string[];
}

/** The divisions of the object an operation acts on, as far as the facts tell. */
export function resourceDivisionsFor(template: string, facts: Facts): ResourceDivisions {
  if (!template.includes('{conversationId}') || !facts.interactionId) return { kind: 'any' };
  const conversation = facts.conversation;
  if (!conversation) return { kind: 'unreadable', reason: 'the conversation was not read' };
  if (conversation.ok) {
    const ids = (conversation.value.divisions ?? []).map((d) => d.division.id);
    return ids.length > 0
      ? { kind: 'known', ids }
      : { kind: 'unreadable', reason: 'the conversation did not list its divisions' };
  }
  // A conversation that does not exist has no division; the interaction check reports it. But when its
  // recordings could be read, it does exist: then its division is simply unknown.
  if (conversation.error?.status === 404 && !facts.recordings?.ok) return { kind: 'any' };
  return { kind: 'unreadable', reason: conversation.reason };
}

/** One call as judged: under each recording type it could be (one, unless the type could not be read). */
interface CallJudgement {
  operation: Operation;
  outcome: OperationOutcome;
  alternatives: Array<{ recording?: RecordingContext; evaluation: OperationEvaluation }>;
  divisions: ResourceDivisions;
  /**
   * No conversation was named and only grants limited to some divisions allow the call: a conversation
   * in another division is refused, so "allowed" holds only for some conversations.
   */
  divisionDependent: boolean;
}

function judge(
  op: Operation,
  facts: Facts,
  grants: Grant[],
  rolesById: Map<string, Role>,
  withheld: Withheld,
): CallJudgement {
  const divisions = resourceDivisionsFor(op.template, facts);
  const alternatives = recordingContexts(op, facts).map((recording) => ({
    recording,
    evaluation: evaluateRequirement(op, requirementFor(op, recording), grants, rolesById, divisions, withheld),
  }));
  const outcomes = new Set(alternatives.map((a) => a.evaluation.outcome));
  // Two readings that disagree leave the answer open.
  const outcome: OperationOutcome = outcomes.size === 1 ? [...outcomes][0]! : 'unknown';
  // Judged again for a conversation in none of the granted divisions: only `*` grants still cover it.
  const divisionDependent =
    outcome === 'allowed' &&
    op.template.includes('{conversationId}') &&
    !facts.interactionId &&
    alternatives.some(
      (a) =>
        evaluateRequirement(op, a.evaluation.requirement, grants, rolesById, { kind: 'known', ids: [] }, withheld)
          .outcome !== 'allowed',
    );
  return { operation: op, outcome, alternatives, divisions, divisionDependent };
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

const REFUSED: ReadonlySet<OperationOutcome> = new Set(['denied', 'wrong-division']);

export function roleCheck(facts: Facts, context: RoleCheckContext): CheckResult {
  const grants = identityGrants(facts);
  if (!grants.ok)
    return result('role', 'unknown', grants.summary ?? "Could not judge the identity's roles", [grants.reason]);
  if (!facts.roles.ok)
    return result('role', 'unknown', "Could not read the org's role definitions", [facts.roles.reason]);

  // A role whose policies did not come back is unreadable: what it grants is unknown, not nothing.
  const roles = facts.roles.value.filter((r) => r.permissionPolicies !== undefined);
  const rolesById = new Map<string, Role>(roles.map((r) => [r.id, r]));
  const unreadable = grants.value.filter((g) => !rolesById.has(g.roleId));
  const evidence: string[] = [];
  if (grants.value.length === 0) evidence.push('The identity holds no roles at all.');

  const withheld = withheldPermissions(facts);
  const judgements = facts.operations.map((op) => judge(op, facts, grants.value, rolesById, withheld));
  for (const judgement of judgements) evidence.push(...describeJudgement(judgement));
  for (const grant of unreadable)
    evidence.push(`Role ${grant.roleId} is granted but its definition could not be read.`);

  // What a fix must cover: the unmet clauses of refused or conditional calls (under the first reading).
  const needsFix = judgements.filter((j) => REFUSED.has(j.outcome) || j.outcome === 'conditional');
  const unmetOf = (j: CallJudgement) => j.alternatives.flatMap((a) => a.evaluation.unmet);
  const unmet = needsFix.flatMap(unmetOf);
  // A clause only withheld permissions meet can be met by no role (the licence lacks them): calls that need
  // one are not fixed by any grant, so roles are chosen for the other calls only, and labelled partial.
  const blocked = (c: Clause) => c.anyOf.every((p) => withheld.has(p));
  const unfixable = needsFix.filter((j) => unmetOf(j).some(blocked));
  const fixable = needsFix.filter((j) => !unfixable.includes(j));
  const proposal = proposeRoles(
    fixable.flatMap(unmetOf).map((c) => ({ ...c, anyOf: c.anyOf.filter((p) => !withheld.has(p)) })),
    roles,
    context.allPermissions,
  );
  const proposed = proposal.roles.map((c) => c.role);
  const toGrant = minimalPermissionSet(unmet, (p) => proposed.some((r) => roleMatch(r, p) === 'granted'));
  const notFixed = unfixable.map((j) => `${j.operation.method} ${j.operation.template}`);
  const fixes = grantFixes(facts, grants.value, proposal, toGrant, notFixed);
  const licenceLacks = [...new Set(unmet.filter(blocked).flatMap((c) => c.anyOf))];
  evidence.push(...licenceEvidence(licenceLacks, roles, notFixed, fixes.length));
  evidence.push(...proposalEvidence(facts, proposal, fixes));
  for (const fix of fixes)
    if (fix.kind === 'grant-role' && fix.fixer && fix.fixer.holds !== 'yes') evidence.push(fix.fixer.note);

  const outcomes = new Set(judgements.map((j) => j.outcome));
  const calls = judgements.length;
  let checkResult: CheckResult;
  if ([...outcomes].some((o) => REFUSED.has(o))) {
    const wrongDivisionOnly = !outcomes.has('denied');
    const headline =
      licenceLacks.length > 0
        ? licenceHeadline(licenceLacks, notFixed.length, calls, fixes.length > 0)
        : toGrant.length > 0
          ? grantHeadline(toGrant, calls)
          : 'Refused';
    const summary = wrongDivisionOnly
      ? `The roles are granted, but not in the division of the object: ${headline}`
      : headline;
    // A granted role we could not read may carry exactly what looks missing: refusing would be a guess.
    checkResult =
      unreadable.length > 0
        ? result(
            'role',
            'unknown',
            `Not granted by the readable roles (${toGrant.join(', ')}); ${unreadable.length} granted role(s) could not be read`,
            evidence,
            fixes,
          )
        : result('role', 'fail', summary, evidence, fixes);
  } else if (unreadable.length === 0 && judgements.some(dependsOnWhichRecording)) {
    checkResult = result(
      'role',
      'unknown',
      'The answer depends on which recording the integration updates: their states differ and need different permissions',
      evidence,
    );
  } else if (unreadable.length > 0 || outcomes.has('unknown')) {
    checkResult = result('role', 'unknown', 'Could not tell whether the roles cover every call', evidence);
  } else if (outcomes.has('conditional')) {
    checkResult = result(
      'role',
      'warn',
      'Granted only through conditional policies (resourceConditionNode): may be refused',
      evidence,
      fixes,
    );
  } else if (
    judgements.some((j) => j.divisionDependent) &&
    grants.value.some((g) => g.divisionId === UNKNOWN_DIVISION)
  ) {
    evidence.push(
      'No conversation was named and Genesys did not say in which division(s) the roles are granted (roleIds without roleDivisions).',
    );
    checkResult = result('role', 'unknown', 'Could not tell in which divisions the roles are granted', evidence);
  } else if (judgements.some((j) => j.divisionDependent)) {
    // A question about no particular conversation: answered for the divisions granted, and said so.
    const divisions = [
      ...new Set(grants.value.filter((g) => g.divisionId !== '*').map((g) => g.divisionName ?? g.divisionId)),
    ];
    evidence.push(
      `No conversation was named: the grants that allow these calls hold in division(s) ${divisions.join(', ')} only; a conversation in another division is refused. Name interaction=<conversationId> to check one.`,
    );
    checkResult = result(
      'role',
      'pass',
      `The roles carry every permission each call needs, for conversations in ${divisions.join(', ')}`,
      evidence,
    );
  } else {
    checkResult = result(
      'role',
      'pass',
      'The roles carry every permission each call needs (the SDK gate and the operation rules)',
      evidence,
    );
  }
  checkResult.missingPermissions = checkResult.status === 'fail' || checkResult.status === 'unknown' ? toGrant : [];
  return checkResult;
}

/**
 * The needed permissions Genesys does not list among the org's assignable permissions
 * (GET /api/v2/authorization/permissions, read by gather): the licence lacks them. Empty when the list was not
 * read or came back empty (an empty list says nothing about the licence).
 */
function withheldPermissions(facts: Facts): Withheld {
  const listed = facts.assignablePermissions;
  if (!listed?.ok || listed.value.length === 0) return new Set();
  const withheld = new Set(
    facts.operations.flatMap((op) =>
      recordingContexts(op, facts).flatMap((r) => requirementFor(op, r).clauses.flatMap((c) => c.anyOf)),
    ),
  );
  // One pass over the org's list (thousands of permissions) striking the few needed ones, rather than a Set
  // of the whole list per check: 200 orgs at once made that Set a visible share of the run (issue 26).
  for (const permission of listed.value) withheld.delete(permission);
  return withheld;
}

function listWords(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "The org's licence lacks X: no role can grant it; a licence or product is missing". */
function licenceHeadline(lacks: string[], unfixed: number, calls: number, partialFix: boolean): string {
  const it = lacks.length === 1 ? 'it' : 'them';
  const scope = unfixed === calls ? '' : ` (needed by ${unfixed} of ${calls} calls)`;
  return (
    `The org's licence lacks ${listWords(lacks)}${scope}: no role can grant ${it}; a licence or product is missing` +
    (partialFix ? '. A partial fix for the other calls is offered' : '')
  );
}

/** Why no role fixes a licence gap, quoting what decides it. */
function licenceEvidence(lacks: string[], roles: Role[], notFixed: string[], fixes: number): string[] {
  if (lacks.length === 0) return [];
  const carriers = roles.filter((r) => lacks.some((p) => roleMatch(r, p) !== 'none')).map((r) => `"${r.name}"`);
  return [
    `${listWords(lacks)}: Genesys does not list ${lacks.length === 1 ? 'it' : 'them'} among the org's assignable permissions (GET /api/v2/authorization/permissions), so the org's licence lacks ${lacks.length === 1 ? 'it' : 'them'} and no role grants ${lacks.length === 1 ? 'it' : 'them'}${carriers.length ? `, not even ${carriers.join(', ')}, which carr${carriers.length === 1 ? 'ies' : 'y'} ${lacks.length === 1 ? 'it' : 'them'}` : ''}. A Terraform provider maintainer: "the minimum licences for recording permissions are Digital Essentials I and Cloud CX 3" (whether that list follows the licence is unconfirmed by Genesys's documentation).`,
    `No grant fixes ${listWords(notFixed)}: the org needs the licence (or product) that carries ${listWords(lacks)}.`,
    ...(fixes > 0 ? ['The grant(s) below are partial: they fix only the other calls.'] : []),
  ];
}

/** "Grant recording:screenRecording:view and recording:screenRecording:editRetention: covers all 3 calls". */
function grantHeadline(permissions: string[], calls: number): string {
  const list =
    permissions.length <= 1
      ? permissions.join('')
      : `${permissions.slice(0, -1).join(', ')} and ${permissions[permissions.length - 1]}`;
  return `Grant ${list}: covers ${calls === 1 ? 'the call' : `all ${calls} calls`}`;
}

function describeJudgement(judgement: CallJudgement): string[] {
  const op = judgement.operation;
  const lines: string[] = [];
  for (const { recording, evaluation } of judgement.alternatives) {
    const clauses = evaluation.requirement.clauses;
    const needs =
      clauses.length === 0
        ? 'no permission'
        : clauses.map((c) => (c.anyOf.length === 1 ? c.anyOf[0] : `any of ${c.anyOf.join(', ')}`)).join('; and ');
    const reading = judgement.alternatives.length > 1 && recording ? ` [${recording.label}]` : '';
    lines.push(`${op.method} ${op.template}${reading} needs ${needs}: ${describeOutcome(evaluation)}.`);
    const rules = [...new Set(clauses.map((c) => c.because).filter((b) => !b.startsWith('SDK: "Requires')))];
    for (const rule of rules) lines.push(`  rule: ${rule}`);
    for (const assumption of evaluation.requirement.assumptions) lines.push(`  ${assumption}.`);
    for (const note of evaluation.requirement.notes) lines.push(`  note: ${note}`);
  }
  if (judgement.divisions.kind === 'unreadable')
    lines.push(
      `  The object's division could not be read (${judgement.divisions.reason}), so a grant limited to a division is not judged.`,
    );
  if (judgement.alternatives.length > 1 && judgement.outcome === 'unknown') lines.push(`  ${disagreement(judgement)}`);
  for (const explanation of judgement.alternatives[0]!.evaluation.explanations) lines.push(`  ${explanation.line}`);
  return lines;
}

/** Readings that disagree: by the recording's state (which one the integration updates) or its unread type. */
function disagreement(judgement: CallJudgement): string {
  const recordings = judgement.alternatives.map((a) => a.recording);
  const states = new Set(recordings.map((r) => r?.fileState));
  const medias = new Set(recordings.map((r) => r?.media));
  if (states.size > 1 && medias.size === 1 && recordings.every((r) => r && !r.label.includes('unfamiliar')))
    return 'The readings disagree: the answer depends on which recording the integration updates (their states differ; name it in op= to judge that one).';
  return "The readings disagree: the answer depends on the recording's type.";
}

/** True when a call's readings disagree only because the conversation's recordings are in different states. */
function dependsOnWhichRecording(judgement: CallJudgement): boolean {
  return (
    judgement.outcome === 'unknown' &&
    judgement.alternatives.length > 1 &&
    disagreement(judgement).includes('which recording')
  );
}

function describeOutcome(evaluation: OperationEvaluation): string {
  const missing = evaluation.clauses.filter((c) => c.standing === 'none').map((c) => c.clause.anyOf.join(' or '));
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
      return `refused, missing ${missing.join('; and ')}`;
  }
}

function currentRoleDivisions(grants: Grant[]): RoleDivision[] {
  return grants.map((g) => ({ roleId: g.roleId, divisionId: g.divisionId }));
}

function grantFixes(
  facts: Facts,
  grants: Grant[],
  proposal: RoleProposal,
  toGrant: string[],
  notFixed: string[],
): FixProposal[] {
  const identityId = facts.identity.kind === 'user' ? facts.identity.userId : facts.identity.clientId;
  const division = targetDivision(facts);
  if (!identityId || !division || proposal.roles.length === 0) return [];
  // What a PUT would start from: the client's own roleDivisions as Genesys returned them (not our reading of them).
  const before =
    facts.identity.kind === 'oauth-client' && facts.client?.ok
      ? (facts.client.value.roleDivisions ?? [])
      : currentRoleDivisions(grants);
  const fixes: FixProposal[] = [];
  for (const choice of proposal.roles) {
    if (before.some((rd) => rd.roleId === choice.role.id && rd.divisionId === division.id)) continue;
    const carries = toGrant.filter((p) => roleMatch(choice.role, p) === 'granted');
    const covered = [
      ...new Set(
        carries.length > 0
          ? carries
          : choice.covers.map((c: Clause) => c.anyOf.find((p) => roleMatch(choice.role, p) === 'granted')!),
      ),
    ];
    fixes.push({
      kind: 'grant-role',
      target: { kind: facts.identity.kind, id: identityId },
      roleId: choice.role.id,
      roleName: choice.role.name,
      divisionId: division.id,
      divisionName: division.name,
      permission: covered.join(', '),
      extraPermissions: Math.max(0, choice.carried - covered.length),
      before,
      after: [...before, { roleId: choice.role.id, divisionId: division.id }],
      ...(notFixed.length > 0 ? { partial: { notFixed } } : {}),
      ...fixerHolding(facts, choice.role, division),
    });
  }
  return fixes;
}

/** The Genesys Terraform provider's text for an OAuth client's `roles` (the pack's rule for who may hand out a role). */
export const FIXER_HOLDS_QUOTE =
  'the Genesys Terraform provider documents for an OAuth client\'s roles: "The roles must also already be assigned to the OAuth Client used by Terraform"';

/**
 * Can sr-check's fixer hand out `role` in `division`? Only a grant to an OAuth client is judged (the rule is
 * written for OAuth clients), and only when a fixer is configured. Whether the fixer's own grant must cover the
 * same division is not documented: held only elsewhere is said to be unconfirmed.
 */
function fixerHolding(
  facts: Facts,
  role: Role,
  division: { id: string; name?: string },
): Pick<Extract<FixProposal, { kind: 'grant-role' }>, 'fixer'> {
  if (facts.identity.kind !== 'oauth-client' || !facts.fixerClientId) return {};
  const fixer = facts.fixerClient;
  const who = `sr-check's fixer (OAuth client ${facts.fixerClientId})`;
  if (!fixer) return {};
  if (!fixer.ok)
    return {
      fixer: {
        holds: 'unknown',
        note: `Could not read the roles of ${who} (${fixer.reason}): whether it can hand out role "${role.name}" is unknown; ${FIXER_HOLDS_QUOTE}.`,
      },
    };
  const held = (fixer.value.roleDivisions ?? []).filter((rd) => rd.roleId === role.id);
  if (held.some((rd) => rd.divisionId === '*' || rd.divisionId === division.id))
    return { fixer: { holds: 'yes', note: `${who} holds role "${role.name}" itself, so it can hand it out.` } };
  if (held.length > 0)
    return {
      fixer: {
        holds: 'other-division',
        note: `${who} holds role "${role.name}" only in division(s) ${held.map((rd) => rd.divisionId).join(', ')}, not ${division.name ?? division.id}; whether that is enough to hand it out in ${division.name ?? division.id} is not documented (unconfirmed).`,
      },
    };
  return {
    fixer: {
      holds: 'no',
      note: `${who} does not hold role "${role.name}", so it cannot hand it out: ${FIXER_HOLDS_QUOTE}. Give the fixer client role "${role.name}" first, or have an admin make this grant in Genesys.`,
    },
  };
}

/** Why the proposal is what it is: several roles together, admin-only permissions, and what no role carries. */
function proposalEvidence(facts: Facts, proposal: RoleProposal, fixes: FixProposal[]): string[] {
  const lines: string[] = [];
  if (proposal.roles.length > 1) {
    lines.push(
      `The least-privilege cover is ${proposal.roles.length} roles: grant ${proposal.roles.map((c) => `"${c.role.name}"`).join(' and ')} together (each covers part).`,
    );
  }
  for (const clause of proposal.adminOnly) {
    lines.push(
      `Only roles with administration permissions (authorization, oauth or directory edits) carry ${clause.anyOf.join(' or ')}: sr-check does not propose them; an admin must create a narrower role.`,
    );
  }
  for (const clause of proposal.uncovered) lines.push(uncoveredLine(facts, clause));
  if (proposal.roles.length > 0 && fixes.length === 0) {
    const identityId = facts.identity.kind === 'user' ? facts.identity.userId : facts.identity.clientId;
    if (!identityId) lines.push('No grant proposed: the identity has no id.');
    else if (!targetDivision(facts))
      lines.push("No grant proposed: neither the conversation's division nor the home division could be read.");
    else lines.push('No grant proposed: the identity already holds the proposed role(s) in the target division.');
  }
  return lines;
}

/** A permission no role carries: missing role, or (when Genesys does not list it as assignable) the licence. */
function uncoveredLine(facts: Facts, clause: Clause): string {
  const names = clause.anyOf.join(' or ');
  const assignable = facts.assignablePermissions;
  if (assignable?.ok) {
    const listed = new Set(assignable.value);
    if (clause.anyOf.every((p) => !listed.has(p))) {
      return (
        `No role in the org carries ${names}, and Genesys does not list it among the org's assignable permissions ` +
        '(GET /api/v2/authorization/permissions): the org\'s licence may lack it (a Terraform provider maintainer: "the minimum ' +
        'licences for recording permissions are Digital Essentials I and Cloud CX 3"; whether that list follows the licence is unconfirmed).'
      );
    }
  }
  const suffix =
    assignable && !assignable.ok ? ` (whether the licence allows it could not be read: ${assignable.reason})` : '';
  return `No existing role carries ${names}: an admin must create a role with it${suffix}.`;
}

/**
 * What the role check predicts for one call: `allowed`, `refused`, or undefined when it cannot tell
 * (unreadable roles or divisions, conditional grants, a user-context app without its user).
 */
export function predictCall(facts: Facts, operation: Operation): 'allowed' | 'refused' | undefined {
  const grants = identityGrants(facts);
  if (!grants.ok || !facts.roles.ok) return undefined;
  const roles = facts.roles.value.filter((r) => r.permissionPolicies !== undefined);
  const rolesById = new Map<string, Role>(roles.map((r) => [r.id, r]));
  if (grants.value.some((g) => !rolesById.has(g.roleId))) return undefined;
  const { outcome } = judge(operation, facts, grants.value, rolesById, withheldPermissions(facts));
  return outcome === 'allowed' ? 'allowed' : REFUSED.has(outcome) ? 'refused' : undefined;
}
