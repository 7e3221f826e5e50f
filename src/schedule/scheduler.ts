/**
 * Runs each scheduled org's default request once per tick across every replica sharing the store, keeps the
 * verdict history and calls `notify` only when an org's overall status changes.
 *
 * What "once per tick" means here, precisely:
 * - An org's due tick at time t is the latest tick of its schedule at or before t. Every replica polls; each
 *   poll tries to claim the due tick (org, tickAt) in the shared store. The claim is one conditional write,
 *   so exactly one replica holds it; a tick that was finished is never run again.
 * - A tick whose holder stops before finishing (crash, deploy) is taken over once its lease ends (default
 *   5 min) by whichever replica polls next, the restarted one included: the run is at-least-once while a
 *   holder dies, and a tick is finished (history appended, change notified) at most once, because finishing
 *   is conditional on still holding the claim.
 * - Ticks that fell due while no replica was running are not run late one by one: after a restart the latest
 *   due tick runs (once), and the older unclaimed ones are counted as skipped (`missed`).
 * - A run's result is recorded only after the finish succeeded: a replica whose lease lapsed mid-run (another
 *   took the tick over) discards its result (`lease-lost`). A crash between finishing and appending the
 *   history loses that one entry and its post, rather than ever posting twice.
 */
import type { Logger } from 'pino';
import type { AppConfig } from '../config/types';
import type { DiagnoseOutcome } from '../diagnosis/diagnose';
import {
  historyEntry,
  VERDICT_HISTORY_RETENTION_MS,
  type VerdictHistoryEntry,
  type VerdictHistoryStore,
} from '../diagnosis/history';
import type { CheckRequest } from '../request/grammar';
import { snapshotFacts } from '../diagnosis/snapshot';
import pLimit from 'p-limit';
import type { OrgMetrics } from '../org-metrics';
import { parseSchedule, ticksBetween, type Schedule } from '../config/schedule';
import { detectStatusChange, type StatusChange } from './status-change';
import type { ScheduleTickStore, TickResult } from './types';

export const DEFAULT_LEASE_MS = 5 * 60_000;
export const DEFAULT_POLL_MS = 15_000;
/** Orgs run at once in one poll (each org has its own client and rate limit; this bounds sr-check's own load). */
export const DEFAULT_SCHEDULE_CONCURRENCY = 4;
/** Pruning runs at most this often per replica (each prune is one indexed DELETE per table). */
const PRUNE_EVERY_MS = 3_600_000;

export interface ScheduledOrg {
  name: string;
  schedule: Schedule;
}

/** The orgs of a config that have a schedule (validated at load, so every one parses). */
export function scheduledOrgs(config: AppConfig): ScheduledOrg[] {
  const out: ScheduledOrg[] = [];
  for (const org of config.orgs.values()) {
    if (!org.schedule) continue;
    const parsed = parseSchedule(org.schedule);
    if (parsed.ok) out.push({ name: org.name, schedule: parsed.schedule });
  }
  return out;
}

/** The request a schedule runs: the org's default target and operations, without caches. */
export function scheduledRequest(org: string): CheckRequest {
  return { org, fresh: true };
}

export interface SchedulerDeps {
  store: ScheduleTickStore & VerdictHistoryStore;
  orgs: () => ScheduledOrg[];
  /** Runs the org's scheduled request (usually `diagnoser.diagnose(scheduledRequest(org), 'schedule')`). */
  run(org: string): Promise<DiagnoseOutcome>;
  /** Told about status changes only (the poster: the org's channel). Its failure is logged, not retried. */
  notify(change: StatusChange): Promise<void>;
  /** This replica's name in claims (host and pid, say). */
  owner: string;
  now?: () => number;
  leaseMs?: number;
  retentionMs?: number;
  metrics?: OrgMetrics;
  logger?: Logger;
  /** Orgs run at once in one poll (default 4). */
  concurrency?: number;
  /** Lines to put first in a status change (orgs managed as code: live grants gone since). Failures are logged. */
  explainChange?(org: string, facts: Extract<DiagnoseOutcome, { ok: true }>['facts']): Promise<string[]>;
}

export type TickOutcome =
  | { org: string; kind: 'not-due' }
  | { org: string; kind: 'done-already'; tickAt: number }
  | { org: string; kind: 'taken'; tickAt: number }
  | {
      org: string;
      kind: 'ran';
      tickAt: number;
      result: TickResult;
      missed: number;
      change?: StatusChange;
      leaseLost?: true;
    };

export class OrgScheduler {
  private readonly now: () => number;
  private readonly leaseMs: number;
  private readonly retentionMs: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private lastPrune = Number.NEGATIVE_INFINITY;
  private primed = false;

  constructor(private readonly deps: SchedulerDeps) {
    this.now = deps.now ?? Date.now;
    this.leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
    this.retentionMs = deps.retentionMs ?? VERDICT_HISTORY_RETENTION_MS;
  }

