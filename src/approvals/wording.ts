/**
 * Wording shared by the approval service and the Slack layer: how an admin turns fixes on (the verdict's "fix
 * buttons are off" line, the service's refusals) and why a decision changed nothing (the one refusal wording;
 * the Slack layer passes its own Names: mentions, escaped text).
 */
import type { ApprovalRequest, DecisionRefusalCode } from './types';

export const ENABLE_FIXES_HINT =
  'To enable fixes, add `fixer` credentials (a separate OAuth client allowed to edit OAuth clients and grant roles) ' +
  'and `approvers` (Slack user ids and/or a user group) to the org in the sr-check configuration.';

/** How names appear in a sentence: plain text for logs and the service's messages; mentions and escaping in Slack. */
export interface Names {
  org(name: string): string;
  user(slackUserId: string): string;
  state(state: string): string;
}

export const PLAIN_NAMES: Names = { org: (name) => name, user: (id) => `Slack user ${id}`, state: (state) => state };

/** Why an Approve or Deny click changed nothing: the one wording, for the service's message and the clicker's answer. */
export function decisionRefusalText(
  code: DecisionRefusalCode,
  request: ApprovalRequest | undefined,
  names: Names = PLAIN_NAMES,
): string {
  switch (code) {
    case 'not-an-approver':
      return `Only the approvers of ${request ? names.org(request.org) : 'the org'} can approve or deny this fix. Nothing was changed.`;
    case 'self-approval':
      return 'You requested this fix, so another approver must approve or deny it. Nothing was changed.';
    case 'expired':
      return 'This fix request has expired; nothing was changed. Run the check again to request it anew.';
    case 'unknown-request':
      return 'This fix request is not known (any more). Nothing was changed.';
    case 'not-pending': {
      const by = request?.decidedBy ? ` by ${names.user(request.decidedBy)}` : '';
      return `This fix request is already ${request ? names.state(request.state) : 'decided'}${by}.`;
    }
  }
}
