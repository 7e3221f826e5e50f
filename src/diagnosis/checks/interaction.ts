/** interaction: the conversation exists, has a screen recording, and its file state allows the operation. */
import type { Recording } from '../../genesys/models';
import type { Facts } from '../facts';
import { result, type CheckResult } from '../verdict';

function day(iso: string | undefined): string {
  return iso ? iso.slice(0, 10) : 'an unknown date';
}

export function interactionCheck(facts: Facts): CheckResult {
  if (!facts.interactionId) {
    return result('interaction', 'skipped', 'No interaction named', ['Add interaction=<conversationId> to check a specific conversation.']);
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
  const states = screens.map((r) => r.fileState);
  if (states.some((s) => s === 'AVAILABLE' || s === 'RESTORED')) {
    return result('interaction', 'pass', 'A screen recording is available', evidence);
  }
  // Judge by the most usable screen recording, not whichever the API listed first: one deleted and one
  // archived recording is a restore away from working.
  const first = [...screens].sort((a, b) => usability(a) - usability(b))[0]!;
  switch (first.fileState) {
    case 'DELETED':
      return result('interaction', 'fail', `The screen recording was deleted (${day(first.deleteDate)})`, evidence);
    case 'ARCHIVED':
      return result('interaction', 'warn', `The screen recording was archived on ${day(first.archiveDate)}: restore it before use`, evidence);
    case 'UPLOADING':
      return result('interaction', 'warn', 'The screen recording is still uploading', evidence);
    case 'RESTORING':
      return result('interaction', 'warn', 'The screen recording is being restored from archive', evidence);
    case 'ERROR':
      return result('interaction', 'fail', 'The screen recording is in an error state', evidence);
    default:
      return result('interaction', 'unknown', 'The screen recording has no readable file state', evidence);
  }
}

const USABILITY_ORDER: Array<Recording['fileState']> = ['RESTORING', 'UPLOADING', 'ARCHIVED', undefined, 'ERROR', 'DELETED'];

function usability(r: Recording): number {
  const rank = USABILITY_ORDER.indexOf(r.fileState);
  return rank < 0 ? USABILITY_ORDER.length : rank;
}

function describeRecording(r: Recording): string {
  const dates = [r.archiveDate && `archived ${day(r.archiveDate)}`, r.deleteDate && `delete ${day(r.deleteDate)}`].filter(Boolean);
  return `${r.media ?? 'unknown media'} ${r.fileState ?? 'no state'}${dates.length ? ` (${dates.join(', ')})` : ''}`;
}
