/** The audit log for people (a table) and for `--since` (an ISO time, or a relative `-24h` / `-7d` / `-30m`). */
import type { AuditEntry } from './types';

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `-24h`, `-7d`, `-30m`, or an ISO-8601 date/time → ms since epoch; undefined when neither. */
export function parseSince(text: string, now: number): number | undefined {
  const relative = /^-(\d{1,6})([mhd])$/.exec(text.trim());
  if (relative) return now - Number(relative[1]) * UNIT_MS[relative[2]!]!;
  if (!/^\d{4}-\d{2}-\d{2}/.test(text.trim())) return undefined;
  const at = Date.parse(text.trim());
  return Number.isNaN(at) ? undefined : at;
}

/**
 * Oldest first, one row per entry: time, org, actor, action, target, change, result. `names`: Slack user ids
 * with the names people know them by (the actor shows as `Name (U…)`).
 */
export function formatAuditTable(entries: AuditEntry[], names: ReadonlyMap<string, string> = new Map()): string {
  if (entries.length === 0) return 'No audit entries.';
  const rows = [...entries]
    .sort((a, b) => a.at - b.at || a.id - b.id)
    .map((e) => [
      new Date(e.at).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      e.org,
      names.has(e.actor) ? oneLine(`${names.get(e.actor)} (${e.actor})`, 60) : e.actor,
      e.action,
      e.target ? `${e.target.kind === 'user' ? 'user' : 'client'} ${e.target.id}` : '',
      oneLine(e.summary, 70),
      oneLine(e.result ?? '', 60),
    ]);
  const header = ['time', 'org', 'actor', 'action', 'target', 'change', 'result'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function oneLine(text: string, max: number): string {
  // Control characters (a crafted name, say) must not move the terminal's cursor.
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
