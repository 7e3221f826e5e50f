/**
 * Fix requests as Slack messages: the message approvers get (requester, org, target, the exact change before →
 * after with role and division names, every permission the grant adds, the verdict it comes from, the expiry,
 * Approve / Deny while pending), the notice in the requester's
 * thread, and the outcome posted there. Each message is rendered from the stored request alone, so any replica
 * renders the same final state. Names and text from Genesys or users are escaped (text.ts); only Slack user
 * and channel ids that look like ids become mentions.
 */
import type { TerraformChange } from '../../fixes/as-code/terraform-change';
import type { types } from '@slack/bolt';
import type { DecisionOutcome } from '../../approvals/types';
import { scheduleText } from '../../watch/propagation-schedule';
import type { CheckRequest } from '../../request/grammar';
import { STATUS_WORD } from '../../render/describe';
import type { FixPlan, GrantRolePlan } from '../../fixes/plan';
import type { ApprovalRequest } from '../../approvals/types';
import type { RevocationGrant } from '../../fixes/types';
import { ACTION_IDS } from '../button-values';
import { mustLandInCodeBlocks } from './terraform';
import { BLOCK_LIMITS } from './limits';
import type { SlackMessage } from './message';
import {
  channelMention,
  fitMarkup,
  fitPlainString,
  fitSafe,
  mrkdwn,
  plainText,
  safeText,
  slackDate,
  userMention,
} from './text';

type Block = types.KnownBlock;

/** An approval message is a Slack message like any other. */
export type ApprovalMessage = SlackMessage;

/** Items of a before/after list shown before "…and N more". */
const LIST_ITEMS = 12;

function list(items: string[]): string {
  if (items.length === 0) return '_none_';
  const shown = items.slice(0, LIST_ITEMS).map((item) => `\`${fitSafe(item, 120)}\``);
  const more = items.length - shown.length;
  return more > 0 ? `${shown.join(', ')} …and ${more} more` : shown.join(', ');
}

/** A role as the approver should read it: its name when the plan knows it, else its id. */
function roleLabel(plan: GrantRolePlan, roleId: string): string {
  const name = plan.names?.roles[roleId] ?? (roleId === plan.roleId ? plan.roleName : undefined);
  return name ? `"${name}"` : roleId;
}

/** A division by name ("all divisions" for `*`), else its id. */
function divisionLabel(plan: GrantRolePlan, divisionId: string): string {
  if (divisionId === '*') return 'all divisions';
  const name = plan.names?.divisions[divisionId] ?? (divisionId === plan.divisionId ? plan.divisionName : undefined);
  return name ? `"${name}"` : `division ${divisionId}`;
}

/** The exact change, before → after: role and division names (ids only where Genesys gave no name). */
export function changeLines(plan: FixPlan): string[] {
  switch (plan.kind) {
    case 'grant-role': {
      // Plans made before names were recorded keep their old, id-based form.
      const pairs = (rds: Array<{ roleId: string; divisionId: string }>) =>
        rds.map((rd) =>
          plan.names
            ? `${roleLabel(plan, rd.roleId)} in ${divisionLabel(plan, rd.divisionId)}`
            : `${rd.roleId} @ ${rd.divisionId}`,
        );
      return [
        `*Adds:* role ${fitSafe(roleLabel(plan, plan.roleId), 200)} in ${fitSafe(divisionLabel(plan, plan.divisionId), 200)}` +
          (plan.permission ? `, needed for \`${fitSafe(plan.permission, 200)}\`` : ''),
        `*Before* (${plan.before.length} role/division pair(s)): ${list(pairs(plan.before))}`,
        `*After* (${plan.after.length}): ${list(pairs(plan.after))}`,
      ];
    }
    case 'add-scope':
      return [
        `*Adds scope:* \`${fitSafe(plan.scope, 200)}\``,
        `*Before:* ${list(plan.before)}`,
        `*After:* ${list(plan.after)}`,
      ];
    case 'refresh-credentials':
      return [
        `*Why:* ${fitSafe(plan.reason, 500)}`,
        plan.method === 'user-tokens'
          ? "*Before:* the user's current tokens (issued with the old grants) → *After:* all revoked; the user signs in again"
          : '*Before:* the cached token (issued with the old roles) → *After:* revoked, and a new token minted with the current roles',
      ];
  }
}

