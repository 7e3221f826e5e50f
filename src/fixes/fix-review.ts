/**
 * The server-side review of a fix request, before it is planned, whatever the button value asked for
 * (forged, stale, or from a verdict made before these limits): only fixes for the org's configured operations
 * (diagnosis/fixable-operations.ts), never a role with administration permissions (read from Genesys now, not
 * taken from the request), never an administration scope. What it reads also goes into the plan, so approvers
 * see every permission the grant adds and role and division names, not ids.
 */
import type { Catalog } from '../catalog/catalog';
import { loadCatalog } from '../catalog/catalog';
import type { OrgConfig } from '../config/types';
import { isFixableRequest } from '../diagnosis/fixable-operations';
import { isAdministrationRole } from '../diagnosis/least-privilege';
import type { CheckRequest } from '../request/grammar';
import { isConditional } from '../diagnosis/role-evaluation';
import type { FixProposal } from '../diagnosis/verdict';
import type { GenesysApi } from '../genesys/api';
import type { Role } from '../genesys/models';
import { describeError } from '../genesys/result';

/** What the review read for the plan (grants only). */
export interface PlanContext {
  /** The role's name as Genesys has it now. */
  roleName?: string;
  /** Every permission the role carries (`domain:entity:action`, wildcards as written, conditional ones marked). */
  permissions?: string[];
  /** Names of the roles and divisions the plan mentions, where known. */
  names?: { roles: Record<string, string>; divisions: Record<string, string> };
}

export type FixReview =
  | { ok: true; context: PlanContext }
  | { ok: false; code: 'unsupported' | 'unreadable'; message: string };

/** Scopes that administer access (roles, OAuth clients, the directory); their `:readonly` twins are fine. */
const ADMIN_SCOPES = new Set(['authorization', 'oauth', 'users']);

export const ALL_DIVISIONS_NAME = 'all divisions';

/**
 * Every permission a role carries, one string per action: its policies, and its `permissions` strings that no
 * policy already lists (GET /api/v2/authorization/roles/{roleId} returns both).
 */
export function rolePermissionList(role: Role): string[] {
  const list = new Set<string>();
  for (const policy of role.permissionPolicies ?? []) {
    for (const action of policy.actionSet)
      list.add(`${policy.domain}:${policy.entityName}:${action}${isConditional(policy) ? ' (conditional)' : ''}`);
  }
  for (const permission of role.permissions ?? []) if (!list.has(`${permission} (conditional)`)) list.add(permission);
  return [...list].sort();
}

function adminPermissions(role: Role): string {
  return listed(
    rolePermissionList(role).filter((p) =>
      isAdministrationRole({ id: role.id, name: role.name, permissionPolicies: [policyOf(p)] }),
    ),
  );
}

function listed(permissions: string[]): string {
  return permissions.slice(0, 6).join(', ') + (permissions.length > 6 ? ` and ${permissions.length - 6} more` : '');
}

function policyOf(permission: string): NonNullable<Role['permissionPolicies']>[number] {
  const [domain = '', entityName = '', action = ''] = permission.split(' ')[0]!.split(':');
  return { domain, entityName, actionSet: [action] } as NonNullable<Role['permissionPolicies']>[number];
}

export async function reviewFix(
  org: OrgConfig,
  fix: FixProposal,
  check: CheckRequest,
  reader: GenesysApi,
  catalog: Catalog = loadCatalog(),
): Promise<FixReview> {
  const fixable = isFixableRequest(check, org, catalog);
  if (!fixable.ok) return { ok: false, code: 'unsupported', message: fixable.message };

  if (fix.kind === 'add-scope') {
    if (ADMIN_SCOPES.has(fix.scope)) {
      return {
        ok: false,
        code: 'unsupported',
        message: `The "${fix.scope}" scope administers access; sr-check never adds it. An admin can, in Genesys, if it is really needed.`,
      };
    }
    return { ok: true, context: {} };
  }
  if (fix.kind !== 'grant-role') return { ok: true, context: {} };

  const read = await reader.getRole(fix.roleId, { fresh: true });
  if (!read.ok || read.value.permissionPolicies === undefined) {
    const why = read.ok ? 'Genesys did not return its permissions' : describeError(read.error);
    return {
      ok: false,
      code: 'unreadable',
      message: `Could not read role ${fix.roleId} to see every permission it would grant (${why}); nothing was requested.`,
    };
  }
  const role = read.value;
  if (isAdministrationRole(role)) {
    return {
      ok: false,
      code: 'unsupported',
      message: `Role "${role.name}" carries administration permissions (${adminPermissions(role)}): sr-check never grants such a role. An admin can, in Genesys, if it is really needed.`,
    };
  }
  const lacking = await fixerLacksRole(org, fix, role, reader);
  if (lacking) return lacking;
  return {
    ok: true,
    context: { roleName: role.name, permissions: rolePermissionList(role), names: await namesFor(fix, role, reader) },
  };
}

