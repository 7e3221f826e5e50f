import { describe, expect, it } from 'vitest';
import { interactionCheck } from '../../../../src/diagnosis/checks/interaction';
import type { Facts } from '../../../../src/diagnosis/facts';
import type { CheckStatus } from '../../../../src/diagnosis/verdict';
import type { Recording } from '../../../../src/genesys/models';
import { IDS, buildFacts, failed, ok, recording, recordingsAnswer } from '../../../support/facts';

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
