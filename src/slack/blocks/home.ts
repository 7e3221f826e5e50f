/**
 * The App Home tab. Who sees what (docs/slack-setup.md, "App Home"):
 * - an org's approvers see that org with its last verdict, its pending fix requests (Approve / Deny, except on
 *   requests they made themselves) and its recent audit entries;
 * - everyone sees what sr-check is, how to run a check and a Run a check button (the form, check-modal.ts);
 * - everyone else also sees the last verdicts of the orgs mapped to channels they are in (the orgs
 *   `/sr-check orgs` lists to them there), and no other org.
 * At most 100 blocks (Slack's limit for a Home view); longer lists end with "…and N more".
 */
import type { types } from '@slack/bolt';
import type { ApprovalRequest, AuditEntry, LastVerdict } from '../../approvals/types';
import { ACTION_IDS } from '../button-values';
import { decisionButtons } from './approval';
import { slackDate, userMention } from './text';
import { fitMarkup, fitSafe, mrkdwn, plainText, safeText } from './text';
import { STATUS_EMOJI } from './verdict';
import { STATUS_WORD } from '../../render/describe';

type Block = types.KnownBlock;

export const HOME_LIMITS = { blocks: 100, orgs: 20, pending: 15, audit: 15 } as const;

export interface HomeInput {
  viewerId: string;
  /** Orgs the viewer approves fixes for, sorted. */
  approverOf: string[];
  lastVerdicts: LastVerdict[];
  /** Pending requests of those orgs, newest first. */
  pending: ApprovalRequest[];
  /** Audit entries of those orgs, newest first. */
  audit: AuditEntry[];
  /** A line at the top (the answer to a click made in the Home tab); already safe markup. */
  notice?: string;
  /** Approvals are not set up in this deployment (no store). */
  approvalsEnabled: boolean;
  /** Per org: its last runs as a strip of emoji (blocks/matrix.ts statusStrip) and its newest history entry. */
  recent?: Record<
    string,
    { strip: string; latest?: { overall: LastVerdict['summary']['overall']; at: number; headline: string } }
  >;
  /**
   * For someone who approves nothing: the orgs mapped to channels they are in (their last verdicts are in
   * `lastVerdicts`); absent when Slack could not say.
   */
  visibleOrgs?: string[];
}

export interface HomeView {
  type: 'home';
  blocks: Block[];
}

