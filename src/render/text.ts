/** The verdict for a terminal: one line per check, evidence indented, fixes last. */
import type { CheckStatus, Verdict } from '../diagnosis/verdict';
import { describeFix, describeIdentity, STATUS_WORD } from './describe';
import { terminalSafe } from './terminal';

const MARK = { pass: '✓', fail: '✗', warn: '!', unknown: '?', skipped: '-' } as const;

/**
 * Styles a status word (the CLI colours it on a terminal). It is applied after control characters are
 * stripped, so its escape sequences survive while those in Genesys text do not. Default: unstyled.
 */
export type PaintStatus = (status: CheckStatus, text: string) => string;

const PLAIN: PaintStatus = (_status, text) => text;

export function renderVerdictText(verdict: Verdict, paint: PaintStatus = PLAIN): string {
  const safe = (text: string) => terminalSafe(text);
  const lines = [
    safe(`sr-check · org ${verdict.org} · ${describeIdentity(verdict.identity)}`),
    safe(`operations: ${verdict.operations.map((op) => `${op.method} ${op.path}`).join(', ')}`),
    `overall: ${paint(verdict.overall, STATUS_WORD[verdict.overall])}`,
    '',
  ];
  // The live probe contradicting the model is the most valuable finding there is: before every check.
  if (verdict.modelDisagreement)
    lines.push(paint('fail', safe(`!! THE LIVE PROBE CONTRADICTS SR-CHECK: ${verdict.modelDisagreement}`)), '');
  for (const check of verdict.checks) {
    const word = STATUS_WORD[check.status];
    lines.push(
      `${paint(check.status, `${MARK[check.status]}`)} ${safe(check.id.padEnd(12))} ${paint(check.status, word)}${' '.repeat(Math.max(1, 9 - word.length))}${safe(check.summary)}`,
    );
    for (const line of check.evidence) lines.push(safe(`      ${line}`));
  }
  const fixes = verdict.checks.flatMap((c) => c.fixes);
  if (fixes.length > 0) {
    lines.push('', 'fixes (need an approver):');
    for (const fix of fixes) lines.push(safe(`  • ${describeFix(fix, verdict.identity)}`));
  }
  if (verdict.missingPermissions.length > 0)
    lines.push('', safe(`missing permissions: ${verdict.missingPermissions.join(', ')}`));
  lines.push('', `${verdict.apiCalls} Genesys API call(s), ${verdict.durationMs} ms`);
  return lines.join('\n');
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
