/** Approval of fixes: requests, decisions, expiry, start-up reconciliation, audit. */
export { ApprovalService, WATCH_HOLD_GRACE_MS, WATCH_STEP_LEASE_MS, type ApprovalServiceOptions, type TransitionListener } from './service';
export { Approvers, APPROVER_GROUP_MAX_AGE_MS, type GroupMembers } from './approvers';
export * from './types';
export { ENABLE_FIXES_HINT } from './wording';
export { summariseVerdict } from './verdict-summary';
export { formatAuditTable, parseSince } from './audit-format';
export * from './watch-schedule';
