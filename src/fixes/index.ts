/** Fix plans (before → after, already-fixed and changed-since tests), applying them with fixer credentials, time bounds. */
export * from './plan';
export { FixExecutor, type FixApis, type Inspection, type RevokeResult } from './executor';
export { fixApisFromServices, type FixApiSource } from './apis';
export { RevocationScheduler, type RevocationEvent, type RevocationSchedulerOptions } from './revocation-scheduler';
