/**
 * Which recording a call acts on, for the rules that depend on its type and file state: the recording a
 * concrete `op=` names, else the conversation's most usable screen recording, else an assumed screen
 * recording (the rules say which was assumed).
 */
import type { Operation } from '../catalog/catalog';
import { usesRecording, type RecordingContext } from '../catalog/operation-rules';
import type { Recording } from '../genesys/models';
import type { Facts } from './facts';

function contextOf(recording: Recording, assumed: boolean, label: string): RecordingContext {
  return {
    media: recording.media,
    fileState: recording.fileState,
    label,
    assumed,
    ...(recording.remainingRestorationsAllowedForOrg !== undefined ? { remainingRestorations: recording.remainingRestorationsAllowedForOrg } : {}),
  };
}

const USABLE_FIRST = ['AVAILABLE', 'RESTORED', 'RESTORING', 'UPLOADING', 'ARCHIVED'];

/** Which recording(s) a call acts on: the named one, else the conversation's screen recording, else an assumed one. */
export function recordingContexts(op: Operation, facts: Pick<Facts, 'recordingId' | 'recordings'>): Array<RecordingContext | undefined> {
  if (!usesRecording(op)) return [undefined];
  const answer = facts.recordings?.ok && !facts.recordings.value.processing ? facts.recordings.value.recordings : undefined;
  if (facts.recordingId) {
    const named = answer?.find((r) => r.id === facts.recordingId);
    if (named) return [contextOf(named, false, `recording ${named.id} (${named.media ?? 'unknown media'}, ${named.fileState ?? 'no file state'})`)];
    // The named recording's type could not be read: judge it as each type it could be.
    return [
      { media: 'screen', assumed: true, label: `recording ${facts.recordingId} as a screen recording (its type could not be read)` },
      { media: 'audio', assumed: true, label: `recording ${facts.recordingId} as an audio recording (its type could not be read)` },
    ];
  }
  const screens = (answer ?? []).filter((r) => r.media === 'screen');
  if (screens.length === 0) return [undefined];
  const rank = (r: Recording) => {
    const i = USABLE_FIRST.indexOf(r.fileState ?? '');
    return i < 0 ? USABLE_FIRST.length : i;
  };
  const best = [...screens].sort((a, b) => rank(a) - rank(b))[0]!;
  return [contextOf(best, true, `the conversation's screen recording ${best.id} (${best.fileState ?? 'no file state'}): no recording id was given`)];
}
