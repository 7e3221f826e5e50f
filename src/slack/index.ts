/** The Slack surface: app factory and the pieces tests and later issues build on. */
export { createSlackApp, createSlackWebClient, type SlackApp, type SlackAppDeps, type SlackConnection } from './app';
export { ChannelAccess } from './access';
export { createCheckRunner, type CheckRunner } from './check-runner';
export { MemoryIdempotencyStore, type IdempotencyStore } from './stores/idempotency-store';
export { MemoryRequestStore, type RequestStore, type StoredCheck } from './stores/request-store';
export { renderVerdictMessage, type SlackMessage } from './blocks/verdict';
export { ApprovalFlow, type ApprovalFlowDeps } from './approval-flow';
export { VerdictPublisher, postMessage, type MessageRef } from './verdict-publisher';
export { SharedIdempotencyStore, SharedRequestStore } from './stores/shared-stores';
export { UserGroupMembers } from './user-groups';