/** Blocks a message may spend on the permission list (the rest of an approval message takes at most 10). */
const MAX_PERMISSION_BLOCKS = BLOCK_LIMITS.blocksPerMessage - 10;

/**
 * EVERY permission a grant adds (all the role carries), in as many sections as they need: an approver must see
 * what approving gives, not only the permission the check asked for.
 */
export function permissionBlocks(plan: FixPlan): Block[] {
  if (plan.kind !== 'grant-role') return [];
  const section = (i: number, markup: string): Block => ({
    type: 'section',
    block_id: `approval-permissions-${i}`,
    text: mrkdwn(markup),
  });
  const permissions = plan.permissionsAdded;
  if (!permissions) {
    return [
      section(
        0,
        `*Grants:* this request did not record every permission role ${fitSafe(roleLabel(plan, plan.roleId), 200)} carries (it was made before sr-check listed them): check the role in Genesys before approving.`,
      ),
    ];
  }
  const count = permissions.length;
  const heading = `*Grants every permission the role carries (${count}):*`;
  const items = permissions.map((p) => `\`${fitSafe(p, 200)}\``);
  const blocks: Block[] = [];
  let current = heading;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const next = `${current}${current === heading ? ' ' : ', '}${item}`;
    if (next.length <= BLOCK_LIMITS.sectionText) {
      current = next;
      continue;
    }
    if (blocks.length === MAX_PERMISSION_BLOCKS - 1) {
      // Beyond 40 sections (over a thousand permissions): say how many are not shown rather than cut silently.
      blocks.push(
        section(
          blocks.length,
          fitMarkup(
            `${current} …and ${items.length - i} more not shown: check the role in Genesys before approving.`,
            BLOCK_LIMITS.sectionText,
          ),
        ),
      );
      return blocks;
    }
    blocks.push(section(blocks.length, current));
    current = `…${item}`;
  }
  blocks.push(section(blocks.length, current));
  return blocks;
}

function targetText(request: ApprovalRequest): string {
  const { target, targetName } = request.plan;
  const kind = target.kind === 'user' ? 'User' : 'OAuth client';
  return targetName
    ? `${kind} "${fitSafe(targetName, 200)}"\n\`${safeText(target.id)}\``
    : `${kind}\n\`${safeText(target.id)}\``;
}

function checkText(check: CheckRequest): string {
  const parts = [`org=${check.org}`];
  if (check.client) parts.push(`client=${check.client}`);
  if (check.user) parts.push(`user=${check.user}`);
  if (check.interaction) parts.push(`interaction=${check.interaction}`);
  if (check.op) parts.push(`op="${check.op}"`);
  return parts.join(' ');
}

function sourceText(request: ApprovalRequest): string {
  const ref = request.verdictRef;
  const where = channelMention(request.thread?.channel);
  return (
    `From the ${STATUS_WORD[ref.overall]} verdict of ${slackDate(ref.checkedAt)}${where ? ` in ${where}` : ''}: ` +
    `\`${fitSafe(checkText(ref.check), 600)}\` · request \`${safeText(request.id)}\``
  );
}

