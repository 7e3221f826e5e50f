/**
 * The verdict's full evidence, behind its "Details" button: kept (cut to what a modal can show) with the
 * stored request the button names, and rendered as a modal (views.open). Here, and only here, the ids
 * appear: the identity's, the operations', the missing permissions and every evidence line.
 */
import type { types } from '@slack/bolt';
import * as z from 'zod';
import { CHECK_IDS, CHECK_STATUSES, type Verdict } from '../../diagnosis/verdict';
import { STATUS_WORD } from '../../render/describe';
import { BLOCK_LIMITS } from './limits';
import { fitMarkup, fitSafe, mrkdwn, plainText, safeText } from './text';
import { identityLabel, STATUS_EMOJI } from './verdict';

type Block = types.KnownBlock;

/** Slack's limits for a modal view (reference §4): 100 blocks, a 24-character title. */
export const MODAL_LIMITS = { blocks: 100, titleText: 24 } as const;

/** What the modal shows, bounded so a stored request stays small whatever the verdict held. */
export const DETAILS_BUDGET = {
  evidenceLinesPerCheck: 60,
  lineChars: 400,
  operations: 20,
  permissions: 40,
  textChars: 1000,
} as const;

const text = (max: number) => z.string().max(max);
export const VerdictDetailsSchema = z.object({
  org: text(200),
  identity: z.object({
    kind: z.enum(['user', 'oauth-client']),
    id: text(200),
    name: text(DETAILS_BUDGET.textChars).optional(),
  }),
  overall: z.enum(['pass', 'fail', 'warn', 'unknown']),
  operations: z.array(text(DETAILS_BUDGET.lineChars)).max(DETAILS_BUDGET.operations + 1),
  missingPermissions: z.array(text(DETAILS_BUDGET.lineChars)).max(DETAILS_BUDGET.permissions + 1),
  modelDisagreement: text(DETAILS_BUDGET.textChars).optional(),
  checks: z
    .array(
      z.object({
        id: z.enum(CHECK_IDS),
        status: z.enum(CHECK_STATUSES),
        summary: text(DETAILS_BUDGET.textChars),
        evidence: z.array(text(DETAILS_BUDGET.lineChars)).max(DETAILS_BUDGET.evidenceLinesPerCheck + 1),
      }),
    )
    .max(CHECK_IDS.length * 2),
});
export type VerdictDetails = z.infer<typeof VerdictDetailsSchema>;

const cut = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
const withMore = (items: string[], max: number, what: string): string[] =>
  items.length > max
    ? [...items.slice(0, max), `…and ${items.length - max} more ${what} (see \`sr-check --json\`)`]
    : items;

/** The verdict cut to the modal's budget (raw text: escaped when rendered). */
export function verdictDetails(verdict: Verdict): VerdictDetails {
  return {
    org: cut(verdict.org, 200),
    identity: {
      kind: verdict.identity.kind,
      id: cut(verdict.identity.id, 200),
      ...(verdict.identity.name !== undefined ? { name: cut(verdict.identity.name, DETAILS_BUDGET.textChars) } : {}),
    },
    overall: verdict.overall,
    operations: withMore(
      verdict.operations.map((op) => cut(`${op.method} ${op.path}`, DETAILS_BUDGET.lineChars)),
      DETAILS_BUDGET.operations,
      'operation(s)',
    ),
    missingPermissions: withMore(
      verdict.missingPermissions.map((p) => cut(p, DETAILS_BUDGET.lineChars)),
      DETAILS_BUDGET.permissions,
      'permission(s)',
    ),
    ...(verdict.modelDisagreement
      ? { modelDisagreement: cut(verdict.modelDisagreement, DETAILS_BUDGET.textChars) }
      : {}),
    checks: verdict.checks.map((c) => ({
      id: c.id,
      status: c.status,
      summary: cut(c.summary, DETAILS_BUDGET.textChars),
      evidence: withMore(
        c.evidence.map((line) => cut(line.trimEnd() || ' ', DETAILS_BUDGET.lineChars)),
        DETAILS_BUDGET.evidenceLinesPerCheck,
        'evidence line(s)',
      ),
    })),
  };
}

/** An ISO-8601 UTC instant as Genesys and the checks write it (`2026-11-24T04:07:38.141Z`). */
const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?Z\b/g;

/**
 * Every ISO instant in escaped mrkdwn as Slack's date token, so the reader sees their own time zone; the ISO
 * text stays as the fallback for clients that cannot format it. Runs on escaped text: an instant holds no
 * character escaping changes, and the token's `<`, `^` and `|` are ours.
 */
export function slackDates(safeMarkup: string): string {
  return safeMarkup.replace(ISO_INSTANT, (iso) => {
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) return iso;
    return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${iso}>`;
  });
}

/** The details as a modal view for views.open. Stays within 100 blocks and every text limit. */
export function renderDetailsModal(details: VerdictDetails): types.ModalView {
  const blocks: Block[] = [];
  const section = (markup: string): Block => ({
    type: 'section',
    text: mrkdwn(fitMarkup(markup, BLOCK_LIMITS.sectionText)),
  });
  const head = [
    `${STATUS_EMOJI[details.overall]} *${STATUS_WORD[details.overall]}* · *${safeText(details.org)}* · ${safeText(identityLabel(details.identity))}`,
    `*Identity id:* \`${safeText(details.identity.id)}\``,
  ];
  if (details.operations.length > 0)
    head.push(`*Operations:* ${details.operations.map((o) => `\`${safeText(o)}\``).join(', ')}`);
  if (details.missingPermissions.length > 0)
    head.push(`*Missing:* ${details.missingPermissions.map((p) => `\`${safeText(p)}\``).join(', ')}`);
  if (details.modelDisagreement)
    head.push(`:rotating_light: *The live probe contradicts sr-check:* ${safeText(details.modelDisagreement)}`);
  blocks.push(section(head.join('\n')));
  for (const check of details.checks) {
    blocks.push({ type: 'divider' });
    blocks.push(
      section(
        `${STATUS_EMOJI[check.status]} *${safeText(check.id)}* · ${STATUS_WORD[check.status]} — ${slackDates(safeText(check.summary))}`,
      ),
    );
    // Evidence lines packed into sections of at most 3,000 characters, each line whole.
    let current = '';
    for (const line of check.evidence) {
      const safe = slackDates(fitSafe(line, DETAILS_BUDGET.lineChars * 2));
      if (current && current.length + safe.length + 1 > BLOCK_LIMITS.sectionText) {
        blocks.push(section(current));
        current = '';
      }
      current = current ? `${current}\n${safe}` : safe;
    }
    if (current) blocks.push(section(current));
  }
  const fitted =
    blocks.length > MODAL_LIMITS.blocks
      ? [...blocks.slice(0, MODAL_LIMITS.blocks - 1), section(`…and more: see \`sr-check --json\``)]
      : blocks;
  return {
    type: 'modal',
    title: plainText('Verdict details', MODAL_LIMITS.titleText),
    close: plainText('Close', MODAL_LIMITS.titleText),
    blocks: fitted,
  };
}
