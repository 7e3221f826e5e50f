/**
 * The comparison matrix for a terminal: one line per org (overall, then a column per check), then per failing
 * org its one fix and what differs from the passing reference org, then the summary. Every org and every
 * difference is printed (the full table lives here and in `--json`; Slack summarises).
 */
import type { CheckStatus } from '../diagnosis/verdict';
import type { Matrix, RowStatus } from '../compare/matrix';
import { describeFix, STATUS_WORD } from './describe';
import { terminalSafe } from './terminal';

const ROW_WORD: Record<RowStatus, string> = { ...STATUS_WORD, error: 'ERROR', 'not-available': 'N/A' };
const CELL: Record<CheckStatus, string> = { pass: 'pass', fail: 'FAIL', warn: 'warn', unknown: '?', skipped: '-' };

export function renderMatrixText(matrix: Matrix): string {
  const orgWidth = Math.max(3, ...matrix.rows.map((r) => r.org.length));
  const widths = matrix.columns.map((c) => Math.max(c.length, 4));
  const header = [
    'org'.padEnd(orgWidth),
    'overall'.padEnd(8),
    ...matrix.columns.map((c, i) => c.padEnd(widths[i]!)),
  ].join('  ');
  const lines = [header, '-'.repeat(header.length)];
  for (const row of matrix.rows) {
    const cells = matrix.columns.map((c, i) => (row.cells[c] ? CELL[row.cells[c]] : '').padEnd(widths[i]!));
    const tail = row.overall === 'error' || row.overall === 'not-available' ? [row.headline] : cells;
    lines.push([row.org.padEnd(orgWidth), ROW_WORD[row.overall].padEnd(8), ...tail].join('  ').trimEnd());
  }
  const failing = matrix.rows.filter((r) => r.fix);
  if (failing.length > 0) lines.push('', 'fixes:');
  for (const row of failing) {
    const fix = row.fix!;
    lines.push(`  ${row.org}: ${fix.check}: ${fix.summary}`);
    if (fix.proposal) lines.push(`      → ${describeFix(fix.proposal, fix.identity)}`);
    if (row.differs && row.differs.length > 0) {
      lines.push(`      differs from ${matrix.summary.reference}:`);
      for (const d of row.differs) lines.push(`        - ${d.line}`);
    } else if (row.differs) {
      lines.push(`      differs from ${matrix.summary.reference}: nothing in the facts both checks read`);
    }
  }
  lines.push('', summaryLine(matrix));
  return lines.map(terminalSafe).join('\n');
}

export function summaryLine(matrix: Matrix): string {
  const s = matrix.summary;
  const parts = [`${s.orgs} org(s)`, `${s.pass} pass`, `${s.warn} warn`, `${s.fail} fail`, `${s.unknown} unknown`];
  if (s.error > 0) parts.push(`${s.error} error`);
  if (s.notAvailable.length > 0) parts.push(`${s.notAvailable.length} not available here`);
  return `${parts.join(', ')} · ${(s.durationMs / 1000).toFixed(1)} s`;
}

/** Exit status for a many-orgs run: the worst row's, as for one verdict (1 fail, 3 unknown or error, 0 otherwise). */
export function exitCodeForMatrix(matrix: Matrix): number {
  if (matrix.rows.some((r) => r.overall === 'fail')) return 1;
  if (matrix.rows.some((r) => r.overall === 'unknown' || r.overall === 'error')) return 3;
  return 0;
}
