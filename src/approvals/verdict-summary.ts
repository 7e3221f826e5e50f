/** The one-line form of a verdict App Home lists per org (stored with Store.setLastVerdict). */
import type { Verdict } from '../diagnosis/verdict';
import type { VerdictSummary } from './types';

export function summariseVerdict(verdict: Verdict, checkedAt: number): VerdictSummary {
  const worst = verdict.checks.filter((c) => c.status === verdict.overall);
  const headline =
    verdict.overall === 'pass'
      ? 'All checks pass'
      : worst.map((c) => `${c.id} ${c.status}s: ${c.summary}`).join('; ') || verdict.overall;
  return { overall: verdict.overall, headline: headline.slice(0, 300), identity: verdict.identity, checkedAt };
}
