/** Approval of fixes: requests, decisions, expiry, start-up reconciliation, audit. */
export { ApprovalService, ENABLE_FIXES_HINT, WATCH_HOLD_GRACE_MS, WATCH_STEP_LEASE_MS, type ApprovalServiceOptions } from './service';
export * from './types';
export { summariseVerdict } from './verdict-summary';
export { formatAuditTable, parseSince } from './audit-format';
export * from './watch-schedule';
