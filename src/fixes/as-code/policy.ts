/**
 * What an org managed as code (`managedAs: terraform`) allows. A role grant or a scope made live is drift there:
 * the provider manages a client's roles (and a user's in genesyscloud_user_roles) as a set, so the next
 * `terraform apply` removes it (facts pack, "Orgs managed as code"). Such an org gets the Terraform change; the live
 * buttons only when it also says `liveFixes: true`, and then every live change is reminded to land in code. A token
 * refresh changes no configuration, so it stays live everywhere.
 */
import type { OrgConfig } from '../../config/types';
import type { FixProposal } from '../../diagnosis/verdict';

export type AsCodeOrg = Pick<OrgConfig, 'managedAs' | 'liveFixes'>;

export function managedAsCode(org: AsCodeOrg | undefined): boolean {
  return org?.managedAs === 'terraform';
}

/** Fix kinds that are configuration in Terraform (and so drift when made live). */
export function isConfigurationFix(fix: Pick<FixProposal, 'kind'>): boolean {
  return fix.kind === 'grant-role' || fix.kind === 'add-scope';
}

/** Whether this fix may be applied live in this org (approval still required). */
export function liveFixAllowed(org: AsCodeOrg | undefined, fix: Pick<FixProposal, 'kind'>): boolean {
  return !managedAsCode(org) || org?.liveFixes === true || !isConfigurationFix(fix);
}

/** Why a live fix is refused in an org managed as code (plain text). */
export const LIVE_FIX_REFUSED =
  'This org is managed as code (managedAs: terraform): a role or scope changed live is removed by the next terraform apply. ' +
  'Use the verdict\'s "Terraform change" button (or sr-check --as-code) and apply it through your Terraform pipeline; ' +
  'to allow live fixes as well, set liveFixes: true for the org.';

/** What the approval message and its outcome say in such an org (plain text; the change itself follows it). */
export const MUST_LAND_IN_CODE =
  'This org is managed as code: also add this change to the Terraform configuration, or the next terraform apply removes it.';
