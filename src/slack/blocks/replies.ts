/**
 * The short text answers (mostly ephemeral): acknowledgements, refusals, usage, help, org lists.
 * Anything a user typed or an org name is made safe (escaped, broadcast words defused); the usage line
 * contains `<name>` placeholders, so it is escaped too.
 */
import { USAGE } from '../../request/grammar';
import type { FixProposal } from '../../diagnosis/verdict';
import type { ApprovalRequest } from '../../approvals/types';
import { slackDate } from './text';
import { describeFix } from '../../render/describe';
import { BLOCK_LIMITS } from './limits';
import { fitSafe, safeText } from './text';

const usageLine = (): string => `\`${safeText(USAGE)}\``;

export function checkingReply(org: string): string {
  return `Checking ${safeText(org)}…`;
}

/** The same words whether the org does not exist or is not mapped to this channel. */
export function orgNotAvailableReply(org: string): string {
  return `No org "${fitSafe(org, 40)}" is available in this channel. \`/sr-check orgs\` lists the ones that are.\n${usageLine()}`;
}

export function usageErrorReply(message: string): string {
  return `${fitSafe(message, 1000)}\n${usageLine()}`;
}

export function helpReply(): string {
  return [
    "*sr-check* finds out why a Genesys Cloud call answers 403 Forbidden, from what the org's API says.",
    usageLine(),
    "• `org=` which org (see `/sr-check orgs`) · `client=` / `user=` whom to check (default: the org's configured target)",
    '• `interaction=` a conversation id · `op=` an operation alias or `"METHOD /api/v2/..."` · `fresh` skips caches',
    '• `org=acme,globex` or `org=*` checks several orgs in one matrix · `compare=<id>` compares two identities of one org',
    '• `watch` keeps the posted verdict up to date until it changes or ten minutes pass (3 watches per person, 10 per org, 20 in all)',
    'Mention me with the same words (`@sr-check org=acme`) to get the answer in a thread.',
  ].join('\n');
}

export function orgsReply(orgs: string[]): string {
  if (orgs.length === 0)
    return 'No orgs are available in this channel. An admin maps channels to orgs in the sr-check config.';
  return `Orgs available in this channel: ${orgs.map((o) => `\`${safeText(o)}\``).join(', ')}`;
}

export function fixNotEnabledReply(fix: FixProposal): string {
  return `Fixes need an approver's approval, and approvals are not enabled yet, so nothing was changed.\nProposed: ${fitSafe(describeFix(fix), 1500)}`;
}

export function demoFixReply(fix: FixProposal): string {
  return `The built-in demo org is simulated for one check at a time, so fixes cannot be requested for it. Nothing was changed.\nProposed: ${fitSafe(describeFix(fix), 1500)}`;
}

/** requestFix refused: say why (its message is plain text, so it is escaped) and what was proposed. */
export function fixRefusedReply(code: string, message: string, fix: FixProposal): string {
  const lead = code === 'already-fixed' ? 'Nothing to request' : 'The fix was not requested';
  const tail =
    code === 'changed-since-check' ? '\nRun the check again (Re-run) and request the fix from the new verdict.' : '';
  return `${lead}; nothing was changed and no approval was asked for. ${fitSafe(message, 1200)}${tail}\nProposed: ${fitSafe(describeFix(fix), 1000)}`;
}

export function fixRequestedReply(request: ApprovalRequest, delivered: number): string {
  const sent =
    delivered > 0
      ? `sent to ${delivered} approver message(s)`
      : 'saved, but it could not be delivered to any approver; ask one to open the sr-check Home tab';
  const bound =
    request.ttlHours !== undefined ? ` Once applied, it is revoked automatically after ${request.ttlHours} h.` : '';
  return `Fix requested and ${sent}. Nothing changes until an approver approves it; it expires ${slackDate(request.expiresAt)}.${bound}\n${fitSafe(request.plan.summary, 1000)}`;
}

/** A button whose stored request could not be read (the store is locked or down): nothing was done. */
export function storeBusyReply(): string {
  return 'sr-check cannot read this verdict right now; nothing was done. Try again in a moment.';
}

export function buttonExpiredReply(): string {
  return 'This verdict has expired or is no longer known. Run `/sr-check` again.';
}

export function internalErrorReply(requestId: string): string {
  return `Something went wrong on our side while checking (request ${safeText(requestId)}). Please try again; if it keeps happening, an admin can find the details in the logs.`;
}

export function postFailedReply(errorCode: string): string {
  return fitSafe(`The verdict could not be posted here (Slack said ${errorCode}).`, BLOCK_LIMITS.fallbackText);
}
