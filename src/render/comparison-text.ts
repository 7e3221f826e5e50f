/**
 * `org=acme client=A compare=B` for a terminal: each identity's overall status and headline, then what the
 * working identity has that the other lacks (both ways when both or neither pass), read from the facts both
 * checks gathered. Its JSON form too, and the exit status (the worse of the two).
 */
import type { IdentityComparison, OrgRun } from '../compare/many-orgs';
import { verdictHeadline } from '../diagnosis/history';
import type { Verdict } from '../diagnosis/verdict';
import { describeIdentity, STATUS_WORD } from './describe';
import { terminalSafe } from './terminal';

export function renderComparisonText(comparison: IdentityComparison): string {
  const lines = [`compare · org ${comparison.first.org}`, ''];
  for (const [label, run] of [
    ['1', comparison.first],
    ['2', comparison.second],
  ] as const)
    lines.push(`${label}. ${runLine(run)}`);
  lines.push('');
  const heading =
    comparison.working === 'none'
      ? 'differs (neither or both pass, so both ways):'
      : `what ${comparison.working === 'first' ? '1' : '2'} (passing) has and the other lacks:`;
  if (comparison.first.kind !== 'verdict' || comparison.second.kind !== 'verdict')
    lines.push('no comparison: one identity has no verdict');
  else if (comparison.differences.length === 0) lines.push(`${heading} nothing in the facts both checks read`);
  else lines.push(heading, ...comparison.differences.map((d) => `  - ${d.line}`));
  return lines.map(terminalSafe).join('\n');
}

function runLine(run: OrgRun): string {
  if (run.kind === 'error') return `ERROR    ${run.message}`;
  return `${STATUS_WORD[run.verdict.overall].padEnd(8)} ${describeIdentity(run.verdict.identity)}: ${verdictHeadline(run.verdict)}`;
}

export function comparisonJson(comparison: IdentityComparison): {
  org: string;
  working: IdentityComparison['working'];
  first: Verdict | { error: string };
  second: Verdict | { error: string };
  differences: string[];
} {
  const side = (run: OrgRun) => (run.kind === 'verdict' ? run.verdict : { error: run.message });
  return {
    org: comparison.first.org,
    working: comparison.working,
    first: side(comparison.first),
    second: side(comparison.second),
    differences: comparison.differences.map((d) => d.line),
  };
}

/** 1 when either fails, 3 when either is unknown or has no verdict, else 0. */
export function exitCodeForComparison(comparison: IdentityComparison): number {
  const statuses = [comparison.first, comparison.second].map((r) =>
    r.kind === 'verdict' ? r.verdict.overall : 'error',
  );
  if (statuses.includes('fail')) return 1;
  if (statuses.includes('unknown') || statuses.includes('error')) return 3;
  return 0;
}