/** One line: where the request stands (pending, applied with the result, failed with the reason, …). */
export function statusLine(request: ApprovalRequest): string {
  const by = userMention(request.decidedBy);
  switch (request.state) {
    case 'pending':
      return `:hourglass_flowing_sand: *Waiting for approval.* ${userMention(request.requesterSlackId)} asks for this change; nothing changes until an approver approves it.`;
    case 'approved':
    case 'applying':
      return `:gear: *Approved by ${by}; applying…*`;
    case 'applied': {
      const result = request.result?.status === 'applied' ? request.result : undefined;
      const what = result?.result === 'no-op' ? 'nothing to do, it was already in place' : 'changed';
      const detail = result?.detail ? `: ${fitSafe(result.detail, 800)}` : '';
      return `:white_check_mark: *Applied*, approved by ${by}. Result: ${what}${detail}`;
    }
    case 'failed':
      return `:x: *Not applied* (approved by ${by}): ${fitSafe(request.reason ?? 'unknown reason', 800)}`;
    case 'denied':
      // Who and when, as the verdict says them (the denial is the request's last change).
      return `:no_entry_sign: *Denied by ${by}*${request.reason ? `: ${fitSafe(request.reason, 500)}` : ''}. Nothing was changed. · ${slackDate(request.updatedAt)}`;
    case 'expired':
      return `:hourglass: *Expired* at ${slackDate(request.expiresAt)} without a decision. Nothing was changed.`;
  }
}

/** The message an approver gets (DM or approvals channel); Approve / Deny only while pending. */
export function renderApprovalRequest(request: ApprovalRequest, codeChange?: TerraformChange): ApprovalMessage {
  const fields = [
    mrkdwn(`*Requester*\n${userMention(request.requesterSlackId)}`),
    mrkdwn(`*Org*\n${fitSafe(request.org, 100)}`),
    mrkdwn(`*Target*\n${targetText(request)}`),
    mrkdwn(`*Expires*\n${slackDate(request.expiresAt)}`),
  ];
  if (request.ttlHours !== undefined)
    fields.push(mrkdwn(`*Time bound*\nRevoked automatically ${request.ttlHours} h after it is applied`));
  const blocks: Block[] = [
    { type: 'header', text: plainText(`Fix request · ${request.org}`, BLOCK_LIMITS.headerText) },
    {
      type: 'section',
      block_id: 'approval-status',
      text: mrkdwn(fitMarkup(statusLine(request), BLOCK_LIMITS.sectionText)),
    },
    { type: 'section', block_id: 'approval-fields', fields },
    {
      type: 'section',
      block_id: 'approval-change',
      text: mrkdwn(
        fitMarkup(
          [`*Change:* ${fitSafe(request.plan.summary, 600)}`, ...changeLines(request.plan)].join('\n'),
          BLOCK_LIMITS.sectionText,
        ),
      ),
    },
    ...permissionBlocks(request.plan),
    // An org managed as code: the change must also land in Terraform, or the next apply removes it.
    ...mustLandInCodeBlocks(codeChange),
    { type: 'context', elements: [mrkdwn(fitMarkup(sourceText(request), BLOCK_LIMITS.contextText))] },
  ];
  if (request.state === 'pending') blocks.push(decisionButtons(request, 'approval-actions'));
  return { text: fallback(request), blocks };
}

/**
 * Approve / Deny: the value is the request id only; who may press them is decided server-side. Approve asks
 * first, in words (approveConfirm); Deny opens a modal asking why (deny-modal.ts). Each carries an
 * accessibility label naming the change, for screen readers (several requests can sit side by side in Home).
 */
export function decisionButtons(request: ApprovalRequest, blockId: string): Block {
  const change = fitPlainString(request.plan.summary, 50);
  return {
    type: 'actions',
    block_id: blockId,
    elements: [
      {
        type: 'button',
        action_id: ACTION_IDS.approve,
        style: 'primary',
        text: plainText('Approve', BLOCK_LIMITS.buttonText),
        value: request.id,
        accessibility_label: fitPlainString(`Approve: ${change}`, BLOCK_LIMITS.buttonText),
        confirm: approveConfirm(request),
      },
      {
        type: 'button',
        action_id: ACTION_IDS.deny,
        style: 'danger',
        text: plainText('Deny', BLOCK_LIMITS.buttonText),
        value: request.id,
        accessibility_label: fitPlainString(`Deny, with a reason: ${change}`, BLOCK_LIMITS.buttonText),
      },
    ],
  };
}

/** Block Kit `confirm` object limits (composition objects reference): title 100, text 300, buttons 30. */
export const CONFIRM_LIMITS = { title: 100, text: 300, button: 30 } as const;

