/** The Terraform change for a verdict: the fixes it offers (those of checks that did not pass), named as the verdict names its identity. */
import type { Verdict } from '../../diagnosis/verdict';
import { terraformChange, type TerraformChange } from './terraform-change';

export function verdictTerraformChange(verdict: Verdict): TerraformChange | undefined {
  const fixes = verdict.checks.filter((c) => c.status !== 'pass').flatMap((c) => c.fixes);
  const { id, name } = verdict.identity;
  return terraformChange(fixes, name ? { targets: { [id]: name } } : {});
}
