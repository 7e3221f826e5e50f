/**
 * The Terraform change for an approved fix plan, in an org managed as code that also allows live fixes: what the
 * approval message and its outcome show, so the next terraform apply keeps the change (see policy.ts).
 */
import type { OrgConfig } from '../../config/types';
import type { FixProposal } from '../../diagnosis/verdict';
import type { FixPlan } from '../plan';
import { managedAsCode, type AsCodeOrg } from './policy';
import { terraformChange, type TerraformChange } from './terraform-change';

export function planAsFix(plan: FixPlan): FixProposal | undefined {
  switch (plan.kind) {
    case 'grant-role':
      return {
        kind: 'grant-role',
        target: plan.target,
        roleId: plan.roleId,
        roleName: plan.roleName,
        divisionId: plan.divisionId,
        ...(plan.divisionName ? { divisionName: plan.divisionName } : {}),
        permission: plan.permission ?? '',
        extraPermissions: 0,
        before: plan.before,
        after: plan.after,
      };
    case 'add-scope':
      return { kind: 'add-scope', target: plan.target, scope: plan.scope, before: plan.before, after: plan.after };
    case 'refresh-credentials':
      return undefined;
  }
}

/** The change to land in code for this plan; undefined when the org is not managed as code or the fix is no configuration. */
export function codeChangeForPlan(
  org: (AsCodeOrg & Pick<OrgConfig, 'name'>) | undefined,
  plan: FixPlan,
): TerraformChange | undefined {
  if (!managedAsCode(org)) return undefined;
  const fix = planAsFix(plan);
  if (!fix) return undefined;
  return terraformChange([fix], {
    ...(plan.targetName ? { targets: { [plan.target.id]: plan.targetName } } : {}),
    ...(plan.kind === 'grant-role' && plan.names ? { roles: plan.names.roles, divisions: plan.names.divisions } : {}),
  });
}
