/**
 * Metrics of many-org checks and schedules, registered on the app's Registry (src/metrics.ts owns it):
 *   org_checks_total{org,status}               verdicts per org and overall status (scheduled and many-org runs)
 *   org_status_change_age_seconds{org}         seconds since the org's overall status last changed (from history)
 *   schedule_runs_total{result}                scheduled ticks run, by result (pass, warn, fail, unknown, error)
 *   schedule_skips_total{reason}               ticks not run: missed (every replica was down), lease-lost
 * The org label takes configured org names only (an operator's list), capped at MAX_ORG_LABELS; others are `other`.
 */
import { Counter, Gauge, type Registry } from 'prom-client';

export const MAX_ORG_LABELS = 1000;
export const ORG_STATUSES = ['pass', 'warn', 'fail', 'unknown', 'error'] as const;
export const SKIP_REASONS = ['missed', 'lease-lost'] as const;
const OTHER = 'other';
/** Every sr-check metric's name starts with this (the process metrics too), so they never collide in a shared Prometheus. */
export const METRIC_PREFIX = 'sr_check_';

export class OrgMetrics {
  private readonly checks: Counter<'org' | 'status'>;
  private readonly runs: Counter<'result'>;
  private readonly skips: Counter<'reason'>;
  private readonly statusSince = new Map<string, number>();
  private readonly orgs = new Set<string>();

  /** `now` is read at scrape time for the age gauge. */
  constructor(
    registry: Registry,
    private readonly now: () => number = Date.now,
  ) {
    const registers = [registry];
    this.checks = new Counter({
      name: `${METRIC_PREFIX}org_checks_total`,
      help: 'Verdicts per org and overall status',
      labelNames: ['org', 'status'],
      registers,
    });
    this.runs = new Counter({
      name: `${METRIC_PREFIX}schedule_runs_total`,
      help: 'Scheduled ticks run, by result',
      labelNames: ['result'],
      registers,
    });
    this.skips = new Counter({
      name: `${METRIC_PREFIX}schedule_skips_total`,
      help: 'Scheduled ticks not run, by reason',
      labelNames: ['reason'],
      registers,
    });
    const statusSince = this.statusSince;
    const clock = this.now;
    new Gauge({
      name: `${METRIC_PREFIX}org_status_change_age_seconds`,
      help: "Seconds since the org's overall status last changed (scheduled runs)",
      labelNames: ['org'],
      registers,
      collect() {
        this.reset();
        for (const [org, since] of statusSince) this.set({ org }, Math.max(0, (clock() - since) / 1000));
      },
    });
  }

  recordOrgCheck(org: string, status: string): void {
    this.checks.inc({ org: this.orgLabel(org), status: bounded(status, ORG_STATUSES) });
  }

  /** The org's status has held since `since` (a history entry's statusSince). */
  recordStatusSince(org: string, since: number): void {
    this.statusSince.set(this.orgLabel(org), since);
  }

  recordScheduleRun(result: string): void {
    this.runs.inc({ result: bounded(result, ORG_STATUSES) });
  }

  recordScheduleSkip(reason: string, count = 1): void {
    if (count > 0) this.skips.inc({ reason: bounded(reason, SKIP_REASONS) }, count);
  }

  private orgLabel(org: string): string {
    if (this.orgs.has(org)) return org;
    if (this.orgs.size >= MAX_ORG_LABELS) return OTHER;
    this.orgs.add(org);
    return org;
  }
}

function bounded(value: string, allowed: readonly string[]): string {
  return allowed.includes(value) ? value : OTHER;
}
