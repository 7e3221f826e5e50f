/**
 * `sr-check … --as-code` (and every check of an org with `managedAs: terraform`): after the verdict, its fix as the
 * Terraform change to make (src/fixes/as-code/), with ids and with lookups by name. With --json the same goes into
 * the verdict JSON as `terraformChange`.
 */
import type { TerraformChange } from '../fixes/as-code/terraform-change';
import { terminalSafe } from '../render/terminal';

export function renderTerraformText(org: string, change: TerraformChange | undefined, asked: boolean): string {
  if (!change)
    return asked
      ? 'Terraform change: none (this verdict proposes no role grant or scope, the only fixes with a Terraform form).\n'
      : '';
  const safe = (text: string) =>
    text
      .split('\n')
      .map((line) => terminalSafe(line))
      .join('\n');
  const lines = [
    `Terraform change for ${terminalSafe(org)} (a role or scope granted live is removed by the next terraform apply):`,
    ...change.notes.map((note) => `  • ${terminalSafe(note)}`),
    ...change.notAsCode.map((note) => `  • ${terminalSafe(note)}`),
    '',
    '# ---- with ids (role and division names as comments) ----',
    safe(change.byId).trimEnd(),
    '',
    '# ---- or with lookups by name ----',
    safe(change.byName).trimEnd(),
  ];
  return `${lines.join('\n')}\n`;
}