/**
 * What Approve will do, in words, before it does it: role, division, identity, every permission the role adds
 * (as many as 300 characters hold, then how many more; the message lists them all) and how long it lasts.
 */
export function approveConfirmText(request: ApprovalRequest): string {
  const plan = request.plan;
  const who = plan.targetName
    ? `${plan.target.kind === 'user' ? 'user' : 'OAuth client'} "${plan.targetName}"`
    : `${plan.target.kind} ${plan.target.id}`;
  const lasts =
    request.ttlHours !== undefined ? `for ${request.ttlHours} h, then revoked automatically` : 'with no expiry';
  switch (plan.kind) {
    case 'grant-role': {
      const division =
        plan.divisionId === '*'
          ? 'all divisions'
          : `division "${plan.divisionName ?? plan.names?.divisions[plan.divisionId] ?? plan.divisionId}"`;
      const head = `Grant role "${plan.roleName}" in ${division} to ${who}, ${lasts}. `;
      const permissions = plan.permissionsAdded;
      if (!permissions)
        return fitPlainString(
          `${head}The permissions it adds were not recorded: check the role in Genesys first.`,
          CONFIRM_LIMITS.text,
        );
      let listed = '';
      for (let i = 0; i < permissions.length; i++) {
        const rest = permissions.length - i - 1;
        const next = `${listed}${listed ? ', ' : ''}${permissions[i]}`;
        const tail = rest > 0 ? ` …and ${rest} more (listed in the message)` : '';
        if (`${head}Adds ${permissions.length} permission(s): ${next}${tail}.`.length > CONFIRM_LIMITS.text) {
          const left = permissions.length - i;
          return fitPlainString(
            `${head}Adds ${permissions.length} permission(s): ${listed || '(see the message)'} …and ${left} more (listed in the message).`,
            CONFIRM_LIMITS.text,
          );
        }
        listed = next;
      }
      return fitPlainString(`${head}Adds ${permissions.length} permission(s): ${listed}.`, CONFIRM_LIMITS.text);
    }
    case 'add-scope':
      return fitPlainString(
        `Add OAuth scope "${plan.scope}" to ${who}, ${lasts}. Scopes after: ${plan.after.join(', ')}.`,
        CONFIRM_LIMITS.text,
      );
    case 'refresh-credentials':
      return fitPlainString(`${plan.summary}. Why: ${plan.reason}.`, CONFIRM_LIMITS.text);
  }
}

function approveConfirm(request: ApprovalRequest) {
  return {
    title: plainText(
      fitPlainString(`Approve this change in ${request.org}?`, CONFIRM_LIMITS.title),
      CONFIRM_LIMITS.title,
    ),
    text: plainText(approveConfirmText(request), CONFIRM_LIMITS.text),
    confirm: plainText('Approve and apply', CONFIRM_LIMITS.button),
    deny: plainText('Cancel', CONFIRM_LIMITS.button),
    style: 'primary' as const,
  };
}

/** The notice in the requester's thread: "waiting for approval by …", later the final state. */
export function renderThreadNotice(request: ApprovalRequest, notified: string[]): ApprovalMessage {
  const summary = fitSafe(request.plan.summary, 600);
  let line: string;
  if (request.state === 'pending') {
    const shown = notified.slice(0, 10).map(userMention);
    const more = notified.length - shown.length;
    const who =
      shown.length > 0 ? `${shown.join(', ')}${more > 0 ? ` …and ${more} more` : ''}` : 'an approver of the org';
    line =
      `:hourglass_flowing_sand: ${userMention(request.requesterSlackId)} requested a fix: ${summary}.\n` +
      `Waiting for approval by ${who} (expires ${slackDate(request.expiresAt)}).`;
  } else {
    line = `${statusLine(request)}\n${summary}`;
  }
  return {
    text: fallback(request),
    blocks: [{ type: 'section', block_id: 'approval-notice', text: mrkdwn(fitMarkup(line, BLOCK_LIMITS.sectionText)) }],
  };
}

