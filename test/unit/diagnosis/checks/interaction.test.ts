import { describe, expect, it } from 'vitest';
import { interactionCheck } from '../../../../src/diagnosis/checks/interaction';
import type { Facts } from '../../../../src/diagnosis/facts';
import type { CheckStatus } from '../../../../src/diagnosis/verdict';
import type { Recording } from '../../../../src/genesys/models';
import { IDS, buildFacts, failed, ok, recording, recordingsAnswer } from '../../../support/facts';

function withRecordings(recordings: Recording[]): Facts {
  return buildFacts({ recordings: ok(recordingsAnswer(recordings)) });
}

const archived = recording({ fileState: 'ARCHIVED', archiveDate: '2025-03-04T05:06:07Z', archiveMedium: 'CLOUDARCHIVE' });
const deleted = recording({ fileState: 'DELETED', deleteDate: '2025-04-05T00:00:00Z' });

const cases: Array<{ name: string; facts: Facts; status: CheckStatus; summary: RegExp; evidence?: RegExp }> = [
  { name: 'available screen recording', facts: buildFacts(), status: 'pass', summary: /available/, evidence: /2 recording\(s\): audio AVAILABLE; screen AVAILABLE/ },
  { name: 'restored screen recording', facts: withRecordings([recording({ fileState: 'RESTORED' })]), status: 'pass', summary: /available/ },
  { name: 'one deleted, one available', facts: withRecordings([deleted, recording()]), status: 'pass', summary: /available/ },
  { name: 'no interaction named', facts: buildFacts({ interactionId: undefined, recordings: undefined }), status: 'skipped', summary: /No interaction/ },
  { name: 'conversation does not exist', facts: buildFacts({ recordings: failed(404, 'http', 'not.found') }), status: 'fail', summary: new RegExp(`Conversation ${IDS.conversation} does not exist`), evidence: /another org or region/ },
  { name: 'recordings unreadable (403)', facts: buildFacts({ recordings: failed(403) }), status: 'unknown', summary: /Could not read/ },
  { name: 'recordings not read', facts: buildFacts({ recordings: undefined }), status: 'unknown', summary: /not read/ },
  { name: 'still processing (202)', facts: buildFacts({ recordings: ok({ processing: true }) }), status: 'warn', summary: /still being processed \(202\)/ },
  { name: 'no recordings at all', facts: withRecordings([]), status: 'fail', summary: /no screen recording/, evidence: /0 recording\(s\): none/ },
  { name: 'audio only', facts: withRecordings([recording({ media: 'audio' })]), status: 'fail', summary: /no screen recording/ },
  { name: 'archived', facts: withRecordings([archived]), status: 'warn', summary: /archived on 2025-03-04: restore it/, evidence: /screen ARCHIVED \(archived 2025-03-04\)/ },
  { name: 'deleted', facts: withRecordings([deleted]), status: 'fail', summary: /deleted \(2025-04-05\)/ },
  { name: 'deleted, no date', facts: withRecordings([recording({ fileState: 'DELETED' })]), status: 'fail', summary: /deleted \(an unknown date\)/ },
  { name: 'uploading', facts: withRecordings([recording({ fileState: 'UPLOADING' })]), status: 'warn', summary: /still uploading/ },
  { name: 'restoring', facts: withRecordings([recording({ fileState: 'RESTORING' })]), status: 'warn', summary: /being restored/ },
  { name: 'error state', facts: withRecordings([recording({ fileState: 'ERROR' })]), status: 'fail', summary: /error state/ },
  { name: 'no file state', facts: withRecordings([recording({ fileState: undefined })]), status: 'unknown', summary: /no readable file state/ },
  { name: 'deleted listed before archived: judged by the archived one', facts: withRecordings([deleted, archived]), status: 'warn', summary: /archived/ },
  { name: 'error listed before restoring: judged by the restoring one', facts: withRecordings([recording({ fileState: 'ERROR' }), recording({ fileState: 'RESTORING' })]), status: 'warn', summary: /being restored/ },
];

describe('interactionCheck', () => {
  it.each(cases)('$name → $status', ({ facts, status, summary, evidence }) => {
    const checked = interactionCheck(facts);
    expect(checked.id).toBe('interaction');
    expect(checked.status).toBe(status);
    expect(checked.summary).toMatch(summary);
    if (evidence) expect(checked.evidence.join('\n')).toMatch(evidence);
  });
});
