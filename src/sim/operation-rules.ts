/**
 * Rules Genesys enforces beyond an operation's "Requires ANY permissions" line, written from the SDK
 * operation descriptions. This is the simulator's own encoding (the checker keeps a separate one), so
 * each rule quotes the SDK sentence it comes from.
 */

/** A recording as far as the retention rule cares. */
export interface RetentionTarget {
  media: string;
  fileState: string;
}

export interface RetentionRule {
  /** Every clause must be held in a division of the conversation; a clause lists alternatives. */
  clauses: string[][];
  /** The request restores an archived recording (uses one of the org's restorations). */
  restores: boolean;
}

/**
 * PUT /api/v2/conversations/{conversationId}/recordings/{recordingId} (updateConversationRecording), SDK text:
 * "Currently supports updating and removing both archive and delete dates for eligible recordings. A request
 * to change the archival date of an archived recording will result in a restoration of the recording until
 * the new date set. The recording:recording:view permission is required for the recording, as well as either
 * the recording:recording:editRetention or recording:screenRecording:editRetention permissions depending on
 * the type of recording."
 *
 * `changesArchiveDate`: the body carries an archiveDate (a change of the archive date).
 */
export function retentionRule(recording: RetentionTarget, changesArchiveDate: boolean): RetentionRule {
  const screen = recording.media === 'screen';
  const clauses: string[][] = [
    // "The recording:recording:view permission is required for the recording": for a screen recording its
    // own view permission (recording:screenRecording:view) is accepted as well.
    screen ? ['recording:recording:view', 'recording:screenRecording:view'] : ['recording:recording:view'],
    // "... as well as either the recording:recording:editRetention or recording:screenRecording:editRetention
    // permissions depending on the type of recording."
    [screen ? 'recording:screenRecording:editRetention' : 'recording:recording:editRetention'],
  ];
  // "A request to change the archival date of an archived recording will result in a restoration of the
  // recording until the new date set": restoring needs the type's restore permission.
  const restores = recording.fileState === 'ARCHIVED' && changesArchiveDate;
  if (restores) clauses.push([screen ? 'recording:screenRecording:restore' : 'recording:recording:restore']);
  return { clauses, restores };
}