/** The one thread reply after a decision (posted only by the caller whose transition succeeded). */
export function renderOutcomeNotice(
  outcome: Extract<DecisionOutcome, { ok: true }>,
  codeChange?: TerraformChange,
): ApprovalMessage {
  const { request } = outcome;
  const summary = fitSafe(request.plan.summary, 600);
  const by = userMention(request.decidedBy);
  const requester = userMention(request.requesterSlackId);
  let line: string;
  switch (outcome.kind) {
    case 'applied': {
      const noop = outcome.result.result === 'no-op';
      line = `:white_check_mark: Fix ${noop ? 'approved (it was already in place, so nothing was written)' : 'applied'}, approved by ${by} (requested by ${requester}): ${summary}.`;
      if (outcome.revocation)
        line += `\nTime bound: it is revoked automatically at ${slackDate(outcome.revocation.dueAt)}.`;
      if (outcome.watch?.status === 'running' && outcome.recheck.ok && outcome.watch.lastResult === 'in-place') {
        // The role read shows the grant at once; calls may not see it for up to five minutes (issue 21).
        line +=
          '\nThe grant is in place: the check ran again without caches, reads it, and finds nothing else wrong. ' +
          'Calls may take up to five minutes to see it (Genesys, help page "Edit a role"), so the check runs again at ' +
          `${scheduleText()} until then; the message below is kept up to date.`;
      } else if (outcome.watch?.status === 'running') {
        const now = outcome.recheck.ok
          ? 'The check ran again without caches and does not pass yet.'
          : `The check could not be run again just now (${fitSafe(outcome.recheck.message, 300)}).`;
        line +=
          `\n${now} Genesys documents up to five minutes for permission updates ` +
          `to take effect, so it runs again at ${scheduleText()} until it passes; the message below is kept up to date.`;
      } else {
        line += outcome.recheck.ok
          ? '\nThe check ran again without caches; the new verdict follows.'
          : `\nThe check could not be run again: ${fitSafe(outcome.recheck.message, 500)}`;
      }
      break;
    }
    case 'denied':
      line = `:no_entry_sign: ${by} denied the fix requested by ${requester}: ${summary}.${request.reason ? ` Reason: ${fitSafe(request.reason, 500)}.` : ''} Nothing was changed.`;
      break;
    case 'failed':
      line = `:x: The fix approved by ${by} (requested by ${requester}) was not applied: ${fitSafe(outcome.reason, 800)}.\n${summary}\nPress *Re-run* on the verdict to see the current state.`;
      break;
  }
  return {
    text: fitSafe(`Fix ${outcome.kind}: ${request.plan.summary}`, BLOCK_LIMITS.fallbackText),
    blocks: [
      { type: 'section', block_id: 'approval-outcome', text: mrkdwn(fitMarkup(line, BLOCK_LIMITS.sectionText)) },
      ...(outcome.kind === 'applied' ? mustLandInCodeBlocks(codeChange) : []),
    ],
  };
}

/** A time-bound grant was taken back (or could not be). */
export function renderRevocationNotice(
  outcome: 'revoked' | 'already-gone' | 'failed',
  detail: string,
  grant: RevocationGrant,
  at?: number,
): ApprovalMessage {
  const icon = outcome === 'failed' ? ':warning:' : ':hourglass:';
  // Who and when: sr-check itself takes a time-bound grant back, when its time is up.
  const when = at === undefined ? '' : ` · by sr-check (time bound), ${slackDate(at)}`;
  const line = `${icon} ${fitSafe(detail, 1500)}${when}`;
  return {
    text: fitSafe(`Time-bound grant of ${grant.roleName ?? grant.roleId}: ${outcome}`, BLOCK_LIMITS.fallbackText),
    blocks: [{ type: 'section', block_id: 'revocation', text: mrkdwn(fitMarkup(line, BLOCK_LIMITS.sectionText)) }],
  };
}

function fallback(request: ApprovalRequest): string {
  return fitSafe(
    `Fix request for ${request.org} (${request.state}): ${request.plan.summary}`,
    BLOCK_LIMITS.fallbackText,
  );
}
