/**
 * The forwarding both stores share: each port's methods go to that port's table (sqlite/*.ts, postgres/*.ts), so
 * SqliteStore and PostgresStore only say how they open, build their tables, and answer the rest (Details, probe
 * slots, ping, close). A new method on a port is forwarded here once.
 * Only forwarding lives here, no helpers: SqliteStore wraps every method it has, inherited ones included, in its
 * lock retry (sqlite-store.ts), so a method here must be one call to a table and must not call another store method.
 */
import type {
  ApprovalRequestStore,
  AuditLog,
  ClaimStore,
  LastVerdictStore,
  NotificationOutbox,
  PendingNotification,
  PropagationWatchStore,
  RevocationStore,
} from '../approvals/ports';
import type {
  ApprovalFilter,
  ApprovalPatch,
  ApprovalRequest,
  ApprovalState,
  AuditEntry,
  AuditFilter,
  LastVerdict,
  NewAuditEntry,
  NewWatch,
  PropagationWatch,
  VerdictSummary,
  WatchPatch,
} from '../approvals/types';
import type { HistoryQuery, VerdictHistoryEntry, VerdictHistoryStore } from '../diagnosis/history';
import type { NewRevocation, ScheduledRevocation, ThreadRef } from '../fixes/types';
import type { ScheduleTick, ScheduleTickStore, StatusNotice, StatusNoticeStore, TickResult } from '../schedule/types';
import type { SavedRequestStore } from './types';

/** One table per group of ports, as each backend builds them. */
export interface StoreTables {
  readonly approvals: ApprovalRequestStore & AuditLog & NotificationOutbox;
  readonly claims: ClaimStore & SavedRequestStore;
  readonly verdicts: LastVerdictStore & VerdictHistoryStore;
  readonly revocations: RevocationStore;
  readonly watches: PropagationWatchStore;
  readonly schedule: ScheduleTickStore & StatusNoticeStore;
}

