/**
 * Wording shared by the approval service and the Slack layer (which renders the verdict's "fix buttons are off"
 * line with it): how an admin turns fixes on. Plain text, no Slack markup.
 */
export const ENABLE_FIXES_HINT =
  'To enable fixes, add `fixer` credentials (a separate OAuth client allowed to edit OAuth clients and grant roles) ' +
  'and `approvers` (Slack user ids and/or a user group) to the org in the sr-check configuration.';
