import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../../src/catalog/catalog';
import { roleCheck, resourceDivisionsFor } from '../../../../src/diagnosis/checks/role';
import type { Facts } from '../../../../src/diagnosis/facts';
import type { CheckResult, CheckStatus, FixProposal } from '../../../../src/diagnosis/verdict';
import type { Role, RoleDivision } from '../../../../src/genesys/models';
import {
  DIVISIONS,
  IDS,
  OPS,
  ROLES,
  buildFacts,
  buildFactsWithoutInteraction,
  buildUserFacts,
  catalogOp,
  conversation,
  failed,
  oauthClient,
  ok,
  policy,
  role,
  subject,
  subjectGrant,
  syntheticOp,
} from '../../../support/facts';

const context = { allPermissions: loadCatalog().permissions() };
const LIST_RECORDINGS_PERMISSIONS = catalogOp(OPS.listRecordings).permissions;

/** A client-credentials integration: its own roleDivisions are what Genesys checks. */
function clientWith(roleDivisions: RoleDivision[], overrides: Partial<Facts> = {}): Facts {
  return buildFacts({
    client: ok(oauthClient({ authorizedGrantType: 'CLIENT-CREDENTIALS', roleDivisions })),
    ...overrides,
  });
}

function grantFixes(checked: CheckResult): Array<Extract<FixProposal, { kind: 'grant-role' }>> {
  return checked.fixes.filter((f): f is Extract<FixProposal, { kind: 'grant-role' }> => f.kind === 'grant-role');
}

const SALES = IDS.salesDivision;
const SUPPORT = IDS.supportDivision;

interface Case {
  name: string;
  facts: Facts;
  status: CheckStatus;
  summary: RegExp;
  /** Every one of these must appear somewhere in the evidence. */
  evidence?: RegExp[];
  /** `roleId@divisionId` of each proposed grant, in order. */
  grants?: string[];
}