export abstract class DelegatingStore
  implements
    ApprovalRequestStore,
    AuditLog,
    NotificationOutbox,
    ClaimStore,
    SavedRequestStore,
    LastVerdictStore,
    VerdictHistoryStore,
    RevocationStore,
    PropagationWatchStore,
    ScheduleTickStore,
    StatusNoticeStore
{
  /** Set by the backend's constructor once its connection is open. */
  protected abstract readonly tables: StoreTables;

  // ---- approval requests, audit log, notification outbox (approvals.ts) ----

  createApproval(request: ApprovalRequest): Promise<void> {
    return this.tables.approvals.createApproval(request);
  }

  getApproval(id: string): Promise<ApprovalRequest | undefined> {
    return this.tables.approvals.getApproval(id);
  }

  listApprovals(filter?: ApprovalFilter): Promise<ApprovalRequest[]> {
    return this.tables.approvals.listApprovals(filter);
  }

  transition(id: string, from: ApprovalState[], to: ApprovalState, patch?: ApprovalPatch): Promise<boolean> {
    return this.tables.approvals.transition(id, from, to, patch);
  }

  appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    return this.tables.approvals.appendAudit(entry);
  }

  listAudit(filter?: AuditFilter): Promise<AuditEntry[]> {
    return this.tables.approvals.listAudit(filter);
  }

  pendingNotifications(settledBefore: number, limit: number): Promise<PendingNotification[]> {
    return this.tables.approvals.pendingNotifications(settledBefore, limit);
  }

  claimNotification(requestId: string, state: ApprovalState, owner: string, leaseMs: number): Promise<boolean> {
    return this.tables.approvals.claimNotification(requestId, state, owner, leaseMs);
  }

  markNotified(requestId: string, state: ApprovalState, owner: string): Promise<boolean> {
    return this.tables.approvals.markNotified(requestId, state, owner);
  }

  releaseNotification(requestId: string, owner: string): Promise<void> {
    return this.tables.approvals.releaseNotification(requestId, owner);
  }

  renewNotification(requestId: string, owner: string, leaseMs: number): Promise<boolean> {
    return this.tables.approvals.renewNotification(requestId, owner, leaseMs);
  }

  // ---- idempotency keys, stored check requests (claims.ts) ----

  claim(key: string, ttlSeconds: number): Promise<boolean> {
    return this.tables.claims.claim(key, ttlSeconds);
  }

  releaseClaim(key: string): Promise<void> {
    return this.tables.claims.releaseClaim(key);
  }

  saveRequest(id: string, value: unknown, ttlSeconds: number): Promise<void> {
    return this.tables.claims.saveRequest(id, value, ttlSeconds);
  }

  getRequest(id: string): Promise<unknown> {
    return this.tables.claims.getRequest(id);
  }

  // ---- last verdicts, verdict history (verdicts.ts) ----

  setLastVerdict(org: string, summary: VerdictSummary): Promise<void> {
    return this.tables.verdicts.setLastVerdict(org, summary);
  }

  lastVerdicts(): Promise<LastVerdict[]> {
    return this.tables.verdicts.lastVerdicts();
  }

  appendHistory(entry: VerdictHistoryEntry): Promise<void> {
    return this.tables.verdicts.appendHistory(entry);
  }

  listHistory(org: string, query?: HistoryQuery): Promise<VerdictHistoryEntry[]> {
    return this.tables.verdicts.listHistory(org, query);
  }

  pruneHistory(before: number): Promise<number> {
    return this.tables.verdicts.pruneHistory(before);
  }

  // ---- scheduled revocations (revocations.ts) ----

  scheduleRevocation(revocation: NewRevocation): Promise<ScheduledRevocation> {
    return this.tables.revocations.scheduleRevocation(revocation);
  }

  dueRevocations(now: number): Promise<ScheduledRevocation[]> {
    return this.tables.revocations.dueRevocations(now);
  }

  claimRevocation(id: string, leaseMs: number): Promise<boolean> {
    return this.tables.revocations.claimRevocation(id, leaseMs);
  }

  finishRevocation(id: string, state: 'done' | 'failed', detail?: string): Promise<boolean> {
    return this.tables.revocations.finishRevocation(id, state, detail);
  }

  getRevocation(id: string): Promise<ScheduledRevocation | undefined> {
    return this.tables.revocations.getRevocation(id);
  }

  revocationsForRequest(requestId: string): Promise<ScheduledRevocation[]> {
    return this.tables.revocations.revocationsForRequest(requestId);
  }

  timeBoundWithoutRevocation(updatedBefore: number): Promise<ApprovalRequest[]> {
    return this.tables.revocations.timeBoundWithoutRevocation(updatedBefore);
  }

  // ---- propagation watches (propagation-watches.ts) ----

  createWatch(watch: NewWatch): Promise<PropagationWatch | undefined> {
    return this.tables.watches.createWatch(watch);
  }

  getWatch(id: string): Promise<PropagationWatch | undefined> {
    return this.tables.watches.getWatch(id);
  }

  getWatchForRequest(requestId: string): Promise<PropagationWatch | undefined> {
    return this.tables.watches.getWatchForRequest(requestId);
  }

  dueWatches(now: number): Promise<PropagationWatch[]> {
    return this.tables.watches.dueWatches(now);
  }

  claimWatch(id: string, position: number, owner: string, leaseMs: number): Promise<boolean> {
    return this.tables.watches.claimWatch(id, position, owner, leaseMs);
  }

  updateWatch(id: string, expected: { position: number; owner: string }, patch: WatchPatch): Promise<boolean> {
    return this.tables.watches.updateWatch(id, expected, patch);
  }

  setWatchMessage(id: string, message: ThreadRef): Promise<void> {
    return this.tables.watches.setWatchMessage(id, message);
  }

  // ---- schedule ticks, status-change outbox (schedule.ts) ----

  claimScheduleTick(org: string, tickAt: number, owner: string, leaseUntil: number, now: number): Promise<boolean> {
    return this.tables.schedule.claimScheduleTick(org, tickAt, owner, leaseUntil, now);
  }

  finishScheduleTick(org: string, tickAt: number, owner: string, result: TickResult, now: number): Promise<boolean> {
    return this.tables.schedule.finishScheduleTick(org, tickAt, owner, result, now);
  }

  lastScheduleTick(org: string): Promise<ScheduleTick | undefined> {
    return this.tables.schedule.lastScheduleTick(org);
  }

  pruneScheduleTicks(before: number): Promise<number> {
    return this.tables.schedule.pruneScheduleTicks(before);
  }

  addStatusNotices(notices: Array<Omit<StatusNotice, 'attempts'>>): Promise<void> {
    return this.tables.schedule.addStatusNotices(notices);
  }

  claimStatusNotices(owner: string, now: number, leaseMs: number, limit: number): Promise<StatusNotice[]> {
    return this.tables.schedule.claimStatusNotices(owner, now, leaseMs, limit);
  }

  finishStatusNotice(id: string, owner: string, done: boolean, now: number): Promise<boolean> {
    return this.tables.schedule.finishStatusNotice(id, owner, done, now);
  }
}
