/**
 * Verdict history: one small row per verdict kept (scheduled runs, and any check a surface chooses to record),
 * bounded in time (VERDICT_HISTORY_RETENTION_MS, pruned on append). The store keeps these rows; the types live
 * here so the store depends on the domain, never the reverse.
 */
import type { FactSnapshot } from './snapshot';
import type { CheckId, CheckStatus, Verdict } from './verdict';

/** 90 days. */
export const VERDICT_HISTORY_RETENTION_MS = 90 * 86_400_000;

export type HistorySource = 'schedule' | 'check';

export interface VerdictHistoryEntry {
  org: string;
  /** When the verdict was made (ms since the epoch). */
  at: number;
  source: HistorySource;
  overall: Verdict['overall'];
  /**
   * When the org's overall status became `overall` (this entry's `at` when it changed here): carried forward
   * from the previous entry of the same source while the status holds, so "broken for 3 h" needs no scan.
   */
  statusSince: number;
  /** One line: the failing checks' summaries, or "All checks pass". */
  headline: string;
  identity: Verdict['identity'];
  checks: Array<{ id: CheckId; status: CheckStatus }>;
  missingPermissions: string[];
  /** The facts in comparable form, so a later change can name what differs (absent for entries without facts). */
  snapshot?: FactSnapshot;
}

export interface HistoryQuery {
  /** Only entries of this source. */
  source?: HistorySource;
  /** Only entries at or after this time. */
  since?: number;
  /** Newest first, at most this many (default 100). */
  limit?: number;
}

/** What keeping the history needs of the shared store (both Store implementations provide it). */
export interface VerdictHistoryStore {
  appendHistory(entry: VerdictHistoryEntry): Promise<void>;
  /** The org's entries, newest first. */
  listHistory(org: string, query?: HistoryQuery): Promise<VerdictHistoryEntry[]>;
  /** Deletes entries older than `before` (every org); returns how many. */
  pruneHistory(before: number): Promise<number>;
}

/** The row to append for `verdict`, given the previous entry of the same org and source (for statusSince). */
export function historyEntry(
  verdict: Verdict,
  at: number,
  source: HistorySource,
  previous: Pick<VerdictHistoryEntry, 'overall' | 'statusSince'> | undefined,
  snapshot?: FactSnapshot,
): VerdictHistoryEntry {
  return {
    org: verdict.org,
    at,
    source,
    overall: verdict.overall,
    statusSince: previous && previous.overall === verdict.overall ? previous.statusSince : at,
    headline: verdictHeadline(verdict),
    identity: verdict.identity,
    checks: verdict.checks.map((c) => ({ id: c.id, status: c.status })),
    missingPermissions: verdict.missingPermissions,
    ...(snapshot ? { snapshot } : {}),
  };
}

/** The checks that decided the overall status, each with its summary (the role check's names the permissions to grant). */
export function verdictHeadline(verdict: Verdict): string {
  if (verdict.overall === 'pass') return 'All checks pass';
  const worst = verdict.checks.filter((c) => c.status === verdict.overall);
  const line = worst.map((c) => `${c.id} ${c.status}s: ${c.summary}`).join('; ') || verdict.overall;
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}
