/** The verdict for a terminal: one line per check, evidence indented, fixes last. */
import type { Verdict } from '../diagnosis/verdict';
import { describeFix, describeIdentity, STATUS_WORD } from './describe';
import { terminalSafe } from './terminal';

const MARK = { pass: '✓', fail: '✗', warn: '!', unknown: '?', skipped: '-' } as const;

export function renderVerdictText(verdict: Verdict): string {
  const lines = [
    `sr-check · org ${verdict.org} · ${describeIdentity(verdict.identity)}`,
    `operations: ${verdict.operations.map((op) => `${op.method} ${op.path}`).join(', ')}`,
    `overall: ${STATUS_WORD[verdict.overall]}`,
    '',
  ];
  // The live probe contradicting the model is the most valuable finding there is: before every check.
  if (verdict.modelDisagreement) lines.push(`!! THE LIVE PROBE CONTRADICTS SR-CHECK: ${verdict.modelDisagreement}`, '');
  for (const check of verdict.checks) {
    lines.push(`${MARK[check.status]} ${check.id.padEnd(12)} ${STATUS_WORD[check.status].padEnd(8)} ${check.summary}`);
    for (const line of check.evidence) lines.push(`      ${line}`);
  }
  const fixes = verdict.checks.flatMap((c) => c.fixes);
  if (fixes.length > 0) {
    lines.push('', 'fixes (need an approver):');
    for (const fix of fixes) lines.push(`  • ${describeFix(fix)}`);
  }
  if (verdict.missingPermissions.length > 0) lines.push('', `missing permissions: ${verdict.missingPermissions.join(', ')}`);
  lines.push('', `${verdict.apiCalls} Genesys API call(s), ${verdict.durationMs} ms`);
  return lines.map(terminalSafe).join('\n');
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