  /** Polls every `pollMs` (one poll at a time; a slow poll delays the next rather than overlapping it). */
  start(pollMs = DEFAULT_POLL_MS): void {
    if (this.timer) return;
    const poll = () => {
      // The first poll fills the status-age gauge from history before running anything, so it is not missing
      // after a restart until each org's next tick (an hourly org would go unreported for up to an hour).
      const primed = this.primed ? Promise.resolve() : this.primeStatusAge();
      this.running = primed
        .then(() => this.runDue())
        .catch((error: unknown) => this.deps.logger?.warn({ err: error }, 'schedule poll failed'))
        .finally(() => {
          this.running = undefined;
          if (this.timer) this.timer = setTimeout(poll, pollMs);
        });
    };
    this.timer = setTimeout(poll, 0);
    this.timer.unref?.();
  }

  /**
   * org_status_change_age_seconds from each scheduled org's newest scheduled history entry (its statusSince),
   * as a run would set it. An org with no scheduled history yet stays unreported: there is no status to age.
   * A store that cannot be read is logged and leaves the gauge to the runs, never stops the scheduler.
   */
  async primeStatusAge(): Promise<void> {
    this.primed = true;
    const metrics = this.deps.metrics;
    if (!metrics) return;
    for (const org of this.deps.orgs()) {
      try {
        const [newest] = await this.deps.store.listHistory(org.name, { source: 'schedule', limit: 1 });
        if (newest) metrics.recordStatusSince(org.name, newest.statusSince);
      } catch (error) {
        this.deps.logger?.warn({ org: org.name, err: error }, 'could not read history for the status-age gauge');
      }
    }
  }

  /** Stops polling and waits for a poll in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One poll: every scheduled org's due tick, a few orgs at once (each org's own client and rate limit). */
  async runDue(): Promise<TickOutcome[]> {
    const limit = pLimit(Math.max(1, this.deps.concurrency ?? DEFAULT_SCHEDULE_CONCURRENCY));
    const outcomes = await Promise.all(this.deps.orgs().map((org) => limit(() => this.runOrg(org))));
    await this.pruneNowAndThen();
    return outcomes;
  }

  private async runOrg(org: ScheduledOrg): Promise<TickOutcome> {
    const now = this.now();
    const tickAt = org.schedule.lastDueAt(now);
    if (tickAt === undefined) return { org: org.name, kind: 'not-due' };
    const last = await this.deps.store.lastScheduleTick(org.name);
    // Cheap reads first: most polls find the due tick finished or held, and write nothing.
    if (last && last.tickAt >= tickAt && last.state === 'done') return { org: org.name, kind: 'done-already', tickAt };
    // A replica whose clock runs ahead already holds a later tick: an earlier one is not ours to start now.
    if (last && last.tickAt > tickAt) return { org: org.name, kind: 'taken', tickAt };
    if (last && last.tickAt === tickAt && last.leaseUntil >= now) return { org: org.name, kind: 'taken', tickAt };
    if (!(await this.deps.store.claimScheduleTick(org.name, tickAt, this.deps.owner, now + this.leaseMs, now))) {
      return { org: org.name, kind: 'taken', tickAt };
    }
    const missed = last && last.tickAt < tickAt ? ticksBetween(org.schedule, last.tickAt, tickAt) : 0;
    this.deps.metrics?.recordScheduleSkip('missed', missed);

    let outcome: DiagnoseOutcome;
    try {
      outcome = await this.deps.run(org.name);
    } catch (error) {
      outcome = { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    const result: TickResult = outcome.ok ? outcome.verdict.overall : 'error';
    const at = this.now();
    if (!(await this.deps.store.finishScheduleTick(org.name, tickAt, this.deps.owner, result, at))) {
      // Our lease ended mid-run and another replica took the tick: its result is the one that counts.
      this.deps.metrics?.recordScheduleSkip('lease-lost');
      this.deps.logger?.warn(
        { org: org.name, tickAt },
        'scheduled run outlived its lease; another replica finishes this tick',
      );
      return { org: org.name, kind: 'ran', tickAt, result, missed, leaseLost: true };
    }
    this.deps.metrics?.recordScheduleRun(result);
    this.deps.metrics?.recordOrgCheck(org.name, result);
    if (!outcome.ok) {
      this.deps.logger?.warn({ org: org.name, tickAt, reason: outcome.message }, 'scheduled check made no verdict');
      return { org: org.name, kind: 'ran', tickAt, result, missed };
    }

    const [previous] = await this.deps.store.listHistory(org.name, { source: 'schedule', limit: 1 });
    const entry: VerdictHistoryEntry = historyEntry(
      outcome.verdict,
      at,
      'schedule',
      previous,
      snapshotFacts(outcome.facts),
    );
    await this.deps.store.appendHistory(entry);
    this.deps.metrics?.recordStatusSince(org.name, entry.statusSince);
    const change = detectStatusChange(previous, entry);
    if (change && this.deps.explainChange) {
      try {
        change.changes.unshift(...(await this.deps.explainChange(org.name, outcome.facts)));
      } catch (error) {
        this.deps.logger?.warn({ org: org.name, err: error }, 'could not explain a status change');
      }
    }
    if (change) {
      try {
        await this.deps.notify(change);
      } catch (error) {
        this.deps.logger?.warn({ org: org.name, err: error }, 'status change notification failed');
      }
    }
    return { org: org.name, kind: 'ran', tickAt, result, missed, ...(change ? { change } : {}) };
  }

  private async pruneNowAndThen(): Promise<void> {
    const now = this.now();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    await this.deps.store.pruneHistory(now - this.retentionMs);
    await this.deps.store.pruneScheduleTicks(now - this.retentionMs);
  }
}
