/**
 * The truth cases, end to end: the CLI's --json against the simulator for each rule scenario, asserting
 * what a support engineer reads (the headline, the fix, the evidence), not only the statuses (those are in
 * scenarios.test.ts). Each row quotes the fact it rests on.
 */
import { describe, expect, it } from 'vitest';
import type { FixProposal, Verdict } from '../../src/diagnosis/verdict';
import { loadScenario } from '../../src/sim';
import { runCliCaptured } from '../support/cli';

interface Row {
  scenario: string;
  /** The fact the expectation rests on. */
  because: string;
  check: Verdict['checks'][number]['id'];
  status: string;
  summary: RegExp;
  evidence?: RegExp;
  /** roleName@divisionName of every grant fix, in order. */
  grants?: string[];
  missing?: string[];
}

const ROWS: Row[] = [
  {
    scenario: 'retention-view-only',
    because:
      'SDK: view "as well as either the recording:recording:editRetention or recording:screenRecording:editRetention permissions depending on the type of recording"',
    check: 'role',
    status: 'fail',
    summary: /^Grant recording:screenRecording:editRetention: covers the call$/,
    evidence: /rule: SDK putConversationRecording/,
    missing: ['recording:screenRecording:editRetention'],
  },
  {
    scenario: 'retention-audio-edit-on-screen',
    because: "the audio type's editRetention does not cover a screen recording",
    check: 'role',
    status: 'fail',
    summary: /^Grant recording:screenRecording:editRetention/,
    missing: ['recording:screenRecording:editRetention'],
  },
  {
    scenario: 'archived-needs-restore',
    because: 'SDK: changing the archival date of an archived recording "will result in a restoration of the recording"',
    check: 'role',
    status: 'fail',
    summary: /^Grant recording:screenRecording:restore/,
    evidence: /archive restoration\(s\) left/,
    grants: ['Screen Recording Restorer@Home'],
  },
  {
    scenario: 'streams-switched-off',
    because: 'maxSimultaneousStreams is the switch; maxConfigurableScreenRecordingStreams only its ceiling',
    check: 'feature',
    status: 'fail',
    summary: /maxSimultaneousStreams is 0/,
    evidence: /maxConfigurableScreenRecordingStreams is 10: only the ceiling/,
  },
  {
    scenario: 'conversation-other-division',
    because: 'a grant in one division does not cover objects in another',
    check: 'role',
    status: 'fail',
    summary: /not in the division of the object/,
    grants: ['Screen Recording Viewer@Home'],
  },
  {
    scenario: 'conditional-vs-plain',
    because: 'only a resourceConditionNode makes a grant conditional; allowConditions alone is a plain grant',
    check: 'role',
    status: 'warn',
    summary: /conditional policies \(resourceConditionNode\)/,
    grants: ['Screen Recording Archivist@Home'],
  },
  {
    scenario: 'code-app-without-user',
    because: 'roles and divisions apply only to client-credentials clients',
    check: 'role',
    status: 'unknown',
    summary: /^Name the user who signs in/,
    grants: [],
  },
  {
    scenario: 'external-app-authorized',
    because: "an app of another org is 404 as a client and is read through this org's authorization",
    check: 'credentials',
    status: 'pass',
    summary: /is authorized in this org/,
    evidence: /state Authorized/,
  },
  {
    scenario: 'external-app-not-authorized',
    because: 'no authorization of the app in this org',
    check: 'credentials',
    status: 'fail',
    summary: /neither a client of this org nor an app authorized in it/,
  },
  {
    scenario: 'two-roles-needed',
    because: 'no single role carries both; the smallest set of existing roles is two',
    check: 'role',
    status: 'fail',
    summary: /^Grant recording:screenRecording:view and recording:screenRecording:editRetention/,
    evidence: /together/,
    grants: ['Screen Recording Viewer (view only)@Home', 'Screen Recording Retention@Home'],
  },
  {
    scenario: 'many-roles-decoys',
    because: 'fewest permissions carried, never an administration role, among 500 roles',
    check: 'role',
    status: 'fail',
    summary: /^Grant recording:screenRecording:view and recording:screenRecording:editRetention: covers all 3 calls$/,
    grants: ['Screen Recording Viewer@Home'],
  },
  // Issue 21.
  {
    scenario: 'named-deleted-recording',
    because: 'the recording op= names is DELETED (its deleteDate); another AVAILABLE screen recording does not decide',
    check: 'interaction',
    status: 'fail',
    summary:
      /^Recording c1d2e3f4-0000-4aaa-8bbb-0000000000d1 \(screen\) was deleted \(\d{4}-\d\d-\d\d\): it cannot be changed/,
    evidence: /judged by its own state, screen DELETED \(delete \d{4}-\d\d-\d\d\)/,
  },
  {
    scenario: 'licence-withholds-screen',
    because: 'GET /api/v2/authorization/permissions does not list recording:screenRecording:* (the licence lacks them)',
    check: 'role',
    status: 'fail',
    summary:
      /^The org's licence lacks .*recording:screenRecording:editRetention.*: no role can grant them; a licence or product is missing/,
    evidence: /no role grants them, not even .*"Screen Recording Viewer".*, which carry them/,
    grants: ['Call Recording Retention@Home'],
  },
  {
    scenario: 'no-screen-recording',
    because: "the operations are about screen recordings; the audio recording's retention rules never decide",
    check: 'role',
    status: 'fail',
    summary: /^Grant recording:screenRecording:view and recording:screenRecording:editRetention: covers all 3 calls$/,
    evidence: /the conversation has none; judged by the rules a screen recording would need/,
    grants: ['Screen Recording Viewer@Home'],
  },
  {
    scenario: 'two-screen-states',
    because: 'an ARCHIVED recording restores when its archive date changes (needs restore); an AVAILABLE one does not',
    check: 'interaction',
    status: 'warn',
    summary: /the answer depends on which one the integration updates$/,
    evidence: /If the integration updates recording \S+ \(screen ARCHIVED .*recording:screenRecording:restore/,
  },
  {
    scenario: 'fixer-lacks-role',
    because: 'Terraform provider: "The roles must also already be assigned to the OAuth Client used by Terraform"',
    check: 'role',
    status: 'fail',
    summary: /^Grant recording:screenRecording:view/,
    evidence:
      /sr-check's fixer \(OAuth client \S+\) does not hold role "Screen Recording Viewer", so it cannot hand it out/,
    grants: ['Screen Recording Viewer@Home'],
  },
];

describe('truth cases through the CLI against the simulator', () => {
  it.each(ROWS)('$scenario: $check $status ($because)', async (row) => {
    const { stdout, stderr } = await runCliCaptured(['org=demo', `scenario=${row.scenario}`, '--json']);
    expect(stderr).toBe('');
    const verdict = JSON.parse(stdout) as Verdict;
    const check = verdict.checks.find((c) => c.id === row.check)!;
    expect(check.status).toBe(row.status);
    expect(check.summary).toMatch(row.summary);
    if (row.evidence) expect(check.evidence.join('\n')).toMatch(row.evidence);
    if (row.grants) {
      const grants = check.fixes.filter(
        (f): f is Extract<FixProposal, { kind: 'grant-role' }> => f.kind === 'grant-role',
      );
      expect(grants.map((f) => `${f.roleName}@${f.divisionName}`)).toEqual(row.grants);
    }
    if (row.missing) expect(verdict.missingPermissions).toEqual(row.missing);
  });

  it("a concrete op= decides by that recording's type: an audio recording of the same conversation needs the audio rules", async () => {
    const scenario = loadScenario('retention-audio-edit-on-screen');
    const conversation = scenario.conversations.find((c) => c.id === scenario.checker.interaction)!;
    const byMedia = (media: string) => conversation.recordings.find((r) => r.media === media);
    const screen = byMedia('screen')!;
    const run = async (recordingId: string) => {
      const op = `op=PUT /api/v2/conversations/${conversation.id}/recordings/${recordingId}`;
      const { stdout, stderr } = await runCliCaptured([
        'org=demo',
        'scenario=retention-audio-edit-on-screen',
        op,
        '--json',
      ]);
      expect(stderr).toBe('');
      return (JSON.parse(stdout) as Verdict).checks.find((c) => c.id === 'role')!;
    };
    const onScreen = await run(screen.id);
    expect(onScreen.status).toBe('fail');
    expect(onScreen.evidence.join('\n')).toContain(`recording ${screen.id} (screen, ${screen.fileState})`);
    const audio = byMedia('audio');
    expect(audio, 'the scenario has an audio recording in the same conversation').toBeDefined();
    // The target holds recording:recording:view and recording:recording:editRetention: enough for audio.
    const onAudio = await run(audio!.id);
    expect(onAudio.status).toBe('pass');
    expect(onAudio.evidence.join('\n')).toContain(`recording ${audio!.id} (audio, ${audio!.fileState})`);
  });
});
