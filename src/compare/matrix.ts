/**
 * The comparison matrix of a many-orgs run: a row per org, a column per check, the overall status, and for a
 * failing row its one fix (the deciding check's summary, which names the fewest permissions to grant, and
 * that check's first proposed fix) and what differs from the passing reference org. Names the caller typed
 * that are not available here get a row that says only that (the same words for "no such org" and "not yours").
 * Pure data: the renderers (render/matrix-text.ts, slack/blocks/matrix.ts) lay it out.
 */
import { CHECK_IDS, type CheckId, type CheckStatus, type FixProposal, type Verdict } from '../diagnosis/verdict';
import { verdictHeadline } from '../diagnosis/history';
import type { Difference } from './differs';
import type { ManyOrgsResult, ManyOrgsSummary } from './many-orgs';

export type RowStatus = Verdict['overall'] | 'error' | 'not-available';

export interface MatrixRow {
  org: string;
  overall: RowStatus;
  /** Each check's status; absent when the row has no verdict. */
  cells: Partial<Record<CheckId, CheckStatus>>;
  /** The failing checks' summaries, or "All checks pass"; for error and not-available rows, why. */
  headline: string;
  /** For a failing row: the check that decides it and its first proposed fix (none: the summary says what to do). */
  fix?: { check: CheckId; summary: string; proposal?: FixProposal; identity: Verdict['identity'] };
  /** For a failing row, when a passing org exists: what that org has and this one lacks. */
  differs?: Difference[];
}

export interface Matrix {
  /** The checks any row ran, in the verdict's order. */
  columns: CheckId[];
  rows: MatrixRow[];
  summary: ManyOrgsSummary;
}

export const NOT_AVAILABLE_LINE = 'no such org here';

/** Rows: failing first, then unknown, error, warn, pass (so the problems lead), each group by org name; not-available last. */
const ORDER: Record<RowStatus, number> = { fail: 0, unknown: 1, error: 2, warn: 3, pass: 4, 'not-available': 5 };

/** The row for a name that is the built-in demo org: it runs a simulator of its own, one check at a time. */
export function runsAloneLine(org: string): string {
  return `the ${org} org runs alone (sr-check org=${org})`;
}

export interface BuildMatrixOptions {
  /** Names that are the built-in demo org: their row says it runs alone, not that there is no such org. */
  runsAlone?: (org: string) => boolean;
}

export function buildMatrix(result: ManyOrgsResult, options: BuildMatrixOptions = {}): Matrix {
  const rows: MatrixRow[] = result.runs.map((run) => {
    if (run.kind === 'error') return { org: run.org, overall: 'error', cells: {}, headline: run.message };
    const verdict = run.verdict;
    const cells: Partial<Record<CheckId, CheckStatus>> = {};
    for (const check of verdict.checks) cells[check.id] = check.status;
    const row: MatrixRow = { org: run.org, overall: verdict.overall, cells, headline: verdictHeadline(verdict) };
    if (verdict.overall === 'fail') {
      const deciding = verdict.checks.find((c) => c.status === 'fail')!;
      const proposal = deciding.fixes[0];
      row.fix = {
        check: deciding.id,
        summary: deciding.summary,
        identity: verdict.identity,
        ...(proposal ? { proposal } : {}),
      };
      const differs = result.differs[run.org];
      if (differs) row.differs = differs;
    }
    return row;
  });
  rows.sort((a, b) => ORDER[a.overall] - ORDER[b.overall] || a.org.localeCompare(b.org));
  for (const name of result.summary.notAvailable)
    rows.push({
      org: name,
      overall: 'not-available',
      cells: {},
      headline: options.runsAlone?.(name) ? runsAloneLine(name) : NOT_AVAILABLE_LINE,
    });
  const ran = new Set(rows.flatMap((r) => Object.keys(r.cells)));
  return { columns: CHECK_IDS.filter((id) => ran.has(id)), rows, summary: result.summary };
}

/** The JSON form (`--json`): every verdict in full, the errors, and the summary with the differs per failing org. */
export function manyOrgsJson(result: ManyOrgsResult): {
  verdicts: Verdict[];
  errors: Array<{ org: string; message: string }>;
  differs: Record<string, string[]>;
  summary: ManyOrgsSummary;
} {
  return {
    verdicts: result.runs.flatMap((r) => (r.kind === 'verdict' ? [r.verdict] : [])),
    errors: result.runs.flatMap((r) => (r.kind === 'error' ? [{ org: r.org, message: r.message }] : [])),
    differs: Object.fromEntries(Object.entries(result.differs).map(([org, list]) => [org, list.map((d) => d.line)])),
    summary: result.summary,
  };
}
