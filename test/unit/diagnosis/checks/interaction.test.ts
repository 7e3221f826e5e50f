import { describe, expect, it } from 'vitest';
import { interactionCheck } from '../../../../src/diagnosis/checks/interaction';
import type { Facts } from '../../../../src/diagnosis/facts';
import type { CheckStatus } from '../../../../src/diagnosis/verdict';
import type { Recording } from '../../../../src/genesys/models';
import { IDS, OPS, buildFacts, catalogOp, failed, ok, recording, recordingsAnswer } from '../../../support/facts';

function withRecordings(recordings: Recording[]): Facts {
  return buildFacts({ recordings: ok(recordingsAnswer(recordings)) });
}

const archived = recording({
  fileState: 'ARCHIVED',
  archiveDate: '2025-03-04T05:06:07Z',
  archiveMedium: 'CLOUDARCHIVE',
});
const deleted = recording({ fileState: 'DELETED', deleteDate: '2025-04-05T00:00:00Z' });
const purged = recording({ id: 'rec-purged', fileState: 'PURGED' });

/** An archived screen recording carrying the org's restoration counts (SDK Recording model fields). */
function archivedWith(remaining: number, max?: number): Recording {
  return {
    ...archived,
    remainingRestorationsAllowedForOrg: remaining,
    ...(max !== undefined ? { maxAllowedRestorationsForOrg: max } : {}),
  };
}

const RESTORE_RULE =
  /Changing the archive date of an archived recording restores it \(SDK putConversationRecording: "A request to change the archival date of an archived recording will result in a restoration of the recording until the new date set"\); .*recording:screenRecording:restore/;

/** The retention update of one named recording (a concrete op=), or of the conversation's (no id). */
function updating(recordings: Recording[], recordingId?: string): Facts {
  return buildFacts({
    operations: [catalogOp(OPS.updateRecording)],
    recordings: ok(recordingsAnswer(recordings)),
    ...(recordingId ? { recordingId } : {}),
  });
}

interface Case {
  name: string;
  facts: Facts;
  status: CheckStatus;
  summary: RegExp;
  evidence?: RegExp;
  notEvidence?: RegExp;
}

