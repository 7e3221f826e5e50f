/**
 * interaction: the conversation exists, and the recording the request acts on is in a file state that allows
 * the operation: the recording a concrete `op=` names (judged by its own state, never by another recording of
 * the conversation), else the conversation's screen recording(s).
 */
import { requirementFor, usesRecording } from '../../catalog/operation-rules';
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
  if (facts.recordingId) return namedRecording(facts, facts.recordingId, all, evidence);
  if (screens.length === 0) {
    return result('interaction', 'fail', 'The conversation has no screen recording', [
      ...evidence,
      'The operations are about screen recordings: the role check judges them by the rules a screen recording would need.',
    ]);
  }
  const mixed = mixedStates(facts, screens);
  if (mixed) return mixed;
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

/**
 * The recording `op=` names, by its own state. A recording the conversation does not list cannot be acted on;
 * a deleted one cannot be changed (SDK putConversationRecording: it updates the dates "for eligible recordings").
 */
function namedRecording(facts: Facts, id: string, all: Recording[], evidence: string[]): CheckResult {
  const named = all.find((r) => r.id === id);
  if (!named) {
    return result('interaction', 'fail', `Recording ${id} is not one of this conversation's recordings`, [
      ...evidence,
      `op= names recording ${id}; GET /api/v2/conversations/${facts.interactionId}/recordings does not list it.`,
    ]);
  }
  const what = `Recording ${named.id} (${named.media ?? 'unknown media'})`;
  const lines = [...evidence, `op= names recording ${named.id}: judged by its own state, ${describeRecording(named)}.`];
  if (isUnfamiliar(named.fileState)) lines.push(unfamiliarNote(named));
  switch (named.fileState) {
    case 'AVAILABLE':
    case 'RESTORED':
      return result('interaction', 'pass', `${what} is ${named.fileState.toLowerCase()}`, lines);
    case 'DELETED':
      return result(
        'interaction',
        'fail',
        `${what} was deleted (${day(named.deleteDate)}): it cannot be changed, whatever the roles`,
        lines,
      );
    case 'ARCHIVED':
      return archived(named, all, lines, what);
    case 'UPLOADING':
      return result('interaction', 'warn', `${what} is still uploading`, lines);
    case 'RESTORING':
      return result('interaction', 'warn', `${what} is being restored from archive`, lines);
    case 'ERROR':
      return result('interaction', 'fail', `${what} is in an error state`, lines);
    case undefined:
      return result('interaction', 'unknown', `${what} has no readable file state`, lines);
    default:
      return result(
        'interaction',
        'unknown',
        `${what}: file state ${named.fileState} is not one sr-check knows`,
        lines,
      );
  }
}

/** States that ask different things of a recording update: usable, archived (restores), gone, in progress. */
function stateClass(state: string | undefined): string {
  if (state === 'AVAILABLE' || state === 'RESTORED') return 'usable';
  if (state === 'ARCHIVED') return 'archived';
  if (state === 'DELETED' || state === 'ERROR') return 'gone';
  if (state === 'UPLOADING' || state === 'RESTORING') return 'in progress';
  return 'unknown';
}

/**
 * No recording named, an operation that acts on one, and screen recordings whose states ask different
 * things: which one the integration updates decides the answer, so say so, and what each needs.
 */
function mixedStates(facts: Facts, screens: Recording[]): CheckResult | undefined {
  const ops = facts.operations.filter(usesRecording);
  if (ops.length === 0 || new Set(screens.map((r) => stateClass(r.fileState))).size < 2) return undefined;
  const states = [...new Set(screens.map((r) => r.fileState ?? 'no state'))].join(', ');
  const lines = [
    `${screens.length} screen recordings in different states (${states}), and no recording id was given (op= names none).`,
  ];
  for (const r of screens) {
    for (const op of ops) {
      const needs = requirementFor(op, {
        media: 'screen',
        ...(r.fileState ? { fileState: r.fileState } : {}),
        label: `recording ${r.id}`,
        assumed: false,
      }).clauses.map((c) => (c.anyOf.length === 1 ? c.anyOf[0] : `any of ${c.anyOf.join(', ')}`));
      const gone = stateClass(r.fileState) === 'gone' ? ' It cannot be changed at all in this state.' : '';
      const restore =
        r.fileState === 'ARCHIVED' ? " Changing its archive date restores it (one of the org's restorations)." : '';
      lines.push(
        `If the integration updates recording ${r.id} (${describeRecording(r)}): ${op.method} ${op.template} needs ${needs.join('; and ')}.${restore}${gone}`,
      );
    }
  }
  lines.push(
    'Name the recording in op= ("PUT /api/v2/conversations/<id>/recordings/<recordingId>") to judge that one.',
  );
  return result(
    'interaction',
    'warn',
    `The screen recordings are in different states (${states}): the answer depends on which one the integration updates`,
    lines,
  );
}

function archived(
  recording: Recording,
  all: Recording[],
  evidence: string[],
  what = 'The screen recording',
): CheckResult {
  const lines = [...evidence, RESTORE_BY_ARCHIVE_DATE];
  // An org-wide count, carried on each recording: the judged one first, else any recording that has it.
  const carrier = [recording, ...all].find((r) => r.remainingRestorationsAllowedForOrg !== undefined);
  const remaining = carrier?.remainingRestorationsAllowedForOrg;
  const max = carrier?.maxAllowedRestorationsForOrg;
  const summary = `${what} was archived on ${day(recording.archiveDate)}: restore it before use`;
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
