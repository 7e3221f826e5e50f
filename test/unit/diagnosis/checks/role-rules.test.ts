/**
 * The role check against the operations' own rules (catalog/operation-rules.ts), the least-privilege
 * proposal and the licence question. SDK putConversationRecording: "The recording:recording:view permission
 * is required for the recording, as well as either the recording:recording:editRetention or
 * recording:screenRecording:editRetention permissions depending on the type of recording." and "A request to
 * change the archival date of an archived recording will result in a restoration of the recording".
 */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../../src/catalog/catalog';
import { roleCheck } from '../../../../src/diagnosis/checks/role';
import type { Facts } from '../../../../src/diagnosis/facts';
import { isAdministrationRole, minimalPermissionSet } from '../../../../src/diagnosis/least-privilege';
import type { CheckStatus, FixProposal } from '../../../../src/diagnosis/verdict';
import type { Recording, Role } from '../../../../src/genesys/models';
import {
  IDS,
  OPS,
  buildFacts,
  catalogOp,
  failed,
  oauthClient,
  ok,
  recording,
  recordingsAnswer,
  role,
} from '../../../support/facts';

const context = { allPermissions: loadCatalog().permissions() };
const SALES = IDS.salesDivision;
const SCREEN_VIEW = 'recording:screenRecording:view';
const SCREEN_EDIT = 'recording:screenRecording:editRetention';
const SCREEN_RESTORE = 'recording:screenRecording:restore';
const AUDIO_VIEW = 'recording:recording:view';
const AUDIO_EDIT = 'recording:recording:editRetention';
const REC = 'a0000000-0000-4000-8000-00000000000a';

const PUT = catalogOp(OPS.updateRecording);
const ALIAS = [catalogOp(OPS.listRecordings), PUT, catalogOp(OPS.screenSessions)];

/** A client-credentials client holding one role (with these permissions) in the conversation's division. */
function holding(permissions: string[], overrides: Partial<Facts> = {}, extraRoles: Role[] = []): Facts {
  const held = role('r-held', 'Held', permissions);
  const roles = [
    held,
    ...extraRoles,
    role('r-screen-all', 'Screen Retention Keeper', [SCREEN_VIEW, SCREEN_EDIT, SCREEN_RESTORE]),
  ];
  return buildFacts({
    client: ok(
      oauthClient({
        authorizedGrantType: 'CLIENT-CREDENTIALS',
        roleDivisions: permissions.length ? [{ roleId: held.id, divisionId: SALES }] : [],
      }),
    ),
    roles: ok(roles),
    operations: [PUT],
    recordingId: REC,
    ...overrides,
  });
}

function withRecording(r: Partial<Recording>): Partial<Facts> {
  return { recordings: ok(recordingsAnswer([recording({ id: REC, ...r })])) };
}

function grantFixes(facts: Facts): Array<Extract<FixProposal, { kind: 'grant-role' }>> {
  return roleCheck(facts, context).fixes.filter(
    (f): f is Extract<FixProposal, { kind: 'grant-role' }> => f.kind === 'grant-role',
  );
}