export function renderHome(input: HomeInput): HomeView {
  const blocks: Block[] = [{ type: 'header', text: plainText('sr-check', 150) }];
  if (input.notice)
    blocks.push({ type: 'section', block_id: 'home-notice', text: mrkdwn(fitMarkup(input.notice, 3000)) });
  blocks.push({
    type: 'section',
    block_id: 'home-intro',
    text: mrkdwn(
      "*What it is:* sr-check finds out why a Genesys Cloud call answers 403 Forbidden, from what the org's API says, " +
        'and proposes fixes that an approver approves before anything changes.\n' +
        '*How to run a check:* in a channel mapped to an org, type `/sr-check` (a form opens) or `/sr-check org=<name>`; ' +
        "mention @sr-check with the same words, or paste the 403 error. `/sr-check orgs` lists the channel's orgs, `/sr-check help` the rest.",
    ),
  });
  blocks.push({
    type: 'actions',
    block_id: 'home-run',
    elements: [
      {
        type: 'button',
        action_id: ACTION_IDS.homeRunCheck,
        style: 'primary',
        text: plainText('Run a check', 75),
        value: 'run',
        accessibility_label: 'Open the form to run a check and post the verdict in a channel',
      },
    ],
  });

  if (input.approverOf.length === 0) {
    if (input.visibleOrgs && input.visibleOrgs.length > 0) {
      blocks.push(
        { type: 'divider' },
        { type: 'section', block_id: 'home-visible', text: mrkdwn('*Last verdicts in your channels*') },
      );
      const lines = input.visibleOrgs
        .slice(0, HOME_LIMITS.orgs)
        .map((org) => orgLine(org, input.lastVerdicts, input.recent?.[org]));
      for (const [i, line] of lines.entries())
        blocks.push({ type: 'section', block_id: `home-org-${i}`, text: mrkdwn(fitMarkup(line, 3000)) });
      if (input.visibleOrgs.length > lines.length) blocks.push(more(input.visibleOrgs.length - lines.length, 'org(s)'));
    }
    blocks.push({
      type: 'context',
      elements: [
        mrkdwn(
          input.approvalsEnabled
            ? 'You are not an approver of any org, so no fix requests or audit entries are shown here. Verdicts appear in the channels mapped to each org.'
            : 'Fixes with approval are not set up in this deployment.',
        ),
      ],
    });
    return { type: 'home', blocks };
  }

  // ---- orgs and their last verdict ----
  blocks.push(
    { type: 'divider' },
    { type: 'section', block_id: 'home-orgs', text: mrkdwn('*Your orgs* (you approve their fixes)') },
  );
  const orgLines = input.approverOf
    .slice(0, HOME_LIMITS.orgs)
    .map((org) => orgLine(org, input.lastVerdicts, input.recent?.[org]));
  for (const [i, line] of orgLines.entries())
    blocks.push({ type: 'section', block_id: `home-org-${i}`, text: mrkdwn(fitMarkup(line, 3000)) });
  if (input.approverOf.length > orgLines.length) blocks.push(more(input.approverOf.length - orgLines.length, 'org(s)'));

  // ---- pending approvals ----
  blocks.push(
    { type: 'divider' },
    { type: 'section', block_id: 'home-pending', text: mrkdwn(`*Pending fix requests* (${input.pending.length})`) },
  );
  if (input.pending.length === 0) blocks.push({ type: 'context', elements: [mrkdwn('Nothing waiting for you.')] });
  for (const [i, request] of input.pending.slice(0, HOME_LIMITS.pending).entries()) {
    const own = request.requesterSlackId === input.viewerId;
    const line =
      `*${safeText(request.org)}* · ${fitSafe(request.plan.summary, 600)}\n` +
      `Requested by ${userMention(request.requesterSlackId)} · expires ${slackDate(request.expiresAt)}` +
      (request.ttlHours !== undefined ? ` · time bound ${request.ttlHours} h` : '') +
      (own ? '\n_You requested this one, so another approver decides it._' : '');
    blocks.push({ type: 'section', block_id: `home-request-${i}`, text: mrkdwn(fitMarkup(line, 3000)) });
    if (!own) blocks.push(decisionButtons(request, `home-actions-${i}`));
  }
  if (input.pending.length > HOME_LIMITS.pending)
    blocks.push(more(input.pending.length - HOME_LIMITS.pending, 'request(s)'));

  // ---- audit ----
  blocks.push(
    { type: 'divider' },
    { type: 'section', block_id: 'home-audit', text: mrkdwn('*Recent activity* (full log: `sr-check audit`)') },
  );
  if (input.audit.length === 0) blocks.push({ type: 'context', elements: [mrkdwn('No activity yet.')] });
  for (const entry of input.audit.slice(0, HOME_LIMITS.audit)) {
    const line =
      `${slackDate(entry.at)} · *${safeText(entry.org)}* · ${userMention(entry.actor)} · *${fitSafe(entry.action, 40)}* · ${fitSafe(entry.summary, 300)}` +
      (entry.result ? ` → ${fitSafe(entry.result, 200)}` : '');
    blocks.push({ type: 'context', elements: [mrkdwn(fitMarkup(line, 3000))] });
  }

  return { type: 'home', blocks: blocks.slice(0, HOME_LIMITS.blocks) };
}

/** An org with its last verdict (status, when, headline), or that none is recorded. */
/** An org's status: the newer of its last posted verdict and its newest history entry (scheduled runs are only in the history), and its strip of recent runs. */
function orgLine(org: string, lastVerdicts: LastVerdict[], recent?: NonNullable<HomeInput['recent']>[string]): string {
  const last = lastVerdicts.find((v) => v.org === org);
  const latest =
    recent?.latest && (!last || recent.latest.at > last.summary.checkedAt)
      ? recent.latest
      : last
        ? { ...last.summary, at: last.summary.checkedAt }
        : undefined;
  const strip = recent?.strip ? `\nlast runs: ${recent.strip}` : '';
  if (!latest) return `*${safeText(org)}* · no check recorded yet${strip}`;
  return `*${safeText(org)}* · ${STATUS_EMOJI[latest.overall]} ${STATUS_WORD[latest.overall]} · ${slackDate(latest.at)}\n${fitSafe(latest.headline, 300)}${strip}`;
}

function more(count: number, what: string): Block {
  return { type: 'context', elements: [mrkdwn(`…and ${count} more ${what}`)] };
}
