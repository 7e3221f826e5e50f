/**
 * Orgs managed as code in Slack: the verdict's "Terraform change" button, the modal it opens (the change with ids,
 * then with lookups by name, each as code blocks split to Slack's 3,000-character section limit), and the lines
 * an approval message and its outcome add ("also land it in code", with the block). The HCL comes from
 * src/fixes/as-code/; here it is only escaped and laid out. Role and division names are Genesys text: escaped.
 */
import type { types } from '@slack/bolt';
import * as z from 'zod';
import type { FixProposal } from '../../diagnosis/verdict';
import { MUST_LAND_IN_CODE } from '../../fixes/as-code/policy';
import type { TerraformChange } from '../../fixes/as-code/terraform-change';
import { REQUEST_ID } from '../button-values';
import { BLOCK_LIMITS } from './limits';
import { fitMarkup, mrkdwn, plainText, safeText } from './text';

type Block = types.KnownBlock;

/** Slack's limits for a modal (reference §4; the same as verdict-details.ts, which imports the verdict renderer). */
const MODAL_LIMITS = { blocks: 100, titleText: 24 } as const;

export const TERRAFORM_ACTION_ID = 'verdict:terraform';
export const TERRAFORM_BUTTON_TEXT = 'Terraform change';

/** The button carries the stored request and the indexes of the fixes the verdict offers (all of them kinds with a Terraform form). */
export const TerraformValueSchema = z.strictObject({
  r: z.string().regex(REQUEST_ID),
  f: z.array(z.number().int().min(0).max(999)).min(1).max(25),
});
export type TerraformValue = z.infer<typeof TerraformValueSchema>;

export function terraformButton(requestId: string, fixIndexes: number[], primary: boolean): types.Button {
  return {
    type: 'button',
    action_id: TERRAFORM_ACTION_ID,
    text: plainText(TERRAFORM_BUTTON_TEXT, BLOCK_LIMITS.buttonText),
    value: JSON.stringify({ r: requestId, f: fixIndexes.slice(0, 25) } satisfies TerraformValue),
    accessibility_label: 'Show the fix as the change to make in the Terraform configuration',
    ...(primary ? { style: 'primary' as const } : {}),
  };
}

/** HCL as code-block sections: lines escaped one by one, packed whole into sections within the limit. */
export function codeSections(hcl: string, limit: number = BLOCK_LIMITS.sectionText): string[] {
  const fence = '```';
  const room = limit - 2 * fence.length - 2;
  const sections: string[] = [];
  let current: string[] = [];
  let size = 0;
  for (const raw of hcl.replace(/\n+$/, '').split('\n')) {
    const line = fitMarkup(safeText(raw), room);
    if (current.length > 0 && size + line.length + 1 > room) {
      sections.push(`${fence}\n${current.join('\n')}\n${fence}`);
      current = [];
      size = 0;
    }
    current.push(line);
    size += line.length + 1;
  }
  if (current.length > 0) sections.push(`${fence}\n${current.join('\n')}\n${fence}`);
  return sections;
}

const section = (markup: string): Block => ({
  type: 'section',
  text: mrkdwn(fitMarkup(markup, BLOCK_LIMITS.sectionText)),
});

/** The modal the button opens (views.open). Stays within 100 blocks and every text limit. */
export function renderTerraformModal(org: string, change: TerraformChange): types.ModalView {
  const blocks: Block[] = [
    section(
      `*${safeText(org)}* is managed as code: add this to the Terraform configuration and apply it there. ` +
        'A role or scope granted live is removed by the next `terraform apply`.',
    ),
  ];
  if (change.notes.length > 0) blocks.push(section(change.notes.map((n) => `• ${safeText(n)}`).join('\n')));
  blocks.push({ type: 'divider' }, section('*With ids* (role and division names as comments):'));
  blocks.push(...codeSections(change.byId).map(section));
  blocks.push(
    { type: 'divider' },
    section('*Or with lookups by name* (`data "genesyscloud_auth_role"` / `data "genesyscloud_auth_division"`):'),
  );
  blocks.push(...codeSections(change.byName).map(section));
  if (change.notAsCode.length > 0) blocks.push(section(change.notAsCode.map((n) => `• ${safeText(n)}`).join('\n')));
  const fitted =
    blocks.length > MODAL_LIMITS.blocks
      ? [
          ...blocks.slice(0, MODAL_LIMITS.blocks - 1),
          section('…and more: run `sr-check --as-code` for the whole change.'),
        ]
      : blocks;
  return {
    type: 'modal',
    title: plainText('Terraform change', MODAL_LIMITS.titleText),
    close: plainText('Close', MODAL_LIMITS.titleText),
    blocks: fitted,
  };
}

/**
 * The section an approval message (and its outcome) adds in an org managed as code that allows live fixes: the
 * change must also land in code, with the block (ids form). Undefined for fixes without a Terraform form.
 */
export function mustLandInCodeBlocks(change: TerraformChange | undefined): Block[] {
  if (!change) return [];
  const [first, ...rest] = codeSections(change.byId, BLOCK_LIMITS.sectionText - 200);
  return [
    section(`:warning: *${safeText(MUST_LAND_IN_CODE)}*\n${first ?? ''}`),
    // Long changes continue in sections of their own (a message holds 50 blocks; an approval message keeps room).
    ...rest.slice(0, 3).map(section),
  ];
}

/** The fixes a Terraform button's value names, from the stored verdict (undefined when any index is stale). */
export function pickFixes(fixes: readonly FixProposal[], indexes: readonly number[]): FixProposal[] | undefined {
  const picked = indexes.map((i) => fixes[i]);
  return picked.every((f): f is FixProposal => f !== undefined) ? picked : undefined;
}