describe('retention update: the rules beyond the permission gate', () => {
  const cases: Array<{ name: string; facts: Facts; status: CheckStatus; summary?: RegExp; evidence?: RegExp }> = [
    {
      name: 'screen recording, view only: passes the SDK gate and is still refused',
      facts: holding([SCREEN_VIEW], withRecording({ media: 'screen' })),
      status: 'fail',
      summary: new RegExp(`^Grant ${SCREEN_EDIT}: covers the call$`),
      evidence: /rule: SDK putConversationRecording: "The recording:recording:view permission is required/,
    },
    {
      name: 'screen recording, screen view + screen editRetention',
      facts: holding([SCREEN_VIEW, SCREEN_EDIT], withRecording({ media: 'screen' })),
      status: 'pass',
    },
    {
      name: 'screen recording, recording:recording:view (as the SDK names it) + screen editRetention',
      facts: holding([AUDIO_VIEW, SCREEN_EDIT], withRecording({ media: 'screen' })),
      status: 'pass',
    },
    {
      name: "screen recording, the audio type's editRetention does not count",
      facts: holding([AUDIO_VIEW, AUDIO_EDIT], withRecording({ media: 'screen' })),
      status: 'fail',
      summary: new RegExp(SCREEN_EDIT),
    },
    {
      name: 'audio recording, audio view + audio editRetention',
      facts: holding([AUDIO_VIEW, AUDIO_EDIT], withRecording({ media: 'audio' })),
      status: 'pass',
    },
    {
      name: "audio recording, the screen type's permissions do not count",
      facts: holding([SCREEN_VIEW, SCREEN_EDIT], withRecording({ media: 'audio' })),
      status: 'fail',
      summary: /recording:recording:view and recording:recording:editRetention/,
    },
    {
      name: "archived screen recording: changing its archive date restores it and needs the type's restore",
      facts: holding(
        [SCREEN_VIEW, SCREEN_EDIT],
        withRecording({ media: 'screen', fileState: 'ARCHIVED', remainingRestorationsAllowedForOrg: 7 }),
      ),
      status: 'fail',
      summary: new RegExp(`^Grant ${SCREEN_RESTORE}`),
      evidence: /the org has 7 archive restoration\(s\) left/,
    },
    {
      name: 'archived screen recording with restore',
      facts: holding(
        [SCREEN_VIEW, SCREEN_EDIT, SCREEN_RESTORE],
        withRecording({ media: 'screen', fileState: 'ARCHIVED' }),
      ),
      status: 'pass',
    },
    {
      name: 'no recording named and none read: a screen recording is assumed, and said',
      facts: holding([SCREEN_VIEW, SCREEN_EDIT], {
        recordingId: undefined,
        interactionId: undefined,
        conversation: undefined,
        recordings: undefined,
        homeDivision: ok({ id: IDS.homeDivision, name: 'Home' }),
      }),
      status: 'pass',
      evidence: /assumed a screen recording that is not archived/,
    },
    {
      name: 'a named recording whose type could not be read: the two readings disagree → unknown',
      facts: holding([SCREEN_VIEW, SCREEN_EDIT], { recordings: failed(500) }),
      status: 'unknown',
      evidence: /the answer depends on the recording's type/,
    },
    {
      name: 'a named recording whose type could not be read, both families held → pass',
      facts: holding([AUDIO_VIEW, AUDIO_EDIT, SCREEN_EDIT], { recordings: failed(500) }),
      status: 'pass',
    },
    {
      name: 'a named recording whose type could not be read, neither held → fail',
      facts: holding([], { recordings: failed(500) }),
      status: 'fail',
    },
    {
      name: "no recording id: the conversation's screen recording (archived) decides, and is named",
      facts: holding([SCREEN_VIEW, SCREEN_EDIT], {
        recordingId: undefined,
        ...withRecording({ media: 'screen', fileState: 'ARCHIVED' }),
      }),
      status: 'fail',
      evidence: /assumed the conversation's screen recording \S+ \(screen, ARCHIVED\): no recording id was given/,
    },
    {
      name: 'no recording id, one screen recording available and one archived: the readings disagree → unknown, not an optimistic pass',
      facts: holding([SCREEN_VIEW, SCREEN_EDIT], {
        recordingId: undefined,
        recordings: ok(
          recordingsAnswer([
            recording({ id: 'rec-a', media: 'screen' }),
            recording({ id: 'rec-b', media: 'screen', fileState: 'ARCHIVED' }),
          ]),
        ),
      }),
      status: 'unknown',
      // Issue 21 point 4: the states differ, so the answer depends on which one is updated (state, not type).
      summary: /^The answer depends on which recording the integration updates/,
      evidence: /depends on which recording the integration updates \(their states differ/,
    },
    {
      // Issue 21 point 3: the question is about screen recordings; the audio recording's rules never decide.
      name: 'no recording id and no screen recording: judged by the rules a screen recording would need, not the audio one',
      facts: holding([SCREEN_VIEW, SCREEN_EDIT], {
        recordingId: undefined,
        recordings: ok(recordingsAnswer([recording({ id: 'rec-a', media: 'audio' })])),
      }),
      status: 'pass',
      evidence: /assumed a screen recording that is not archived \(the conversation has none/,
    },
    {
      name: 'no screen recording and only audio permissions: the fix names the screen permission, never the audio editRetention',
      facts: holding(['recording:recording:view', 'recording:recording:editRetention'], {
        recordingId: undefined,
        recordings: ok(recordingsAnswer([recording({ id: 'rec-a', media: 'audio' })])),
      }),
      status: 'fail',
      summary: /^Grant recording:screenRecording:editRetention/,
    },
    {
      name: 'a named recording in an unfamiliar file state: judged archived and not → unknown',
      facts: holding([SCREEN_VIEW, SCREEN_EDIT], withRecording({ media: 'screen', fileState: 'ARCHIVING' })),
      status: 'unknown',
    },
    {
      name: 'a named recording with no media: judged as screen and as audio',
      facts: holding([SCREEN_VIEW, SCREEN_EDIT], {
        recordings: ok(recordingsAnswer([{ id: REC, fileState: 'AVAILABLE' }])),
      }),
      status: 'unknown',
    },
  ];
  it.each(cases)('$name → $status', ({ facts, status, summary, evidence }) => {
    const checked = roleCheck(facts, context);
    expect(checked.status).toBe(status);
    if (summary) expect(checked.summary).toMatch(summary);
    if (evidence) expect(checked.evidence.join('\n')).toMatch(evidence);
    if (status === 'pass') expect(checked.missingPermissions).toEqual([]);
  });
});

describe('least-privilege proposal across every call', () => {
  const viewer = role('r-viewer', 'Screen Viewer', [SCREEN_VIEW]);
  const editor = role('r-editor', 'Screen Retention Editor', [SCREEN_EDIT]);
  const bundle = role('r-bundle', 'Everything Recording', ['recording:*:*', 'routing:*:*']);

  function aliasFacts(roles: Role[], overrides: Partial<Facts> = {}): Facts {
    return buildFacts({
      client: ok(oauthClient({ authorizedGrantType: 'CLIENT-CREDENTIALS', roleDivisions: [] })),
      roles: ok(roles),
      operations: ALIAS,
      ...withRecording({ media: 'screen' }),
      ...overrides,
    });
  }

  it('the headline names the fewest permissions that cover all the calls, not every alternative', () => {
    const checked = roleCheck(aliasFacts([viewer, editor, bundle]), context);
    expect(checked.status).toBe('fail');
    expect(checked.summary).toBe(`Grant ${SCREEN_VIEW} and ${SCREEN_EDIT}: covers all 3 calls`);
    expect(checked.missingPermissions).toEqual([SCREEN_VIEW, SCREEN_EDIT]);
  });

  it('two roles needed together: both proposed, in the conversation division, and said so', () => {
    const fixes = grantFixes(aliasFacts([viewer, editor, bundle]));
    expect(fixes.map((f) => [f.roleName, f.divisionId, f.permission, f.extraPermissions])).toEqual([
      ['Screen Viewer', SALES, SCREEN_VIEW, 0],
      ['Screen Retention Editor', SALES, SCREEN_EDIT, 0],
    ]);
    expect(roleCheck(aliasFacts([viewer, editor, bundle]), context).evidence.join('\n')).toMatch(
      /grant "Screen Viewer" and "Screen Retention Editor" together/,
    );
  });

  it('one role carrying both wins when it carries fewer permissions in all than two', () => {
    const both = role('r-both', 'Screen Retention', [SCREEN_VIEW, SCREEN_EDIT]);
    expect(grantFixes(aliasFacts([viewer, editor, both])).map((f) => f.roleName)).toEqual(['Screen Retention']);
  });

  it('ties: fewest roles, then name', () => {
    const both = role('r-both', 'Screen Retention', [
      SCREEN_VIEW,
      SCREEN_EDIT,
      'routing:queue:view',
      'routing:queue:add',
    ]);
    // Two roles carry 2 permissions in all; the one role carries 4: fewer permissions wins over fewer roles.
    expect(grantFixes(aliasFacts([both, viewer, editor])).map((f) => f.roleName)).toEqual([
      'Screen Viewer',
      'Screen Retention Editor',
    ]);
    const lean = role('r-lean', 'A Lean Pair', [SCREEN_VIEW, SCREEN_EDIT]);
    const twin = role('r-twin', 'B Lean Pair', [SCREEN_VIEW, SCREEN_EDIT]);
    expect(grantFixes(aliasFacts([twin, lean, viewer, editor])).map((f) => f.roleName)).toEqual(['A Lean Pair']);
  });

  it('never proposes a role with administration permissions, however cheap', () => {
    const admin = role('r-admin', 'Tiny Admin', [SCREEN_VIEW, SCREEN_EDIT, 'authorization:grant:add']);
    expect(isAdministrationRole(admin)).toBe(true);
    expect(isAdministrationRole(role('r-dir', 'Directory Editor', ['directory:*:edit']))).toBe(true);
    expect(isAdministrationRole(role('r-oauth', 'OAuth Viewer', ['oauth:client:view']))).toBe(true);
    expect(isAdministrationRole(viewer)).toBe(false);
    expect(grantFixes(aliasFacts([admin, bundle])).map((f) => f.roleName)).toEqual(['Everything Recording']);
  });

  it('only administration roles carry it: no proposal, and the evidence says why', () => {
    const admin = role('r-admin', 'Org Admin', ['recording:*:*', 'authorization:*:*', 'oauth:*:*']);
    const checked = roleCheck(aliasFacts([admin]), context);
    expect(checked.status).toBe('fail');
    expect(checked.fixes).toEqual([]);
    expect(checked.evidence.join('\n')).toMatch(
      /Only roles with administration permissions .* carry .*: sr-check does not propose them/,
    );
  });

  it('500 roles with cheap decoys: the answer is the least-privilege pair, found quickly', () => {
    const decoys = Array.from({ length: 480 }, (_, i) =>
      role(`r-decoy-${i}`, `Decoy ${String(i).padStart(3, '0')}`, [`routing:queue${i}:view`]),
    );
    const admins = Array.from({ length: 15 }, (_, i) =>
      role(`r-adm-${i}`, `Admin ${i}`, ['recording:*:*', 'authorization:role:view']),
    );
    const fixes = grantFixes(aliasFacts([...decoys, ...admins, bundle, editor, viewer]));
    expect(fixes.map((f) => f.roleName)).toEqual(['Screen Viewer', 'Screen Retention Editor']);
  });

  it('minimalPermissionSet prefers what the proposed roles carry, then the order the clauses name them', () => {
    const clauses = [
      { anyOf: [AUDIO_VIEW, SCREEN_VIEW], because: 'x' },
      { anyOf: [SCREEN_VIEW], because: 'y' },
      { anyOf: [SCREEN_EDIT], because: 'z' },
    ];
    expect(minimalPermissionSet(clauses)).toEqual([SCREEN_VIEW, SCREEN_EDIT]);
    expect(minimalPermissionSet([clauses[0]!], (p) => p === SCREEN_VIEW)).toEqual([SCREEN_VIEW]);
    expect(minimalPermissionSet([clauses[0]!])).toEqual([AUDIO_VIEW]);
  });
});

describe('a permission no role carries: missing role or missing licence', () => {
  const base = () =>
    buildFacts({
      client: ok(oauthClient({ authorizedGrantType: 'CLIENT-CREDENTIALS', roleDivisions: [] })),
      roles: ok([role('r-other', 'Other', ['routing:queue:view'])]),
      operations: [catalogOp(OPS.screenSessions)],
    });

  it('Genesys does not list it as assignable: the licence may lack it', () => {
    const checked = roleCheck({ ...base(), assignablePermissions: ok(['routing:queue:view']) }, context);
    expect(checked.status).toBe('fail');
    expect(checked.fixes).toEqual([]);
    expect(checked.evidence.join('\n')).toMatch(
      /does not list it among the org's assignable permissions .*the org's licence lacks it/,
    );
    expect(checked.summary).toMatch(/^The org's licence lacks recording:screenRecording:view/);
  });

  it('listed as assignable: a role must be created', () => {
    const checked = roleCheck({ ...base(), assignablePermissions: ok([SCREEN_VIEW]) }, context);
    expect(checked.evidence.join('\n')).toMatch(
      /No existing role carries recording:screenRecording:view: an admin must create a role with it\.$/m,
    );
  });

  it('the list could not be read: says so instead of guessing the licence', () => {
    const checked = roleCheck({ ...base(), assignablePermissions: failed(500) }, context);
    expect(checked.evidence.join('\n')).toMatch(/whether the licence allows it could not be read/);
  });
});

// Issue 21 point 2. Deciding fact: GET /api/v2/authorization/permissions does not list the permission (the
// licence lacks it): no role grants it, not even one that carries it, so no grant is "the fix" for it.
describe('permissions the licence withholds (not listed by GET /api/v2/authorization/permissions)', () => {
  const LISTED_AUDIO = [AUDIO_VIEW, AUDIO_EDIT, 'routing:queue:view'];
  const audioRole = role('r-audio', 'Call Recording Retention', [AUDIO_VIEW, AUDIO_EDIT]);
  const screenRole = role('r-screen', 'Screen Recording Viewer', [SCREEN_VIEW, SCREEN_EDIT]);
  const facts = (held: Role[], roles: Role[], listed: string[] | undefined) =>
    buildFacts({
      client: ok(
        oauthClient({
          authorizedGrantType: 'CLIENT-CREDENTIALS',
          roleDivisions: held.map((r) => ({ roleId: r.id, divisionId: '*' })),
        }),
      ),
      roles: ok(roles),
      operations: ALIAS,
      ...(listed ? { assignablePermissions: ok(listed) } : {}),
    });
  const grants = (checked: ReturnType<typeof roleCheck>) =>
    checked.fixes.filter((f): f is Extract<FixProposal, { kind: 'grant-role' }> => f.kind === 'grant-role');

  const cases: Array<{
    name: string;
    facts: Facts;
    status: CheckStatus;
    summary: RegExp;
    grants: string[];
    partial?: string[];
    evidence?: RegExp;
  }> = [
    {
      name: 'no role carries the screen permissions: headline is the licence, the audio role only a labelled partial fix',
      facts: facts([], [audioRole], LISTED_AUDIO),
      status: 'fail',
      summary:
        /^The org's licence lacks recording:screenRecording:editRetention and recording:screenRecording:view \(needed by 2 of 3 calls\): no role can grant them; a licence or product is missing\. A partial fix/,
      grants: ['Call Recording Retention'],
      partial: [
        'PUT /api/v2/conversations/{conversationId}/recordings/{recordingId}',
        'GET /api/v2/recordings/screensessions/details',
      ],
    },
    {
      name: 'a role carries the withheld permissions: it is never proposed, it grants nothing for them',
      facts: facts([], [audioRole, screenRole], LISTED_AUDIO),
      status: 'fail',
      summary: /^The org's licence lacks/,
      grants: ['Call Recording Retention'],
      partial: [
        'PUT /api/v2/conversations/{conversationId}/recordings/{recordingId}',
        'GET /api/v2/recordings/screensessions/details',
      ],
      evidence: /not even "Screen Recording Viewer", which carries them/,
    },
    {
      name: 'the identity holds a role carrying them: refused all the same (the licence gate)',
      facts: facts([screenRole], [audioRole, screenRole], LISTED_AUDIO),
      status: 'fail',
      summary: /^The org's licence lacks/,
      grants: ['Call Recording Retention'],
      partial: [
        'PUT /api/v2/conversations/{conversationId}/recordings/{recordingId}',
        'GET /api/v2/recordings/screensessions/details',
      ],
      evidence: /"Screen Recording Viewer" in all divisions: grants none of .*which the org's licence withholds/,
    },
    {
      name: 'every call needs a withheld permission: no grant at all',
      facts: buildFacts({
        client: ok(oauthClient({ authorizedGrantType: 'CLIENT-CREDENTIALS', roleDivisions: [] })),
        roles: ok([audioRole, screenRole]),
        operations: [catalogOp(OPS.screenSessions)],
        assignablePermissions: ok(LISTED_AUDIO),
      }),
      status: 'fail',
      summary:
        /^The org's licence lacks recording:screenRecording:view: no role can grant it; a licence or product is missing$/,
      grants: [],
    },
    {
      name: 'the permissions are listed: the usual grant, not partial',
      facts: facts([], [audioRole, screenRole], [...LISTED_AUDIO, SCREEN_VIEW, SCREEN_EDIT]),
      status: 'fail',
      summary: /^Grant recording:screenRecording:view and recording:screenRecording:editRetention: covers all 3 calls$/,
      grants: ['Screen Recording Viewer'],
    },
    {
      name: 'an empty list says nothing about the licence: the usual grant',
      facts: facts([], [audioRole, screenRole], []),
      status: 'fail',
      summary: /^Grant recording:screenRecording:view/,
      grants: ['Screen Recording Viewer'],
    },
  ];
  it.each(cases)('$name', ({ facts: f, status, summary, grants: names, partial, evidence }) => {
    const checked = roleCheck(f, context);
    expect(checked.status).toBe(status);
    expect(checked.summary).toMatch(summary);
    const proposed = grants(checked);
    expect(proposed.map((g) => g.roleName)).toEqual(names);
    for (const g of proposed) {
      expect(g.partial?.notFixed).toEqual(partial);
      // Each permission named once (the audio role once listed recording:recording:view twice).
      expect(new Set(g.permission.split(', ')).size).toBe(g.permission.split(', ').length);
    }
    if (evidence) expect(checked.evidence.join('\n')).toMatch(evidence);
  });
});

// Issue 21 point 7. Terraform provider, genesyscloud_oauth_client roles: "The roles must also already be assigned
// to the OAuth Client used by Terraform" (the client making the change: sr-check's fixer). Whether its own grant
// must be in the same division is not documented: unconfirmed.
describe("whether sr-check's fixer can hand out the proposed role", () => {
  const viewer = role('r-viewer', 'Screen Viewer', [SCREEN_VIEW, SCREEN_EDIT]);
  const FIXER = 'fixer-client';
  const facts = (fixerClient: Facts['fixerClient'], overrides: Partial<Facts> = {}) =>
    buildFacts({
      client: ok(oauthClient({ authorizedGrantType: 'CLIENT-CREDENTIALS', roleDivisions: [] })),
      roles: ok([viewer]),
      operations: ALIAS,
      fixerClientId: FIXER,
      fixerClient,
      ...overrides,
    });
  const fixerHolding = (roleDivisions: Array<{ roleId: string; divisionId: string }>) =>
    ok(oauthClient({ id: FIXER, authorizedGrantType: 'CLIENT-CREDENTIALS', roleDivisions }));
  it.each<[string, Facts, string | undefined, RegExp | undefined]>([
    ['holds it in all divisions', facts(fixerHolding([{ roleId: viewer.id, divisionId: '*' }])), 'yes', undefined],
    [
      "holds it in the grant's division",
      facts(fixerHolding([{ roleId: viewer.id, divisionId: SALES }])),
      'yes',
      undefined,
    ],
    [
      'holds it only in another division',
      facts(fixerHolding([{ roleId: viewer.id, divisionId: 'elsewhere' }])),
      'other-division',
      /only in division\(s\) elsewhere, .*not documented \(unconfirmed\)/,
    ],
    [
      'does not hold it',
      facts(fixerHolding([])),
      'no',
      /does not hold role "Screen Viewer", so it cannot hand it out: .*"The roles must also already be assigned to the OAuth Client used by Terraform"/,
    ],
    ['its roles could not be read', facts(failed(403)), 'unknown', /Could not read the roles of sr-check's fixer/],
    ['no fixer configured', facts(undefined, { fixerClientId: undefined }), undefined, undefined],
  ])('%s → %s', (_name, f, holds, note) => {
    const checked = roleCheck(f, context);
    const grant = checked.fixes.find(
      (x): x is Extract<FixProposal, { kind: 'grant-role' }> => x.kind === 'grant-role',
    )!;
    expect(grant.roleName).toBe('Screen Viewer');
    expect(grant.fixer?.holds).toBe(holds);
    if (note) {
      expect(grant.fixer?.note).toMatch(note);
      expect(checked.evidence.join('\n')).toMatch(note);
    }
  });
});

describe('who holds the roles', () => {
  it('an external app authorized in the org, named without a user → unknown with the reason, no fix at the app', () => {
    const facts = buildFacts({
      client: failed(404, 'http', 'not.found'),
      authorization: ok({
        client: { id: IDS.client, name: 'Vendor', authorizedGrantType: 'CODE' },
        scope: ['recordings'],
        state: 'Authorized',
      }),
    });
    const checked = roleCheck(facts, context);
    expect(checked.status).toBe('unknown');
    expect(checked.fixes).toEqual([]);
    expect(checked.evidence.join('\n')).toMatch(
      /an app authorized in it \(CODE\): its tokens act as the user who signs in/,
    );
  });
});
