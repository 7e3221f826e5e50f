/**
 * Did the org's overall status change between two scheduled runs, and how to say it: pass → fail names what
 * changed (checks that changed status, and what the identity had when it last ran and lacks now, from the two
 * fact snapshots); fail → pass says so and how long it was broken. No previous run: nothing to compare, no change.
 */
import { diffSnapshots } from '../compare/differs';
import type { VerdictHistoryEntry } from '../diagnosis/history';

export type ChangeKind = 'broke' | 'recovered' | 'changed';

export interface StatusChange {
  org: string;
  kind: ChangeKind;
  from: VerdictHistoryEntry['overall'];
  to: VerdictHistoryEntry['overall'];
  at: number;
  /** The new verdict's headline (the failing checks' summaries, or "All checks pass"). */
  headline: string;
  /** What changed, one line each (plain text: the poster escapes it). */
  changes: string[];
  /** How long the previous status held (ms): for `recovered`, how long it was broken. */
  previousForMs: number;
  /** One line for a post. */
  message: string;
}

export function detectStatusChange(
  previous: VerdictHistoryEntry | undefined,
  current: VerdictHistoryEntry,
): StatusChange | undefined {
  if (!previous || previous.overall === current.overall) return undefined;
  const kind: ChangeKind = current.overall === 'fail' ? 'broke' : previous.overall === 'fail' ? 'recovered' : 'changed';
  const previousForMs = Math.max(0, current.at - previous.statusSince);
  const changes: string[] = [];
  if (kind !== 'recovered') {
    const before = new Map(previous.checks.map((c) => [c.id, c.status]));
    for (const check of current.checks) {
      const was = before.get(check.id);
      if (was !== undefined && was !== check.status) changes.push(`${check.id}: ${was} → ${check.status}`);
    }
    const newlyMissing = current.missingPermissions.filter((p) => !previous.missingPermissions.includes(p));
    if (newlyMissing.length > 0) changes.push(`missing now: ${newlyMissing.join(', ')}`);
    if (previous.snapshot && current.snapshot) {
      changes.push(
        ...diffSnapshots(previous.snapshot, current.snapshot, { working: 'the last run', broken: 'this run' }).map(
          (d) => d.line,
        ),
      );
    }
  }
  const message =
    kind === 'recovered'
      ? `${current.org} passes again (${current.overall}) after ${formatDuration(previousForMs)} failing.`
      : kind === 'broke'
        ? `${current.org} now fails (was ${previous.overall} for ${formatDuration(previousForMs)}): ${current.headline}`
        : `${current.org} is now ${current.overall} (was ${previous.overall} for ${formatDuration(previousForMs)}): ${current.headline}`;
  return {
    org: current.org,
    kind,
    from: previous.overall,
    to: current.overall,
    at: current.at,
    headline: current.headline,
    changes,
    previousForMs,
    message,
  };
}

/** "3 h 5 min", "12 min 0 s", "40 s", "2 d 4 h": the largest unit and the one below it. */
export function formatDuration(ms: number): string {
  const units: Array<[string, number]> = [
    ['d', 86_400],
    ['h', 3_600],
    ['min', 60],
    ['s', 1],
  ];
  const seconds = Math.max(0, Math.round(ms / 1000));
  const first = units.findIndex(([, size]) => seconds >= size);
  if (first < 0) return '0 s';
  const [name, size] = units[first]!;
  const parts = [`${Math.floor(seconds / size)} ${name}`];
  const below = units[first + 1];
  if (below) parts.push(`${Math.floor((seconds % size) / below[1])} ${below[0]}`);
  return parts.join(' ');
}
