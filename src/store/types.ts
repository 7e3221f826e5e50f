/**
 * The durable state sr-check shares between replicas: approval requests and their state machine, the audit log,
 * idempotency keys, stored check requests for buttons, the last verdict per org, scheduled revocations and
 * propagation watches (re-checks after an applied fix).
 * Every method is async so a PostgreSQL implementation can follow the same contract (test/support/store.ts).
 * Times are milliseconds since the epoch. The domain declares each port it needs (approvals/ports.ts,
 * diagnosis/history.ts, schedule/types.ts) with its own record types: the store implements them, never the reverse.
 */
import type {
  ApprovalRequestStore,
  AuditLog,
  ClaimStore,
  LastVerdictStore,
  NotificationOutbox,
  PropagationWatchStore,
  RevocationStore,
} from '../approvals/ports';
import type { VerdictHistoryStore } from '../diagnosis/history';
import type { ProbeSlotStore } from '../diagnosis/probe/slots';
import type { DetailsCap } from './stored-details';
export type { DetailsCap } from './stored-details';
import type { ScheduleTickStore, StatusNoticeStore } from '../schedule/types';
export type {
  ApprovalRequestStore,
  AuditLog,
  ClaimStore,
  LastVerdictStore,
  NotificationOutbox,
  PendingNotification,
  PropagationWatchStore,
  RevocationStore,
} from '../approvals/ports';
export type { VerdictHistoryStore } from '../diagnosis/history';
export type { ProbeSlotStore } from '../diagnosis/probe/slots';
export type { ScheduleTickStore, StatusNoticeStore } from '../schedule/types';

/** Check requests behind buttons (the Slack layer keeps what a button re-runs). */
export interface SavedRequestStore {
  saveRequest(id: string, value: unknown, ttlSeconds: number): Promise<void>;
  /** The saved value, or undefined when unknown or expired. */
  getRequest(id: string): Promise<unknown>;
}

/** Verdicts' Details (~100 KB each), kept apart from the requests behind buttons and bounded per person. */
export interface SavedDetailsStore {
  /**
   * Keeps `value` under `id` for `ttlSeconds`, owned by `owner`, then drops the owner's oldest Details beyond `cap`
   * (more than `count`, or more than `bytes` in total; the newest is always kept) and any that lapsed.
   */
  saveDetails(id: string, owner: string, value: unknown, ttlSeconds: number, cap: DetailsCap): Promise<void>;
  /** The saved value, or undefined when unknown, expired or dropped. */
  getDetails(id: string): Promise<unknown>;
}

/** One database holding every port the domain declares; each implementation runs the same contract. */
export interface Store
  extends ApprovalRequestStore,
    AuditLog,
    ClaimStore,
    SavedRequestStore,
    SavedDetailsStore,
    LastVerdictStore,
    RevocationStore,
    PropagationWatchStore,
    NotificationOutbox,
    VerdictHistoryStore,
    ScheduleTickStore,
    StatusNoticeStore,
    ProbeSlotStore {
  /** A cheap query: resolves while the database answers, rejects when it does not (/readyz asks it). */
  ping(): Promise<void>;

  close(): Promise<void>;
}