const cases: Case[] = [
  {
    name: 'least-privilege role in the conversation division',
    facts: clientWith([{ roleId: ROLES.screenViewer.id, divisionId: SALES }]),
    status: 'pass',
    summary: /carry every permission/,
    evidence: [
      /GET \/api\/v2\/conversations\/\{conversationId\}\/recordings needs any of recording:recording:view, .*: granted\./,
      /"Screen Recording Viewer" in division .*002: grants recording:screenRecording:view/,
    ],
  },
  {
    name: 'wildcard entity and action (recording:*:*) in all divisions',
    facts: clientWith([{ roleId: ROLES.recordingAdmin.id, divisionId: '*' }]),
    status: 'pass',
    summary: /carry every permission/,
    evidence: [/"Recording Admin" in all divisions: grants recording:recording:view, recording:recordingSegment:view/],
  },
  {
    name: 'wildcard entity only (recording:*:view)',
    facts: clientWith([{ roleId: 'r-ev', divisionId: '*' }], {
      roles: ok([role('r-ev', 'Every Viewer', ['recording:*:view'])]),
    }),
    status: 'pass',
    summary: /carry/,
  },
  {
    name: 'wildcard action only (recording:screenRecording:*)',
    facts: clientWith([{ roleId: 'r-sa', divisionId: '*' }], {
      roles: ok([role('r-sa', 'Screen All', ['recording:screenRecording:*'])]),
    }),
    status: 'pass',
    summary: /carry/,
  },
  {
    name: 'a wildcard in another domain grants nothing',
    facts: clientWith([{ roleId: 'r-rt', divisionId: '*' }], {
      roles: ok([role('r-rt', 'Routing All', ['routing:*:*'])]),
    }),
    status: 'fail',
    summary: /^Grant recording:recording:view: covers the call$/,
    evidence: [/"Routing All" in all divisions: carries none of recording:recording:view/],
  },
  {
    name: 'roleIds without roleDivisions: the role is held but its division is not said → unknown for a division-scoped object',
    facts: clientWith([], {
      client: ok(
        oauthClient({
          authorizedGrantType: 'CLIENT-CREDENTIALS',
          roleDivisions: undefined,
          roleIds: [ROLES.screenViewer.id],
        }),
      ),
    }),
    status: 'unknown',
    summary: /Could not tell/,
    evidence: [/"Screen Recording Viewer" in a division Genesys did not name/],
  },
  {
    name: 'roleIds without roleDivisions still count where no division matters',
    facts: buildFactsWithoutInteraction({
      client: ok(
        oauthClient({
          authorizedGrantType: 'CLIENT-CREDENTIALS',
          roleDivisions: undefined,
          roleIds: [ROLES.screenViewer.id],
        }),
      ),
    }),
    status: 'pass',
    summary: /carry/,
  },
  {
    name: 'conditional policy only → warn',
    facts: clientWith([{ roleId: ROLES.conditionalViewer.id, divisionId: SALES }]),
    status: 'warn',
    summary: /conditional policies/,
    evidence: [
      /granted only under conditions/,
      /"Conditional Viewer" .*only under a condition \(resourceConditionNode\)/,
    ],
    // The plain grant of the same permission, in the conversation's division.
    grants: [`${ROLES.screenViewer.id}@${SALES}`],
  },
  {
    name: 'resourceConditionNode also makes a policy conditional',
    facts: clientWith([{ roleId: 'r-rc', divisionId: '*' }], {
      roles: ok([
        role('r-rc', 'Queue Scoped', [
          { ...policy('recording:screenRecording:view'), resourceConditionNode: { variableName: 'queue' } },
        ]),
      ]),
    }),
    status: 'warn',
    summary: /conditional/,
  },
  {
    name: 'conditional and plain grant together → pass',
    facts: clientWith([
      { roleId: ROLES.conditionalViewer.id, divisionId: SALES },
      { roleId: ROLES.screenViewer.id, divisionId: SALES },
    ]),
    status: 'pass',
    summary: /carry/,
    evidence: [
      /"Conditional Viewer" .*resourceConditionNode/,
      /"Screen Recording Viewer" .*grants recording:screenRecording:view/,
    ],
  },
  {
    name: 'missing permission: names it, lists each role, proposes the least-privilege role in the conversation division',
    facts: clientWith([{ roleId: ROLES.employee.id, divisionId: SALES }]),
    status: 'fail',
    summary: /^Grant recording:screenRecording:view: covers the call$/,
    evidence: [
      /needs any of recording:recording:view, .*: refused, missing recording:recording:view or .*recording:screenRecording:view/,
      /"Employee" in division .*: carries none of/,
    ],
    grants: [`${ROLES.screenViewer.id}@${SALES}`],
  },
  {
    name: 'no interaction: the grant goes to the home division',
    facts: buildFactsWithoutInteraction({
      client: ok(
        oauthClient({
          authorizedGrantType: 'CLIENT-CREDENTIALS',
          roleDivisions: [{ roleId: ROLES.employee.id, divisionId: IDS.homeDivision }],
        }),
      ),
    }),
    status: 'fail',
    summary: /^Grant recording:screenRecording:view: covers the call$/,
    grants: [`${ROLES.screenViewer.id}@${IDS.homeDivision}`],
  },
  {
    name: 'the identity holds no roles at all',
    facts: clientWith([]),
    status: 'fail',
    summary: /^Grant recording:screenRecording:view: covers the call$/,
    evidence: [/holds no roles at all/],
    grants: [`${ROLES.screenViewer.id}@${SALES}`],
  },
  {
    name: 'granted in the wrong division → fail with a grant in the conversation division',
    facts: clientWith([{ roleId: ROLES.screenViewer.id, divisionId: SUPPORT }]),
    status: 'fail',
    summary: /granted, but not in the division of the object/,
    evidence: [
      /granted only in other divisions/,
      new RegExp(
        `"Screen Recording Viewer" in division ${SUPPORT}: grants recording:screenRecording:view but only in division ${SUPPORT}, not the object's division`,
      ),
    ],
    grants: [`${ROLES.screenViewer.id}@${SALES}`],
  },
  {
    name: 'conversation in two divisions: a grant in either covers it',
    facts: clientWith([{ roleId: ROLES.screenViewer.id, divisionId: SUPPORT }], {
      conversation: ok(conversation([DIVISIONS.sales, DIVISIONS.support])),
    }),
    status: 'pass',
    summary: /carry/,
  },
  {
    name: "conversation's division unreadable, grant in a named division → unknown",
    facts: clientWith([{ roleId: ROLES.screenViewer.id, divisionId: SALES }], {
      conversation: failed(403, 'http', 'missing.permissions'),
    }),
    status: 'unknown',
    summary: /Could not tell/,
    evidence: [/object's division could not be read/],
  },
  {
    name: "conversation's division unreadable, grant in all divisions → pass",
    facts: clientWith([{ roleId: ROLES.screenViewer.id, divisionId: '*' }], { conversation: failed(500) }),
    status: 'pass',
    summary: /carry/,
  },
  {
    name: "conversation's division unreadable, no role carries the permission → fail, no grant (no division to put it in)",
    facts: clientWith([{ roleId: ROLES.employee.id, divisionId: SALES }], { conversation: failed(403) }),
    status: 'fail',
    summary: /^Grant recording:screenRecording:view: covers the call$/,
    evidence: [/neither the conversation's division nor the home division could be read/],
  },
  {
    name: 'conversation does not exist (404): its division cannot matter, the interaction check reports it',
    facts: clientWith([{ roleId: ROLES.screenViewer.id, divisionId: SUPPORT }], {
      conversation: failed(404, 'http', 'not.found'),
      recordings: failed(404, 'http', 'not.found'),
    }),
    status: 'pass',
    summary: /carry/,
  },
  {
    name: 'conversation 404 but its recordings were read: it exists, its division is unknown → unknown, never pass',
    facts: clientWith([{ roleId: ROLES.screenViewer.id, divisionId: SUPPORT }], {
      conversation: failed(404, 'http', 'not.found'),
    }),
    status: 'unknown',
    summary: /Could not tell/,
  },
  {
    name: 'roleIds without divisions and no conversation named → unknown (where the grant holds is not said)',
    facts: buildFactsWithoutInteraction({
      client: ok(
        oauthClient({
          authorizedGrantType: 'CLIENT-CREDENTIALS',
          roleDivisions: undefined,
          roleIds: [ROLES.screenViewer.id],
        }),
      ),
      operations: [catalogOp(OPS.listRecordings)],
    }),
    status: 'unknown',
    summary: /in which divisions/,
  },
  {
    name: 'operations that do not touch the conversation ignore its division',
    facts: clientWith([{ roleId: ROLES.screenViewer.id, divisionId: SUPPORT }], {
      operations: [catalogOp(OPS.screenSessions)],
    }),
    status: 'pass',
    summary: /carry/,
  },
  {
    name: 'a granted role whose definition is unreadable → unknown (even when the rest grants)',
    facts: clientWith([
      { roleId: ROLES.screenViewer.id, divisionId: SALES },
      { roleId: 'role-ghost', divisionId: SALES },
    ]),
    status: 'unknown',
    summary: /Could not tell/,
    evidence: [
      /Role role-ghost is granted but its definition could not be read/,
      /role role-ghost in division .*: definition not readable/,
    ],
  },
  {
    name: 'a granted role whose definition is unreadable → unknown, not fail (it may carry the permission)',
    facts: clientWith([
      { roleId: ROLES.employee.id, divisionId: SALES },
      { roleId: 'role-ghost', divisionId: SALES },
    ]),
    status: 'unknown',
    summary: /could not be read/,
    grants: [`${ROLES.screenViewer.id}@${SALES}`],
  },
  {
    name: 'role definitions unreadable',
    facts: clientWith([], { roles: failed(403) }),
    status: 'unknown',
    summary: /role definitions/,
  },
  {
    name: 'a code-grant app named without its user: its tokens act as the user, so roles on the app decide nothing',
    facts: buildFacts({
      client: ok(
        oauthClient({
          authorizedGrantType: 'CODE',
          roleDivisions: [{ roleId: ROLES.screenViewer.id, divisionId: '*' }],
        }),
      ),
    }),
    status: 'unknown',
    summary: /^Name the user who signs in: this app's tokens act as that user, whose roles decide$/,
    evidence: [/uses the CODE grant: its tokens act as the user who signs in/, /user=<userId>/],
  },
  {
    name: 'client unreadable',
    facts: buildFacts({ client: failed(500) }),
    status: 'unknown',
    summary: /identity's roles/,
  },
  { name: 'no client named', facts: buildFacts({ client: undefined }), status: 'unknown', summary: /identity's roles/ },
  {
    name: "user's grants not read",
    facts: buildUserFacts({ subject: undefined }),
    status: 'unknown',
    summary: /identity's roles/,
  },
  {
    name: "user's grants unreadable",
    facts: buildUserFacts({ subject: failed(403) }),
    status: 'unknown',
    summary: /identity's roles/,
  },
  {
    name: 'no conversation named, granted in one division only: passes for that division, and says conversations elsewhere are refused',
    facts: clientWith([{ roleId: ROLES.screenViewer.id, divisionId: SALES }], {
      interactionId: undefined,
      conversation: undefined,
      recordings: undefined,
    }),
    status: 'pass',
    summary: /for conversations in .*002$/,
    evidence: [/No conversation was named: the grants that allow these calls hold in division\(s\) .*002 only/],
  },
  {
    name: 'no conversation named, granted in all divisions → pass without a division caveat',
    facts: clientWith([{ roleId: ROLES.screenViewer.id, divisionId: '*' }], {
      interactionId: undefined,
      conversation: undefined,
      recordings: undefined,
    }),
    status: 'pass',
    summary: /the SDK gate and the operation rules\)$/,
  },
  {
    name: 'operation without a permission check',
    facts: clientWith([], { operations: [catalogOp(OPS.tokensMe)] }),
    status: 'pass',
    summary: /carry/,
    evidence: [/GET \/api\/v2\/tokens\/me needs no permission: granted/],
  },
];

describe('roleCheck', () => {
  it.each(cases)('$name → $status', ({ facts, status, summary, evidence, grants }) => {
    const checked = roleCheck(facts, context);
    expect(checked.id).toBe('role');
    expect(checked.status).toBe(status);
    expect(checked.summary).toMatch(summary);
    const text = checked.evidence.join('\n');
    for (const pattern of evidence ?? []) expect(text).toMatch(pattern);
    expect(grantFixes(checked).map((f) => `${f.roleId}@${f.divisionId}`)).toEqual(grants ?? []);
  });

  it('the grant fix says before → after, the permission it adds and how much else the role carries', () => {
    const before = [{ roleId: ROLES.employee.id, divisionId: SALES }];
    const checked = roleCheck(clientWith(before), context);
    // The fewest permissions that would do, not every alternative the SDK line lists.
    expect(checked.missingPermissions).toEqual(['recording:screenRecording:view']);
    expect(checked.fixes).toEqual([
      {
        kind: 'grant-role',
        target: { kind: 'oauth-client', id: IDS.client },
        roleId: ROLES.screenViewer.id,
        roleName: 'Screen Recording Viewer',
        divisionId: SALES,
        divisionName: 'Sales',
        permission: 'recording:screenRecording:view',
        extraPermissions: 0,
        before,
        after: [...before, { roleId: ROLES.screenViewer.id, divisionId: SALES }],
      },
    ]);
  });

  it('a user identity gets a user grant, and its explanations name the division', () => {
    const facts = buildUserFacts({ subject: ok(subject([subjectGrant(ROLES.employee, DIVISIONS.sales)])) });
    const checked = roleCheck(facts, context);
    expect(checked.status).toBe('fail');
    expect(checked.evidence.join('\n')).toMatch(/"Employee" in division Sales: carries none/);
    const [fix] = grantFixes(checked);
    expect(fix?.target).toEqual({ kind: 'user', id: IDS.user });
    expect(fix?.before).toEqual([{ roleId: ROLES.employee.id, divisionId: SALES }]);
  });

  describe('least privilege', () => {
    const needed = 'recording:screenRecording:view';
    const big = role('r-big', 'A Big Role', [needed, 'routing:*:*', 'user:*:*']);
    const medium = role('r-medium', 'B Medium Role', [needed, 'routing:queue:view']);
    const small = role('r-small', 'Z Small Role', [needed]);
    const conditionalOnly = role('r-cond', 'AA Conditional', [policy(needed, { conditional: true })]);

    function propose(roles: Role[], operation = catalogOp(OPS.screenSessions)) {
      const facts = clientWith([], { roles: ok(roles), operations: [operation] });
      return grantFixes(roleCheck(facts, context));
    }

    it('picks the role with the fewest extra permissions, not the first by name', () => {
      const [fix] = propose([big, medium, small, conditionalOnly]);
      expect(fix).toMatchObject({ roleId: 'r-small', extraPermissions: 0, permission: needed });
    });

    it('counts extra permissions against the catalog (wildcards expanded)', () => {
      const [fix] = propose([big, medium]);
      expect(fix).toMatchObject({ roleId: 'r-medium', extraPermissions: 1 });
      const [bigFix] = propose([big]);
      const routingOrUser = context.allPermissions.filter(
        (p) => p.startsWith('routing:') || p.startsWith('user:'),
      ).length;
      expect(routingOrUser).toBeGreaterThan(10);
      expect(bigFix!.extraPermissions).toBe(routingOrUser);
    });

    it('for an `any` operation, carrying several of the alternatives counts as extra', () => {
      const allViews = role('r-views', 'A All Views', LIST_RECORDINGS_PERMISSIONS);
      const [fix] = propose([allViews, small], catalogOp(OPS.listRecordings));
      expect(fix).toMatchObject({ roleId: 'r-small', extraPermissions: 0 });
      expect(propose([allViews], catalogOp(OPS.listRecordings))[0]).toMatchObject({
        extraPermissions: LIST_RECORDINGS_PERMISSIONS.length - 1,
      });
    });

    it('never proposes a role that grants only conditionally', () => {
      expect(propose([conditionalOnly])).toEqual([]);
    });

    it('breaks ties by name so the answer is stable', () => {
      const twin = role('r-twin', 'Y Twin', [needed]);
      expect(propose([small, twin])[0]?.roleId).toBe('r-twin');
      expect(propose([twin, small])[0]?.roleId).toBe('r-twin');
    });

    it('for an `all` operation proposes only a role that carries every missing permission', () => {
      const op = syntheticOp('all', ['routing:queue:view', 'routing:queue:edit'], {
        template: '/api/v2/routing/queues',
      });
      const viewOnly = role('r-view', 'A View Only', ['routing:queue:view']);
      const both = role('r-both', 'Z Queue Editor', [
        'routing:queue:view',
        'routing:queue:edit',
        'routing:wrapupCode:view',
      ]);
      const [fix] = propose([viewOnly, both], op);
      expect(fix).toMatchObject({
        roleId: 'r-both',
        permission: 'routing:queue:view, routing:queue:edit',
        extraPermissions: 1,
      });
    });

    it('says an admin must create a role when none carries the permission', () => {
      const facts = clientWith([], { roles: ok([ROLES.employee]), operations: [catalogOp(OPS.screenSessions)] });
      const checked = roleCheck(facts, context);
      expect(checked.status).toBe('fail');
      expect(checked.fixes).toEqual([]);
      expect(checked.evidence.join('\n')).toMatch(
        /No existing role carries recording:screenRecording:view: an admin must create a role with it/,
      );
    });

    it('proposes one grant per role and division, however many operations need it', () => {
      const facts = clientWith([], { operations: [catalogOp(OPS.listRecordings), catalogOp(OPS.screenSessions)] });
      expect(grantFixes(roleCheck(facts, context)).map((f) => f.roleId)).toEqual([ROLES.screenViewer.id]);
    });
  });

  describe('any vs all', () => {
    const view = 'routing:queue:view';
    const edit = 'routing:queue:edit';
    const viewer = role('r-qv', 'Queue Viewer', [view]);
    const editor = role('r-qe', 'Queue Editor', [view, edit]);
    const table: Array<{ mode: 'any' | 'all'; holds: Role[]; status: CheckStatus; missing: string[] }> = [
      { mode: 'any', holds: [viewer], status: 'pass', missing: [] },
      { mode: 'any', holds: [], status: 'fail', missing: [view] },
      { mode: 'all', holds: [viewer], status: 'fail', missing: [edit] },
      { mode: 'all', holds: [editor], status: 'pass', missing: [] },
      { mode: 'all', holds: [viewer, role('r-e', 'Edit Only', [edit])], status: 'pass', missing: [] },
    ];
    it.each(table)('mode $mode holding $holds.length role(s) → $status', ({ mode, holds, status, missing }) => {
      const op = syntheticOp(mode, [view, edit], { template: '/api/v2/routing/queues' });
      const facts = clientWith(
        holds.map((r) => ({ roleId: r.id, divisionId: '*' })),
        { roles: ok([viewer, editor, ...holds]), operations: [op] },
      );
      const checked = roleCheck(facts, context);
      expect(checked.status).toBe(status);
      expect(checked.missingPermissions).toEqual(missing);
      if (status === 'fail') expect(checked.summary).toContain(missing[0]!);
    });
  });
});

describe('resourceDivisionsFor', () => {
  const template = catalogOp(OPS.listRecordings).template;
  it.each([
    { name: 'conversation read', facts: buildFacts(), expected: { kind: 'known', ids: [SALES] } },
    {
      name: 'template without a conversation',
      facts: buildFacts(),
      template: '/api/v2/recordings/screensessions/details',
      expected: { kind: 'any' },
    },
    { name: 'no interaction named', facts: buildFactsWithoutInteraction(), expected: { kind: 'any' } },
    {
      name: 'conversation has no divisions',
      facts: buildFacts({ conversation: ok({ id: IDS.conversation }) }),
      expected: { kind: 'unreadable', reason: 'the conversation did not list its divisions' },
    },
    {
      name: 'conversation 404',
      facts: buildFacts({ conversation: failed(404), recordings: failed(404) }),
      expected: { kind: 'any' },
    },
    {
      name: 'conversation 404, recordings read',
      facts: buildFacts({ conversation: failed(404) }),
      expected: { kind: 'unreadable' },
    },
    { name: 'conversation 403', facts: buildFacts({ conversation: failed(403) }), expected: { kind: 'unreadable' } },
    {
      name: 'interaction named but conversation not read',
      facts: buildFacts({ conversation: undefined }),
      expected: { kind: 'unreadable', reason: 'the conversation was not read' },
    },
  ])('$name', ({ facts, expected, ...rest }) => {
    expect(resourceDivisionsFor(('template' in rest ? rest.template : undefined) ?? template, facts)).toMatchObject(
      expected,
    );
  });
});

describe('role definitions Genesys returned without policies', () => {
  it('count as unreadable (unknown), never as granting nothing', () => {
    const bare = { id: ROLES.screenViewer.id, name: 'Screen Recording Viewer' } as Role;
    const facts = clientWith([{ roleId: ROLES.screenViewer.id, divisionId: '*' }], { roles: ok([bare]) });
    const checked = roleCheck(facts, { allPermissions: [] });
    expect(checked.status).toBe('unknown');
    expect(checked.evidence.join('\n')).toMatch(/could not be read/);
  });
});
