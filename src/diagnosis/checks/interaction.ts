/** interaction: the conversation exists, has a screen recording, and its file state allows the operation. */
import { FILE_STATES, isKnownFileState, type Recording } from '../../genesys/models';
import type { Facts } from '../facts';
import { result, type CheckResult } from '../verdict';

/** SDK putConversationRecording, the retention update sr-check names for recordings. */
const RESTORE_BY_ARCHIVE_DATE =
  'Changing the archive date of an archived recording restores it (SDK putConversationRecording: "A request to change the archival date of an archived recording will result in a restoration of the recording until the new date set"); restoring needs the type\'s restore permission, recording:screenRecording:restore for a screen recording.';

function day(iso: string | undefined): string {
  return iso ? iso.slice(0, 10) : 'an unknown date';
}

/** A file state the SDK does not document (Genesys adds values over time): reported by name. */
function isUnfamiliar(state: string | undefined): state is string {
  return state !== undefined && !isKnownFileState(state);
}

function unfamiliarNote(r: Recording): string {
  return `Screen recording ${r.id}: file state ${r.fileState} is not one sr-check knows (the SDK documents ${FILE_STATES.join(', ')}).`;
}

export function interactionCheck(facts: Facts): CheckResult {
  if (!facts.interactionId) {
    return result('interaction', 'skipped', 'No interaction named', [
      'Add interaction=<conversationId> to check a specific conversation.',
    ]);
  }
  const recordings = facts.recordings;
  if (!recordings) return result('interaction', 'unknown', 'The recordings were not read', []);
  if (!recordings.ok) {
    if (recordings.error?.status === 404) {
      return result('interaction', 'fail', `Conversation ${facts.interactionId} does not exist in this org`, [
        recordings.reason,
        'A mistyped id, or a conversation from another org or region, answers like this.',
      ]);
    }
    return result('interaction', 'unknown', "Could not read the conversation's recordings", [recordings.reason]);
  }
  if (recordings.value.processing) {
    return result('interaction', 'warn', 'Recordings are still being processed (202)', [
      'Genesys answered 202: the recordings of this conversation are not ready yet. Try again in a few minutes.',
    ]);
  }
  const all = recordings.value.recordings;
  const screens = all.filter((r) => r.media === 'screen');
  const evidence = [`${all.length} recording(s): ${all.map(describeRecording).join('; ') || 'none'}.`];
  if (screens.length === 0) {
    return result('interaction', 'fail', 'The conversation has no screen recording', evidence);
  }
  // An unfamiliar state is named, whatever the outcome, so nobody mistakes it for a state sr-check judged.
  evidence.push(...screens.filter((r) => isUnfamiliar(r.fileState)).map(unfamiliarNote));
  if (screens.some((r) => r.fileState === 'AVAILABLE' || r.fileState === 'RESTORED')) {
    return result('interaction', 'pass', 'A screen recording is available', evidence);
  }
  // Judge by the most usable screen recording, not whichever the API listed first: one deleted and one
  // archived recording is a restore away from working.
  const first = [...screens].sort((a, b) => usability(a) - usability(b))[0]!;
  switch (first.fileState) {
    case 'DELETED':
      return result('interaction', 'fail', `The screen recording was deleted (${day(first.deleteDate)})`, evidence);
    case 'ARCHIVED':
      return archived(first, all, evidence);
    case 'UPLOADING':
      return result('interaction', 'warn', 'The screen recording is still uploading', evidence);
    case 'RESTORING':
      return result('interaction', 'warn', 'The screen recording is being restored from archive', evidence);
    case 'ERROR':
      return result('interaction', 'fail', 'The screen recording is in an error state', evidence);
    case undefined:
      return result('interaction', 'unknown', 'The screen recording has no readable file state', evidence);
    default:
      return result(
        'interaction',
        'unknown',
        `The screen recording's file state ${first.fileState} is not one sr-check knows`,
        evidence,
      );
  }
}

function archived(recording: Recording, all: Recording[], evidence: string[]): CheckResult {
  const lines = [...evidence, RESTORE_BY_ARCHIVE_DATE];
  // An org-wide count, carried on each recording: the judged one first, else any recording that has it.
  const carrier = [recording, ...all].find((r) => r.remainingRestorationsAllowedForOrg !== undefined);
  const remaining = carrier?.remainingRestorationsAllowedForOrg;
  const max = carrier?.maxAllowedRestorationsForOrg;
  const summary = `The screen recording was archived on ${day(recording.archiveDate)}: restore it before use`;
  if (remaining === undefined) {
    lines.push(
      'How many archive restorations the org has left is not said (no remainingRestorationsAllowedForOrg on the recordings).',
    );
    return result('interaction', 'warn', summary, lines);
  }
  lines.push(
    `The org has ${remaining}${max !== undefined ? ` of ${max}` : ''} archive restoration(s) left (remainingRestorationsAllowedForOrg${max !== undefined ? ' / maxAllowedRestorationsForOrg' : ''}).`,
  );
  if (remaining <= 0) {
    return result('interaction', 'warn', `${summary}, but no restorations remain for the org`, lines);
  }
  return result('interaction', 'warn', summary, lines);
}

/** Most usable first; a state sr-check does not know ranks with a missing one (it may be anything). */
const USABILITY_ORDER: Array<string | undefined> = [
  'RESTORING',
  'UPLOADING',
  'ARCHIVED',
  undefined,
  'ERROR',
  'DELETED',
];

function usability(r: Recording): number {
  const state = isUnfamiliar(r.fileState) ? undefined : r.fileState;
  const rank = USABILITY_ORDER.indexOf(state);
  return rank < 0 ? USABILITY_ORDER.length : rank;
}

function describeRecording(r: Recording): string {
  const dates = [
    r.archiveDate && `archived ${day(r.archiveDate)}`,
    r.deleteDate && `delete ${day(r.deleteDate)}`,
  ].filter(Boolean);
  return `${r.media ?? 'unknown media'} ${r.fileState ?? 'no state'}${dates.length ? ` (${dates.join(', ')})` : ''}`;
}
