/** Approval of fixes: requests, decisions, expiry, start-up reconciliation, audit. */
export { ApprovalService, ENABLE_FIXES_HINT, type ApprovalServiceOptions } from './service';
export * from './types';
export { summariseVerdict } from './verdict-summary';
export { formatAuditTable, parseSince } from './audit-format';