/**
 * A client can only hand out roles it holds: the Genesys Terraform provider documents for an OAuth client's
 * `roles`: "The roles must also already be assigned to the OAuth Client used by Terraform" (the client making the
 * change; sr-check's fixer plays that part). Read fresh, so a role given to the fixer since the check counts.
 * Which division the fixer's own grant must be in is not documented: any division is accepted here.
 */
async function fixerLacksRole(
  org: OrgConfig,
  fix: Extract<FixProposal, { kind: 'grant-role' }>,
  role: Role,
  reader: GenesysApi,
): Promise<FixReview | undefined> {
  if (fix.target.kind !== 'oauth-client' || !org.fixer) return undefined;
  const fixer = await reader.getOAuthClient(org.fixer.clientId, { fresh: true });
  if (!fixer.ok)
    return {
      ok: false,
      code: 'unreadable',
      message: `Could not read sr-check's fixer client ${org.fixer.clientId} to see whether it holds role "${role.name}" (${describeError(fixer.error)}); nothing was requested.`,
    };
  if ((fixer.value.roleDivisions ?? []).some((rd) => rd.roleId === role.id)) return undefined;
  return {
    ok: false,
    code: 'unsupported',
    message:
      `sr-check's fixer client ${org.fixer.clientId} does not hold role "${role.name}", so it cannot hand it out: the Genesys Terraform ` +
      'provider documents for an OAuth client\'s roles: "The roles must also already be assigned to the OAuth Client used by Terraform". ' +
      `Give the fixer client role "${role.name}" first, or have an admin make this grant in Genesys. Nothing was requested.`,
  };
}

/**
 * Right before a grant is applied (fixes/executor.ts), the role is read again: someone may have edited it in
 * Genesys since the request. Answers why it must not be granted now, or undefined when it is still the role the
 * approver was shown. `shown` is the plan's permissionsAdded; a request made before that was recorded has none,
 * and then only the administration test applies.
 */
export async function roleChangedSinceRequest(
  reader: GenesysApi,
  roleId: string,
  shown: string[] | undefined,
): Promise<string | undefined> {
  const read = await reader.getRole(roleId, { fresh: true });
  if (!read.ok) return `could not confirm the role's permissions: ${describeError(read.error)}`;
  const role = read.value;
  if (role.permissionPolicies === undefined)
    return "could not confirm the role's permissions: Genesys did not return them";
  const changed = 'the role changed since the request';
  if (isAdministrationRole(role))
    return `${changed}: it now carries administration permissions (${adminPermissions(role)}), not shown to the approver; sr-check never grants such a role`;
  if (shown === undefined) return undefined;
  const now = rolePermissionList(role);
  const added = now.filter((p) => !shown.includes(p));
  const removed = shown.filter((p) => !now.includes(p));
  if (added.length === 0 && removed.length === 0) return undefined;
  const what = [
    ...(added.length > 0 ? [`it now carries ${listed(added)} (not shown to the approver)`] : []),
    ...(removed.length > 0 ? [`it no longer carries ${listed(removed)}`] : []),
  ];
  return `${changed}: ${what.join('; ')}; request the fix again`;
}

/** Division names read for one approval message at most (each is one GET; more are left as ids). */
const MAX_DIVISION_READS = 25;

/**
 * Names of the roles and divisions in the grant and in before → after: roles from the org's list, each division
 * as Genesys names it (GET /api/v2/authorization/divisions/{divisionId}); a division that cannot be read keeps
 * the name the home-division read or the proposal gave, or none (never a made-up one).
 */
async function namesFor(fix: Extract<FixProposal, { kind: 'grant-role' }>, role: Role, reader: GenesysApi) {
  const pairs = [...fix.before, ...fix.after, { roleId: fix.roleId, divisionId: fix.divisionId }];
  const wanted = new Set(pairs.map((p) => p.roleId));
  const roles: Record<string, string> = { [role.id]: role.name };
  const listed = await reader.listRoles();
  if (listed.ok) for (const r of listed.value) if (wanted.has(r.id)) roles[r.id] = r.name;
  const divisions: Record<string, string> = {};
  if (pairs.some((p) => p.divisionId === '*')) divisions['*'] = ALL_DIVISIONS_NAME;
  if (fix.divisionName) divisions[fix.divisionId] = fix.divisionName;
  const home = await reader.getHomeDivision();
  if (home.ok && home.value.name && pairs.some((p) => p.divisionId === home.value.id))
    divisions[home.value.id] = home.value.name;
  const ids = [...new Set(pairs.map((p) => p.divisionId))].filter((id) => id !== '*').slice(0, MAX_DIVISION_READS);
  const read = await Promise.all(ids.map(async (id) => ({ id, answer: await reader.getDivision(id) })));
  for (const { id, answer } of read) if (answer.ok && answer.value.name) divisions[id] = answer.value.name;
  return { roles, divisions };
}
