/** Approval of fixes: requests, decisions, expiry, start-up reconciliation, audit. */
export { ApprovalService, WATCH_HOLD_GRACE_MS, WATCH_STEP_LEASE_MS, type ApprovalServiceOptions } from './service';
export * from './types';
export { ENABLE_FIXES_HINT } from './wording';
export { summariseVerdict } from './verdict-summary';
export { formatAuditTable, parseSince } from './audit-format';
export * from './watch-schedule';
