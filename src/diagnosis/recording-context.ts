/**
 * Which recording a call acts on, for the rules that depend on its type and file state: the recording a
 * concrete `op=` names, else the conversation's most usable screen recording, else an assumed screen
 * recording (the rules say which was assumed).
 */
import type { Operation } from '../catalog/catalog';
import { usesRecording, type RecordingContext } from '../catalog/operation-rules';
import { isKnownFileState, type Recording } from '../genesys/models';
import type { Facts } from './facts';

function contextOf(recording: Recording, assumed: boolean, label: string): RecordingContext {
  return {
    media: recording.media,
    fileState: recording.fileState,
    label,
    assumed,
    ...(recording.remainingRestorationsAllowedForOrg !== undefined
      ? { remainingRestorations: recording.remainingRestorationsAllowedForOrg }
      : {}),
  };
}

/**
 * Which recording(s) a call acts on. The named one; else each of the conversation's screen recordings; else
 * (no screen recording, or none read) an assumed screen recording; recordings whose type was not read are
 * judged as each type they could be. Whatever is not known is judged every
 * way it could be: a missing media type as screen and as audio, an unfamiliar file state as archived and not,
 * so readings that disagree make the call `unknown` instead of a guess.
 */
export function recordingContexts(
  op: Operation,
  facts: Pick<Facts, 'recordingId' | 'recordings'>,
): Array<RecordingContext | undefined> {
  if (!usesRecording(op)) return [undefined];
  const answer =
    facts.recordings?.ok && !facts.recordings.value.processing ? facts.recordings.value.recordings : undefined;
  if (facts.recordingId) {
    const named = answer?.find((r) => r.id === facts.recordingId);
    if (named) return readingsOf(named, false, `recording ${named.id}`);
    // The named recording's type could not be read: judge it as each type it could be.
    return [
      {
        media: 'screen',
        assumed: true,
        label: `recording ${facts.recordingId} as a screen recording (its type could not be read)`,
      },
      {
        media: 'audio',
        assumed: true,
        label: `recording ${facts.recordingId} as an audio recording (its type could not be read)`,
      },
    ];
  }
  const screens = (answer ?? []).filter((r) => r.media === 'screen');
  // The operations are about screen recordings: a conversation without one is judged by the rules a screen
  // recording would need, never by its audio recording's (the interaction check says it has none).
  const untyped = (answer ?? []).filter((r) => r.media === undefined);
  if (screens.length === 0 && untyped.length === 0 && answer && answer.length > 0) {
    return [
      {
        media: 'screen',
        assumed: true,
        label:
          'a screen recording that is not archived (the conversation has none; judged by the rules a screen recording would need)',
      },
    ];
  }
  const candidates = screens.length > 0 ? screens : untyped;
  if (candidates.length === 0) return [undefined];
  const which =
    screens.length > 0
      ? "the conversation's screen recording"
      : "the conversation's recording (its type could not be read)";
  const readings = candidates.flatMap((r) => readingsOf(r, true, `${which} ${r.id}`, ': no recording id was given'));
  // One reading per distinct requirement is enough (family × archived).
  const seen = new Set<string>();
  return readings.filter((r) => {
    const key = `${r.media === 'screen' ? 'screen' : 'other'}|${r.fileState === 'ARCHIVED'}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function readingsOf(recording: Recording, assumed: boolean, name: string, suffix = ''): RecordingContext[] {
  const medias = recording.media ? [recording.media] : ['screen', 'audio'];
  const states =
    recording.fileState === undefined || isKnownFileState(recording.fileState)
      ? [recording.fileState]
      : [recording.fileState, 'ARCHIVED'];
  return medias.flatMap((media) =>
    states.map((fileState) =>
      contextOf(
        { ...recording, media, ...(fileState !== undefined ? { fileState } : {}) },
        assumed || media !== recording.media || fileState !== recording.fileState,
        `${name} (${media}${recording.media ? '' : ' assumed'}, ${fileState ?? 'no file state'}${fileState !== recording.fileState ? ` assumed for the unfamiliar ${recording.fileState}` : ''})${suffix}`,
      ),
    ),
  );
}
