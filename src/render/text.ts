/** The verdict for a terminal: compact (checks that did not pass, fixes) or verbose (every evidence line). */
import type { CheckStatus, Verdict } from '../diagnosis/verdict';
import { describeFix, describeIdentity, STATUS_WORD } from './describe';
import { terminalSafe } from './terminal';
import { wrapLine } from './wrap';

const MARK = { pass: '✓', fail: '✗', warn: '!', unknown: '?', skipped: '-' } as const;

/**
 * Styles a status word (the CLI colours it on a terminal). It is applied after control characters are
 * stripped, so its escape sequences survive while those in Genesys text do not. Default: unstyled.
 */
export type PaintStatus = (status: CheckStatus, text: string) => string;

const PLAIN: PaintStatus = (_status, text) => text;

export interface VerdictTextOptions {
  /** Every check with its evidence (`--verbose`); default: the compact verdict. */
  verbose?: boolean;
  /** Wrap to this many columns (the terminal's width); undefined: no wrapping (a pipe, a file). */
  width?: number;
}

/** Where a check line's summary starts: mark, id column, status column. Continuation lines align to it. */
const SUMMARY_COLUMN = 24;

/**
 * The verdict for a terminal. Compact by default: the headline, one line per check that did not pass, the
 * passing (and skipped) checks on one line each, the fixes and the missing permissions. `verbose` adds every
 * check's evidence lines, as the verdict carries them.
 */
export function renderVerdictText(
  verdict: Verdict,
  paint: PaintStatus = PLAIN,
  options: VerdictTextOptions = {},
): string {
  const { verbose = false, width } = options;
  const safe = (text: string) => terminalSafe(text);
  const lines: Array<[text: string, hang: number]> = [];
  const add = (text: string, hang = 2) => lines.push([text, hang]);
  add(safe(`sr-check · org ${verdict.org} · ${describeIdentity(verdict.identity)}`));
  add(safe(`operations: ${verdict.operations.map((op) => `${op.method} ${op.path}`).join(', ')}`), 12);
  add(`overall: ${paint(verdict.overall, STATUS_WORD[verdict.overall])}`);
  add('');
  // The live probe contradicting the model is the most valuable finding there is: before every check.
  if (verdict.modelDisagreement) {
    add(paint('fail', safe(`!! THE LIVE PROBE CONTRADICTS SR-CHECK: ${verdict.modelDisagreement}`)), 3);
    add('');
  }
  const checkLine = (check: Verdict['checks'][number]) => {
    const word = STATUS_WORD[check.status];
    add(
      `${paint(check.status, `${MARK[check.status]}`)} ${safe(check.id.padEnd(12))} ${paint(check.status, word)}${' '.repeat(Math.max(1, 9 - word.length))}${safe(check.summary)}`,
      SUMMARY_COLUMN,
    );
  };
  if (verbose) {
    for (const check of verdict.checks) {
      checkLine(check);
      for (const line of check.evidence) add(safe(`      ${line}`), 8);
    }
  } else {
    for (const check of verdict.checks) if (check.status !== 'pass' && check.status !== 'skipped') checkLine(check);
    for (const status of ['pass', 'skipped'] as const) {
      const ids = verdict.checks.filter((c) => c.status === status).map((c) => safe(c.id));
      if (ids.length > 0)
        add(
          `${paint(status, MARK[status])} ${paint(status, status === 'pass' ? 'passed' : 'skipped')}: ${ids.join(', ')}`,
          4,
        );
    }
  }
  const fixes = verdict.checks.flatMap((c) => c.fixes);
  if (fixes.length > 0) {
    add('');
    add('fixes (need an approver):');
    for (const fix of fixes) add(safe(`  • ${describeFix(fix, verdict.identity)}`), 4);
  }
  if (verdict.missingPermissions.length > 0) {
    add('');
    add(safe(`missing permissions: ${verdict.missingPermissions.join(', ')}`), 4);
  }
  add('');
  add(
    `${verdict.apiCalls} Genesys API call(s), ${verdict.durationMs} ms${verbose ? '' : ' · -v (--verbose) shows the evidence'}`,
  );
  return lines.flatMap(([text, hang]) => wrapLine(text, width, hang)).join('\n');
}

/** Exit status by verdict: 0 pass or warn, 1 fail, 3 unknown (2 is for usage and configuration errors). */
export function exitCodeFor(verdict: Verdict): number {
  switch (verdict.overall) {
    case 'pass':
    case 'warn':
      return 0;
    case 'fail':
      return 1;
    case 'unknown':
      return 3;
  }
}
