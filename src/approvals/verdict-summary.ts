/** The one-line form of a verdict App Home lists per org, and the one place that stores it (LastVerdictStore.setLastVerdict). */
import type { Logger } from 'pino';
import type { Verdict } from '../diagnosis/verdict';
import type { LastVerdictStore } from './ports';
import type { VerdictSummary } from './types';

export function summariseVerdict(verdict: Verdict, checkedAt: number): VerdictSummary {
  const worst = verdict.checks.filter((c) => c.status === verdict.overall);
  const headline =
    verdict.overall === 'pass'
      ? 'All checks pass'
      : worst.map((c) => `${c.id} ${c.status}s: ${c.summary}`).join('; ') || verdict.overall;
  return { overall: verdict.overall, headline: headline.slice(0, 300), identity: verdict.identity, checkedAt };
}

/**
 * The one writer of "last verdict" (App Home): the approval service after a re-check, the Slack verdict publisher
 * after a check. Never throws: a store that fails costs App Home one line, not the verdict (logged).
 */
export async function recordLastVerdict(
  store: Pick<LastVerdictStore, 'setLastVerdict'>,
  org: string,
  verdict: Verdict,
  at: number,
  logger: Pick<Logger, 'warn'>,
): Promise<void> {
  try {
    await store.setLastVerdict(org, summariseVerdict(verdict, at));
  } catch (error) {
    logger.warn({ org, err: error }, 'could not record the last verdict');
  }
}
