/** `sr-check history org=acme`: an org's verdict history for a terminal (newest first), and its `--json` form. */
import type { VerdictHistoryEntry } from '../diagnosis/history';
import { STATUS_WORD } from './describe';
import { terminalSafe } from './terminal';

export function renderHistoryText(org: string, entries: VerdictHistoryEntry[]): string {
  if (entries.length === 0)
    return terminalSafe(
      `No verdict history for ${org} (kept 90 days; scheduled runs and checks made in Slack are recorded).`,
    );
  const lines = [`verdict history · org ${org} · newest first`, ''];
  for (const e of entries) {
    lines.push(
      `${new Date(e.at).toISOString()}  ${STATUS_WORD[e.overall].padEnd(8)} ${e.source.padEnd(8)} ${e.headline}`,
    );
  }
  return lines.map(terminalSafe).join('\n');
}

/** The JSON form: the entries as stored (fact snapshots included), newest first. */
export function historyJson(
  org: string,
  entries: VerdictHistoryEntry[],
): { org: string; entries: VerdictHistoryEntry[] } {
  return { org, entries };
}