const cases: Case[] = [
  {
    name: 'available screen recording',
    facts: buildFacts(),
    status: 'pass',
    summary: /available/,
    evidence: /2 recording\(s\): audio AVAILABLE; screen AVAILABLE/,
  },
  {
    name: 'restored screen recording',
    facts: withRecordings([recording({ fileState: 'RESTORED' })]),
    status: 'pass',
    summary: /available/,
  },
  {
    name: 'one deleted, one available',
    facts: withRecordings([deleted, recording()]),
    status: 'pass',
    summary: /available/,
  },
  {
    name: 'no interaction named',
    facts: buildFacts({ interactionId: undefined, recordings: undefined }),
    status: 'skipped',
    summary: /No interaction/,
  },
  {
    name: 'conversation does not exist',
    facts: buildFacts({ recordings: failed(404, 'http', 'not.found') }),
    status: 'fail',
    summary: new RegExp(`Conversation ${IDS.conversation} does not exist`),
    evidence: /another org or region/,
  },
  {
    name: 'recordings unreadable (403)',
    facts: buildFacts({ recordings: failed(403) }),
    status: 'unknown',
    summary: /Could not read/,
  },
  { name: 'recordings not read', facts: buildFacts({ recordings: undefined }), status: 'unknown', summary: /not read/ },
  // Issue 21 point 1: the recording op= names is judged by its own state, whatever its siblings are.
  {
    name: 'named DELETED recording beside an AVAILABLE one (its deleteDate decides, not the sibling)',
    facts: updating([recording({ id: 'rec-ok' }), { ...deleted, id: 'rec-gone' }], 'rec-gone'),
    status: 'fail',
    summary: /^Recording rec-gone \(screen\) was deleted \(2025-04-05\): it cannot be changed, whatever the roles$/,
    evidence: /judged by its own state, screen DELETED \(delete 2025-04-05\)/,
  },
  {
    name: 'named recording the conversation does not list (GET .../recordings does not return it)',
    facts: updating([recording({ id: 'rec-ok' })], 'rec-missing'),
    status: 'fail',
    summary: /^Recording rec-missing is not one of this conversation's recordings$/,
  },
  {
    name: 'named ARCHIVED recording beside an AVAILABLE one: restore first',
    facts: updating([recording({ id: 'rec-ok' }), { ...archived, id: 'rec-old' }], 'rec-old'),
    status: 'warn',
    summary: /^Recording rec-old \(screen\) was archived on 2025-03-04: restore it before use$/,
    evidence: RESTORE_RULE,
  },
  {
    name: 'named AVAILABLE recording beside a DELETED one',
    facts: updating([recording({ id: 'rec-ok' }), { ...deleted, id: 'rec-gone' }], 'rec-ok'),
    status: 'pass',
    summary: /^Recording rec-ok \(screen\) is available$/,
  },
  // Issue 21 point 3: a conversation without a screen recording is said to have none.
  {
    name: 'audio only, screen-recording operations',
    facts: updating([recording({ id: 'rec-a', media: 'audio' })]),
    status: 'fail',
    summary: /^The conversation has no screen recording$/,
    evidence: /judges them by the rules a screen recording would need/,
  },
  // Issue 21 point 4: two screen recordings whose states need different things, none named.
  {
    name: 'ARCHIVED and AVAILABLE screen recordings, no id named: depends on which one is updated',
    facts: updating([recording({ id: 'rec-ok' }), { ...archived, id: 'rec-old' }]),
    status: 'warn',
    summary:
      /^The screen recordings are in different states \(AVAILABLE, ARCHIVED\): the answer depends on which one the integration updates$/,
    evidence:
      /If the integration updates recording rec-old \(screen ARCHIVED \(archived 2025-03-04\)\): PUT \S+ needs any of recording:recording:view, recording:screenRecording:view; and recording:screenRecording:editRetention; and recording:screenRecording:restore\. Changing its archive date restores it/,
  },
  {
    name: 'two states but only reads asked: any available recording answers',
    facts: buildFacts({
      recordings: ok(recordingsAnswer([recording({ id: 'rec-ok' }), { ...archived, id: 'rec-old' }])),
    }),
    status: 'pass',
    summary: /available/,
  },
  {
    name: 'still processing (202)',
    facts: buildFacts({ recordings: ok({ processing: true }) }),
    status: 'warn',
    summary: /still being processed \(202\)/,
  },
  {
    name: 'no recordings at all',
    facts: withRecordings([]),
    status: 'fail',
    summary: /no screen recording/,
    evidence: /0 recording\(s\): none/,
  },
  {
    name: 'audio only',
    facts: withRecordings([recording({ media: 'audio' })]),
    status: 'fail',
    summary: /no screen recording/,
  },
  { name: 'deleted', facts: withRecordings([deleted]), status: 'fail', summary: /deleted \(2025-04-05\)/ },
  {
    name: 'deleted, no date',
    facts: withRecordings([recording({ fileState: 'DELETED' })]),
    status: 'fail',
    summary: /deleted \(an unknown date\)/,
  },
  {
    name: 'uploading',
    facts: withRecordings([recording({ fileState: 'UPLOADING' })]),
    status: 'warn',
    summary: /still uploading/,
  },
  {
    name: 'restoring',
    facts: withRecordings([recording({ fileState: 'RESTORING' })]),
    status: 'warn',
    summary: /being restored/,
  },
  {
    name: 'error state',
    facts: withRecordings([recording({ fileState: 'ERROR' })]),
    status: 'fail',
    summary: /error state/,
  },
  {
    name: 'no file state',
    facts: withRecordings([recording({ fileState: undefined })]),
    status: 'unknown',
    summary: /no readable file state/,
  },
  {
    name: 'deleted listed before archived: judged by the archived one',
    facts: withRecordings([deleted, archived]),
    status: 'warn',
    summary: /archived/,
  },
  {
    name: 'error listed before restoring: judged by the restoring one',
    facts: withRecordings([recording({ fileState: 'ERROR' }), recording({ fileState: 'RESTORING' })]),
    status: 'warn',
    summary: /being restored/,
  },

  // An unfamiliar file state is named, never makes the answer unreadable, and does not hide a usable recording.
  {
    name: 'unfamiliar state PURGED is named',
    facts: withRecordings([purged]),
    status: 'unknown',
    summary: /^The screen recording's file state PURGED is not one sr-check knows$/,
    evidence: /rec-purged: file state PURGED is not one sr-check knows/,
  },
  {
    name: 'unfamiliar state is listed with the others',
    facts: withRecordings([recording({ media: 'audio' }), purged]),
    status: 'unknown',
    summary: /PURGED/,
    evidence: /2 recording\(s\): audio AVAILABLE; screen PURGED/,
  },
  {
    name: 'unfamiliar state beside an available screen recording: passes, still named',
    facts: withRecordings([purged, recording()]),
    status: 'pass',
    summary: /A screen recording is available/,
    evidence: /file state PURGED is not one sr-check knows/,
  },
  {
    name: 'unfamiliar state beside a restored screen recording: passes',
    facts: withRecordings([purged, recording({ fileState: 'RESTORED' })]),
    status: 'pass',
    summary: /available/,
  },
  {
    name: 'unfamiliar state beside a deleted one: unknown, not fail',
    facts: withRecordings([deleted, purged]),
    status: 'unknown',
    summary: /PURGED is not one sr-check knows/,
  },
  {
    name: 'unfamiliar state beside an archived one: judged by the archived one',
    facts: withRecordings([purged, archived]),
    status: 'warn',
    summary: /archived/,
    evidence: /PURGED is not one sr-check knows/,
  },
  {
    name: 'unfamiliar state on audio only does not matter',
    facts: withRecordings([recording({ media: 'audio', fileState: 'PURGED' }), recording()]),
    status: 'pass',
    summary: /available/,
    notEvidence: /not one sr-check knows/,
  },
  {
    name: 'state names are case-sensitive: "available" is unfamiliar',
    facts: withRecordings([recording({ fileState: 'available' })]),
    status: 'unknown',
    summary: /file state available is not one sr-check knows/,
  },

  // Archived: restoring by changing the archive date, and the org's restorations.
  {
    name: 'archived',
    facts: withRecordings([archived]),
    status: 'warn',
    summary: /^The screen recording was archived on 2025-03-04: restore it before use$/,
    evidence: /screen ARCHIVED \(archived 2025-03-04\)/,
  },
  {
    name: 'archived: changing the archive date restores it, with the restore permission',
    facts: withRecordings([archived]),
    status: 'warn',
    summary: /archived/,
    evidence: RESTORE_RULE,
  },
  {
    name: 'archived without restoration counts says so',
    facts: withRecordings([archived]),
    status: 'warn',
    summary: /restore it before use$/,
    evidence: /no remainingRestorationsAllowedForOrg/,
  },
  {
    name: 'archived with restorations left',
    facts: withRecordings([archivedWith(3, 10)]),
    status: 'warn',
    summary: /restore it before use$/,
    evidence:
      /The org has 3 of 10 archive restoration\(s\) left \(remainingRestorationsAllowedForOrg \/ maxAllowedRestorationsForOrg\)/,
  },
  {
    name: 'archived, remaining without a maximum',
    facts: withRecordings([archivedWith(2)]),
    status: 'warn',
    summary: /restore it before use$/,
    evidence: /The org has 2 archive restoration\(s\) left \(remainingRestorationsAllowedForOrg\)\./,
  },
  {
    name: 'archived with no restorations left',
    facts: withRecordings([archivedWith(0, 10)]),
    status: 'warn',
    summary: /archived on 2025-03-04: restore it before use, but no restorations remain for the org$/,
    evidence: /0 of 10 archive restoration/,
  },
  {
    name: 'archived: the org count is read from another recording of the conversation',
    facts: withRecordings([
      { ...recording({ media: 'audio' }), remainingRestorationsAllowedForOrg: 0, maxAllowedRestorationsForOrg: 5 },
      archived,
    ]),
    status: 'warn',
    summary: /no restorations remain/,
    evidence: /0 of 5/,
  },
  {
    name: 'available: no restore talk',
    facts: withRecordings([archivedWith(0, 10), recording()]),
    status: 'pass',
    summary: /available/,
    notEvidence: /restor/,
  },
];

describe('interactionCheck', () => {
  it.each(cases)('$name → $status', ({ facts, status, summary, evidence, notEvidence }) => {
    const checked = interactionCheck(facts);
    expect(checked.id).toBe('interaction');
    expect(checked.status).toBe(status);
    expect(checked.summary).toMatch(summary);
    if (evidence) expect(checked.evidence.join('\n')).toMatch(evidence);
    if (notEvidence) expect(checked.evidence.join('\n')).not.toMatch(notEvidence);
  });
});
