/**
 * Genesys rules the simulator enforces beyond an operation's "Requires ANY permissions" line, each against
 * a running simulator over HTTP: the retention update's own permission rule and restorations, conversations
 * in several divisions, conditional policies, external (other-org) apps, the permission listing and the
 * licence gate, unfamiliar file states, and the two independent stream settings.
 *
 * Every test starts its own simulator, so none depends on another's writes.
 */
import { describe, expect, it } from 'vitest';
import {
  parseScenario,
  retentionRule,
  startSimulator,
  type RunningSimulator,
  type ScenarioInput,
} from '../../../src/sim';
import { api, IDS, newId, ROLES, testScenario, tokenFor, type ClientSpec } from './sim-fixtures';

const THIRD = 'c8d9e0f1-a2b3-4c4d-8e5f-6a7b8c9d0e1f';
const MULTI_CONVERSATION = 'd9e0f1a2-b3c4-4d5e-9f6a-7b8c9d0e1f2a';
const AUDIO = 'e0f1a2b3-c4d5-4e6f-8a7b-8c9d0e1f2a3b';
const ARCHIVED_SCREEN = 'f1a2b3c4-d5e6-4f7a-9b8c-9d0e1f2a3b4c';
const ARCHIVED_AUDIO = 'a2b3c4d5-e6f7-4a8b-8c9d-0e1f2a3b4c5d';
const PURGED = 'b3c4d5e6-f7a8-4b9c-9d0e-1f2a3b4c5d6e';
const MULTI_SCREEN = 'c4d5e6f7-a8b9-4cad-8e0f-2a3b4c5d6e7f';
const EXTERNAL_APP = 'd5e6f7a8-b9ca-4dbe-9f1a-3b4c5d6e7f80';
const REQUESTED_APP = 'e6f7a8b9-cadb-4ecf-8a2b-4c5d6e7f8091';
const UNKNOWN_APP = 'f7a8b9ca-dbec-4fd0-9b3c-5d6e7f8091a2';

const R = {
  audioRetention: '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d',
  recViewScreenEdit: '1b2c3d4e-5f6a-4b7c-9d8e-9f0a1b2c3d4e',
  screenRestore: '2c3d4e5f-6a7b-4c8d-8e9f-0a1b2c3d4e5f',
  audioRestore: '3d4e5f6a-7b8c-4d9e-9f0a-1b2c3d4e5f6a',
  conditionalRetention: '4e5f6a7b-8c9d-4eaf-8a1b-2c3d4e5f6a7b',
  screenEditOnly: '5f6a7b8c-9d0e-4fb0-9b2c-3d4e5f6a7b8c',
  authorizeApps: '6a7b8c9d-0e1f-4ac1-8c3d-4e5f6a7b8c9d',
} as const;

/** Table rows as `[title, row]`, so a title is plain text (no quoting or truncation) that `-t` can select. */
const titled = <T extends { name: string; status?: number }>(rows: T[]) =>
  rows.map((row) => [row.status === undefined ? row.name : `${row.name} → ${row.status}`, row] as [string, T]);

const policy = (entityName: string, actionSet: string[], extra: object = {}) => ({
  domain: 'recording',
  entityName,
  actionSet,
  ...extra,
});

/** The unit-test org plus the roles, conversations and apps these rules need; `extra` overrides top-level keys. */
function rulesScenario(clients: Array<ClientSpec & { id: string }>, extra: Partial<ScenarioInput> = {}): ScenarioInput {
  const base = testScenario(clients);
  return {
    ...base,
    divisions: [...base.divisions!, { id: THIRD, name: 'Third' }],
    roles: [
      ...base.roles!,
      {
        id: R.audioRetention,
        name: 'Audio retention',
        permissionPolicies: [policy('recording', ['view', 'editRetention'])],
      },
      {
        id: R.recViewScreenEdit,
        name: 'Recording view, screen retention',
        permissionPolicies: [policy('recording', ['view']), policy('screenRecording', ['editRetention'])],
      },
      {
        id: R.screenRestore,
        name: 'Screen restore',
        permissionPolicies: [policy('screenRecording', ['view', 'editRetention', 'restore'])],
      },
      {
        id: R.audioRestore,
        name: 'Audio restore',
        permissionPolicies: [policy('recording', ['view', 'editRetention', 'restore'])],
      },
      {
        id: R.conditionalRetention,
        name: 'Queue-limited screen retention',
        permissionPolicies: [
          policy('screenRecording', ['view']),
          policy('screenRecording', ['editRetention'], {
            allowConditions: true,
            resourceConditionNode: { variableName: 'Queue.id', operator: 'EQ' },
          }),
        ],
      },
      {
        id: R.screenEditOnly,
        name: 'Screen retention only',
        permissionPolicies: [policy('screenRecording', ['editRetention'])],
      },
      {
        id: R.authorizeApps,
        name: 'Authorized apps reader',
        permissionPolicies: [{ domain: 'oauth', entityName: 'client', actionSet: ['authorize'] }],
      },
    ],
    conversations: [
      {
        id: IDS.conversation,
        divisionId: IDS.home,
        recordings: [
          { id: IDS.screenRecording, media: 'screen', fileState: 'AVAILABLE', startTime: '-2h', endTime: '-1h' },
          { id: AUDIO, media: 'audio', fileState: 'AVAILABLE', startTime: '-2h', endTime: '-1h' },
          {
            id: ARCHIVED_SCREEN,
            media: 'screen',
            fileState: 'ARCHIVED',
            archiveDate: '-3d',
            archiveMedium: 'CLOUDARCHIVE',
            startTime: '-9d',
            endTime: '-9d',
          },
          {
            id: ARCHIVED_AUDIO,
            media: 'audio',
            fileState: 'ARCHIVED',
            archiveDate: '-3d',
            startTime: '-9d',
            endTime: '-9d',
          },
          { id: PURGED, media: 'screen', fileState: 'PURGED', startTime: '-400d', endTime: '-400d' },
        ],
      },
      {
        id: MULTI_CONVERSATION,
        divisionIds: [IDS.other, THIRD],
        recordings: [{ id: MULTI_SCREEN, media: 'screen', fileState: 'AVAILABLE', startTime: '-2h', endTime: '-1h' }],
      },
    ],
    authorizations: [
      {
        clientId: EXTERNAL_APP,
        clientName: 'ArchiveBridge Cloud',
        scope: ['recordings', 'conversations:readonly'],
        state: 'Authorized',
      },
      {
        clientId: REQUESTED_APP,
        clientName: 'Vendor App',
        scope: ['recordings:readonly'],
        state: 'Requested',
        grantType: 'TOKEN',
      },
    ],
    ...extra,
  };
}

/** A simulator with one target client holding `roles`; returns it with that client's token. */
async function withTarget(
  roles: Array<[roleId: string, divisionId: string]>,
  extra: Partial<ScenarioInput> = {},
  run: (sim: RunningSimulator, token: string) => Promise<void>,
): Promise<void> {
  const target = newId();
  const sim = await startSimulator({
    scenario: rulesScenario(
      [{ id: target, roleDivisions: roles.map(([roleId, divisionId]) => ({ roleId, divisionId })) }],
      extra,
    ),
  });
  try {
    await run(sim, await tokenFor(sim, target));
  } finally {
    await sim.close();
  }
}

const recordingPath = (recordingId: string, conversationId: string = IDS.conversation) =>
  `/api/v2/conversations/${conversationId}/recordings/${recordingId}`;
const NEW_DATE = '2031-01-01T00:00:00.000Z';

interface RetentionRow {
  name: string;
  roles: Array<[string, string]>;
  recording: string;
  conversation?: string;
  body: Record<string, unknown>;
  status: number;
  code?: string;
  /** The permissions the refusal names, in order. */
  missing?: string[];
  fileState?: string;
}

// SDK, updateConversationRecording: "The recording:recording:view permission is required for the recording,
// as well as either the recording:recording:editRetention or recording:screenRecording:editRetention
// permissions depending on the type of recording."
const retentionRows: RetentionRow[] = [
  {
    name: 'screen view only on a screen recording: editRetention missing',
    roles: [[ROLES.viewer, '*']],
    recording: IDS.screenRecording,
    body: { deleteDate: NEW_DATE },
    status: 403,
    code: 'missing.permissions',
    missing: ['recording:screenRecording:editRetention'],
  },
  {
    name: 'audio view + editRetention on a screen recording: the screen editRetention is missing',
    roles: [[R.audioRetention, '*']],
    recording: IDS.screenRecording,
    body: { deleteDate: NEW_DATE },
    status: 403,
    code: 'missing.permissions',
    missing: ['recording:screenRecording:editRetention'],
  },
  {
    name: 'screen view + editRetention on a screen recording',
    roles: [[ROLES.screenRetention, '*']],
    recording: IDS.screenRecording,
    body: { deleteDate: NEW_DATE },
    status: 200,
    fileState: 'AVAILABLE',
  },
  {
    name: 'recording:recording:view + screenRecording:editRetention on a screen recording',
    roles: [[R.recViewScreenEdit, '*']],
    recording: IDS.screenRecording,
    body: { archiveDate: NEW_DATE },
    status: 200,
    fileState: 'AVAILABLE',
  },
  {
    name: 'screen editRetention without any view: both view alternatives named',
    roles: [[R.screenEditOnly, '*']],
    recording: IDS.screenRecording,
    body: { deleteDate: NEW_DATE },
    status: 403,
    code: 'missing.permissions',
    missing: ['recording:recording:view', 'recording:screenRecording:view'],
  },
  {
    name: 'screen view + editRetention on an audio recording: only recording:recording:* counts',
    roles: [[ROLES.screenRetention, '*']],
    recording: AUDIO,
    body: { deleteDate: NEW_DATE },
    status: 403,
    code: 'missing.permissions',
    missing: ['recording:recording:view', 'recording:recording:editRetention'],
  },
  {
    name: 'audio view + editRetention on an audio recording',
    roles: [[R.audioRetention, '*']],
    recording: AUDIO,
    body: { deleteDate: NEW_DATE },
    status: 200,
  },
  {
    name: 'no recording permission at all: the catalog gate refuses first',
    roles: [],
    recording: IDS.screenRecording,
    body: { deleteDate: NEW_DATE },
    status: 403,
    code: 'missing.any.permissions',
  },
  {
    name: 'conditional editRetention (resourceConditionNode) does not count',
    roles: [[R.conditionalRetention, '*']],
    recording: IDS.screenRecording,
    body: { deleteDate: NEW_DATE },
    status: 403,
    code: 'missing.permissions',
    missing: ['recording:screenRecording:editRetention'],
  },
  {
    name: 'editRetention held only outside the conversation division',
    roles: [
      [ROLES.viewer, IDS.home],
      [ROLES.screenRetention, IDS.other],
    ],
    recording: IDS.screenRecording,
    body: { deleteDate: NEW_DATE },
    status: 403,
    code: 'missing.permissions',
    missing: ['recording:screenRecording:editRetention'],
  },
  {
    name: 'view and editRetention in different divisions, both covering a multi-division conversation',
    roles: [
      [ROLES.viewer, IDS.other],
      [R.screenEditOnly, THIRD],
    ],
    recording: MULTI_SCREEN,
    conversation: MULTI_CONVERSATION,
    body: { deleteDate: NEW_DATE },
    status: 200,
  },
  // "A request to change the archival date of an archived recording will result in a restoration of the recording until the new date set."
  {
    name: 'archived screen recording, archiveDate, no restore permission',
    roles: [[ROLES.screenRetention, '*']],
    recording: ARCHIVED_SCREEN,
    body: { archiveDate: NEW_DATE },
    status: 403,
    code: 'missing.permissions',
    missing: ['recording:screenRecording:restore'],
  },
  {
    name: 'archived screen recording, archiveDate, with screenRecording:restore: restoring',
    roles: [[R.screenRestore, '*']],
    recording: ARCHIVED_SCREEN,
    body: { archiveDate: NEW_DATE },
    status: 200,
    fileState: 'RESTORING',
  },
  {
    name: 'archived audio recording needs recording:recording:restore, not the screen one',
    roles: [
      [R.audioRetention, '*'],
      [R.screenRestore, '*'],
    ],
    recording: ARCHIVED_AUDIO,
    body: { archiveDate: NEW_DATE },
    status: 403,
    code: 'missing.permissions',
    missing: ['recording:recording:restore'],
  },
  {
    name: 'archived audio recording with recording:recording:restore',
    roles: [[R.audioRestore, '*']],
    recording: ARCHIVED_AUDIO,
    body: { archiveDate: NEW_DATE },
    status: 200,
    fileState: 'RESTORING',
  },
  {
    name: 'archived recording, only deleteDate changed: no restoration, no restore permission needed',
    roles: [[ROLES.screenRetention, '*']],
    recording: ARCHIVED_SCREEN,
    body: { deleteDate: NEW_DATE },
    status: 200,
    fileState: 'ARCHIVED',
  },
  {
    name: 'action wildcard on screenRecording covers view, editRetention and restore',
    roles: [[ROLES.actionWildcard, '*']],
    recording: ARCHIVED_SCREEN,
    body: { archiveDate: NEW_DATE },
    status: 200,
    fileState: 'RESTORING',
  },
];

describe('retention update: "The recording:recording:view permission is required for the recording, as well as either the recording:recording:editRetention or recording:screenRecording:editRetention permissions depending on the type of recording"', () => {
  it.each(titled(retentionRows))('%s', async (_title, row) => {
    await withTarget(row.roles, {}, async (sim, token) => {
      const res = await api(sim, token, 'PUT', recordingPath(row.recording, row.conversation), row.body);
      expect(res.status, res.text).toBe(row.status);
      if (row.code) expect(res.body.code).toBe(row.code);
      if (row.missing) {
        expect(res.body.message).toBe(`You are missing the following permission(s): [${row.missing.join(', ')}]`);
        expect(res.body.messageParams.permissions).toEqual(row.missing);
      }
      if (row.fileState) expect(res.body.fileState).toBe(row.fileState);
      if (row.status === 200) {
        for (const key of ['archiveDate', 'deleteDate']) if (row.body[key]) expect(res.body[key]).toBe(row.body[key]);
      }
    });
  });

  it('retentionRule: clauses by media and state', () => {
    expect(retentionRule({ media: 'screen', fileState: 'AVAILABLE' }, true)).toEqual({
      clauses: [
        ['recording:recording:view', 'recording:screenRecording:view'],
        ['recording:screenRecording:editRetention'],
      ],
      restores: false,
    });
    expect(retentionRule({ media: 'audio', fileState: 'ARCHIVED' }, true)).toEqual({
      clauses: [['recording:recording:view'], ['recording:recording:editRetention'], ['recording:recording:restore']],
      restores: true,
    });
    expect(retentionRule({ media: 'screen', fileState: 'ARCHIVED' }, false).restores).toBe(false);
  });
});

describe('restorations: "maxAllowedRestorationsForOrg" / "remainingRestorationsAllowedForOrg" (SDK Recording model)', () => {
  it('every recording view carries the org restorations when the scenario sets them', async () => {
    await withTarget([[ROLES.viewer, '*']], { recordingRestorations: { max: 5, remaining: 3 } }, async (sim, token) => {
      const list = await api(sim, token, 'GET', `/api/v2/conversations/${IDS.conversation}/recordings`);
      expect(list.status).toBe(200);
      for (const r of list.body)
        expect(r).toMatchObject({ maxAllowedRestorationsForOrg: 5, remainingRestorationsAllowedForOrg: 3 });
      const one = await api(sim, token, 'GET', recordingPath(ARCHIVED_SCREEN));
      expect(one.body).toMatchObject({ maxAllowedRestorationsForOrg: 5, remainingRestorationsAllowedForOrg: 3 });
    });
  });

  it('leaves the fields out when the scenario does not set them', async () => {
    await withTarget([[ROLES.viewer, '*']], {}, async (sim, token) => {
      const list = await api(sim, token, 'GET', `/api/v2/conversations/${IDS.conversation}/recordings`);
      for (const r of list.body) {
        expect(r).not.toHaveProperty('maxAllowedRestorationsForOrg');
        expect(r).not.toHaveProperty('remainingRestorationsAllowedForOrg');
      }
    });
  });

  it('a restoring update sets RESTORING and the new archive date, and uses one restoration', async () => {
    await withTarget(
      [[R.screenRestore, '*']],
      { recordingRestorations: { max: 5, remaining: 3 } },
      async (sim, token) => {
        const put = await api(sim, token, 'PUT', recordingPath(ARCHIVED_SCREEN), { archiveDate: NEW_DATE });
        expect(put.status).toBe(200);
        expect(put.body).toMatchObject({
          fileState: 'RESTORING',
          archiveDate: NEW_DATE,
          remainingRestorationsAllowedForOrg: 2,
        });
        // The count is the org's: every recording shows it.
        const other = await api(sim, token, 'GET', recordingPath(IDS.screenRecording));
        expect(other.body).toMatchObject({ maxAllowedRestorationsForOrg: 5, remainingRestorationsAllowedForOrg: 2 });
        // A non-restoring update uses none.
        expect(
          (await api(sim, token, 'PUT', recordingPath(IDS.screenRecording), { archiveDate: NEW_DATE })).body
            .remainingRestorationsAllowedForOrg,
        ).toBe(2);
      },
    );
  });

  it('answers 400 bad.request when no restorations remain, and changes nothing', async () => {
    await withTarget(
      [[R.screenRestore, '*']],
      { recordingRestorations: { max: 5, remaining: 0 } },
      async (sim, token) => {
        const put = await api(sim, token, 'PUT', recordingPath(ARCHIVED_SCREEN), { archiveDate: NEW_DATE });
        expect(put.status).toBe(400);
        expect(put.body.code).toBe('bad.request');
        expect(put.body.message).toMatch(/no archive restorations remaining/);
        const after = await api(sim, token, 'GET', recordingPath(ARCHIVED_SCREEN));
        expect(after.body).toMatchObject({ fileState: 'ARCHIVED', remainingRestorationsAllowedForOrg: 0 });
        expect(after.body.archiveDate).not.toBe(NEW_DATE);
      },
    );
  });

  it('refuses a restore without the permission (403) before counting restorations', async () => {
    await withTarget(
      [[ROLES.screenRetention, '*']],
      { recordingRestorations: { max: 5, remaining: 0 } },
      async (sim, token) => {
        const put = await api(sim, token, 'PUT', recordingPath(ARCHIVED_SCREEN), { archiveDate: NEW_DATE });
        expect(put.status).toBe(403);
        expect(put.body.message).toBe(
          'You are missing the following permission(s): [recording:screenRecording:restore]',
        );
      },
    );
  });

  it('rejects a scenario with more remaining than allowed', () => {
    expect(() => parseScenario(rulesScenario([], { recordingRestorations: { max: 1, remaining: 2 } }))).toThrow(
      /recordingRestorations.*remaining must not exceed max/,
    );
  });
});

describe('conversations in several divisions ("Access control transactional objects": a grant in any one of its divisions suffices)', () => {
  const rows = [
    {
      name: 'grant in the second of its divisions',
      roles: [[ROLES.viewer, THIRD]] as Array<[string, string]>,
      status: 200,
    },
    {
      name: 'grant in the first of its divisions',
      roles: [[ROLES.viewer, IDS.other]] as Array<[string, string]>,
      status: 200,
    },
    { name: 'grant in all divisions', roles: [[ROLES.viewer, '*']] as Array<[string, string]>, status: 200 },
    {
      name: 'grant only in a division it does not belong to',
      roles: [[ROLES.viewer, IDS.home]] as Array<[string, string]>,
      status: 403,
    },
  ];
  it.each(titled(rows))('%s', async (_title, { roles, status }) => {
    await withTarget(roles, {}, async (sim, token) => {
      const res = await api(sim, token, 'GET', `/api/v2/conversations/${MULTI_CONVERSATION}/recordings`);
      expect(res.status).toBe(status);
      if (status === 403) {
        expect(res.body.message).toBe(
          `You must have at least one of the following permissions assigned: [] in at least one of the following division(s): [${IDS.other}, ${THIRD}]`,
        );
        expect(res.body.messageParams.divisions).toEqual([IDS.other, THIRD]);
      }
    });
  });

  it('GET /conversations/{id} lists every division', async () => {
    await withTarget([], {}, async (sim) => {
      const token = await tokenFor(sim, IDS.diag);
      const res = await api(sim, token, 'GET', `/api/v2/conversations/${MULTI_CONVERSATION}`);
      expect(res.status).toBe(200);
      expect(res.body.divisions.map((d: { division: { id: string } }) => d.division.id)).toEqual([IDS.other, THIRD]);
      expect(res.body.divisions[1].division).toMatchObject({ id: THIRD, name: 'Third', homeDivision: false });
    });
  });

  it.each(
    [
      {
        name: 'neither divisionId nor divisionIds',
        conversation: { id: MULTI_CONVERSATION },
        error: /exactly one of divisionId and divisionIds/,
      },
      {
        name: 'both',
        conversation: { id: MULTI_CONVERSATION, divisionId: IDS.home, divisionIds: [IDS.other] },
        error: /exactly one of divisionId and divisionIds/,
      },
      {
        name: 'an unknown division in divisionIds',
        conversation: { id: MULTI_CONVERSATION, divisionIds: [IDS.home, IDS.org] },
        error: /conversations\.0\.divisionIds\.1: division .* is not in divisions/,
      },
    ].map((row) => [row.name, row] as const),
  )('the schema refuses a conversation with %s', (_name, { conversation, error }) => {
    expect(() => parseScenario(rulesScenario([], { conversations: [conversation] }))).toThrow(error);
  });
});

describe('conditions: only a policy with a resourceConditionNode is conditional; allowConditions is "whether or not you can set conditional parameters for the permission" (help page "Edit a role")', () => {
  const rows = [
    { name: 'allowConditions: true alone grants', role: ROLES.conditional, status: 200 },
    { name: 'a resourceConditionNode grants nothing here', role: ROLES.conditionNode, status: 403 },
  ];
  it.each(titled(rows))('%s', async (_title, { role, status }) => {
    await withTarget([[role, '*']], {}, async (sim, token) => {
      expect((await api(sim, token, 'GET', `/api/v2/conversations/${IDS.conversation}/recordings`)).status).toBe(
        status,
      );
    });
  });

  it('the subject grants view sets `condition` only from a resourceConditionNode', async () => {
    const user = newId();
    const scenario = rulesScenario([], {
      users: [
        {
          id: user,
          name: 'Quinn',
          grants: [
            { roleId: ROLES.conditional, divisionId: IDS.home, grantMadeAt: '-1d' },
            { roleId: ROLES.conditionNode, divisionId: IDS.home, grantMadeAt: '-1d' },
          ],
        },
      ],
    });
    const sim = await startSimulator({ scenario });
    try {
      const token = await tokenFor(sim, IDS.diag);
      const res = await api(sim, token, 'GET', `/api/v2/authorization/subjects/${user}`);
      expect(res.status).toBe(200);
      const policies = (roleId: string) =>
        res.body.grants.find((g: { role: { id: string } }) => g.role.id === roleId).role.policies;
      expect(policies(ROLES.conditional)[0]).not.toHaveProperty('condition');
      expect(policies(ROLES.conditionNode)[0].condition).toBe(
        JSON.stringify({ variableName: 'Queue.id', operator: 'EQ' }),
      );
    } finally {
      await sim.close();
    }
  });
});

describe('external apps: a client created in another org is read through GET /oauth/authorizations/{clientId}', () => {
  const rows = [
    {
      name: 'an authorized external app',
      path: `/api/v2/oauth/authorizations/${EXTERNAL_APP}`,
      status: 200,
      body: {
        client: { id: EXTERNAL_APP, name: 'ArchiveBridge Cloud', authorizedGrantType: 'CODE' },
        scope: ['recordings', 'conversations:readonly'],
        roles: [],
        resourceOwner: { id: IDS.org },
        state: 'Authorized',
        pending: false,
        selfUri: `/api/v2/oauth/authorizations/${EXTERNAL_APP}`,
      },
    },
    {
      name: 'a requested (pending) external app',
      path: `/api/v2/oauth/authorizations/${REQUESTED_APP}`,
      status: 200,
      body: { client: { id: REQUESTED_APP, authorizedGrantType: 'TOKEN' }, state: 'Requested', pending: true },
    },
    {
      name: 'a client with no authorization in this org',
      path: `/api/v2/oauth/authorizations/${UNKNOWN_APP}`,
      status: 404,
      body: { code: 'not.found' },
    },
    {
      name: "an external app is not one of this org's clients",
      path: `/api/v2/oauth/clients/${EXTERNAL_APP}`,
      status: 404,
      body: { code: 'not.found' },
    },
  ];

  it.each(titled(rows))('%s', async (_title, { path, status, body }) => {
    await withTarget(
      [
        [R.authorizeApps, '*'],
        [ROLES.diag, '*'],
      ],
      {},
      async (sim, token) => {
        const res = await api(sim, token, 'GET', path);
        expect(res.status).toBe(status);
        expect(res.body).toMatchObject(body);
        if (status === 200) {
          expect(Date.parse(res.body.dateCreated)).not.toBeNaN();
          expect(Date.parse(res.body.dateModified)).not.toBeNaN();
        }
      },
    );
  });

  it('lists every authorization', async () => {
    await withTarget([[R.authorizeApps, '*']], {}, async (sim, token) => {
      const res = await api(sim, token, 'GET', '/api/v2/oauth/authorizations');
      expect(res.status).toBe(200);
      expect(res.body.entities.map((a: { client: { id: string } }) => a.client.id)).toEqual([
        EXTERNAL_APP,
        REQUESTED_APP,
      ]);
    });
  });

  it('needs oauth:client:authorize', async () => {
    await withTarget([[ROLES.diag, '*']], {}, async (sim, token) => {
      const res = await api(sim, token, 'GET', `/api/v2/oauth/authorizations/${EXTERNAL_APP}`);
      expect(res.status).toBe(403);
      expect(res.body.message).toBe(
        'You must have at least one of the following permissions assigned: [oauth:client:authorize]',
      );
    });
  });

  it("the schema keeps this org's clients and external ones apart", () => {
    const own = rulesScenario([], {
      authorizations: [{ clientId: IDS.diag, clientName: 'mine', state: 'Authorized' }],
    });
    expect(() => parseScenario(own)).toThrow(/authorizations\.0\.clientId: .*own client/);
    const external = rulesScenario([]);
    external.checker = { ...external.checker!, target: { client: UNKNOWN_APP }, externalTarget: true };
    expect(parseScenario(external).checker.externalTarget).toBe(true);
    external.checker.externalTarget = false;
    expect(() => parseScenario(external)).toThrow(/checker\.target\.client: not in oauthClients/);
    external.checker = { ...external.checker, target: { client: IDS.diag }, externalTarget: true };
    expect(() => parseScenario(external)).toThrow(/external target must not be/);
  });
});

describe('licence: GET /authorization/permissions lists what the org can assign; unlicensed permissions grant nothing', () => {
  const UNAVAILABLE = [
    'recording:screenRecording:editRetention',
    'recording:screenRecording:restore',
    'video:video:access',
  ];
  type PermissionDomain = {
    id: string;
    domain: string;
    permissionMap: Record<string, Array<{ domain: string; entityType: string; action: string }>>;
  };
  const flatten = (entities: PermissionDomain[]) =>
    entities.flatMap((d) =>
      Object.entries(d.permissionMap).flatMap(([entity, list]) => list.map((p) => `${d.domain}:${entity}:${p.action}`)),
    );

  it('lists every catalog permission except the unavailable ones, by domain and entity', async () => {
    await withTarget([], { unavailablePermissions: UNAVAILABLE }, async (sim, token) => {
      const res = await api(sim, token, 'GET', '/api/v2/authorization/permissions?pageSize=500');
      expect(res.status).toBe(200);
      const all = flatten(res.body.entities);
      for (const p of UNAVAILABLE) expect(all).not.toContain(p);
      expect(all).toEqual(
        expect.arrayContaining([
          'recording:screenRecording:view',
          'recording:recording:editRetention',
          'oauth:client:authorize',
        ]),
      );
      const recording = res.body.entities.find((d: PermissionDomain) => d.id === 'recording');
      expect(recording.domain).toBe('recording');
      expect(recording.permissionMap.screenRecording).toContainEqual({
        domain: 'recording',
        entityType: 'screenRecording',
        action: 'view',
        label: 'View',
        allowsConditions: false,
        divisionAware: false,
      });
      // A domain whose only permission is unavailable disappears (the catalog's video domain has just video:video:access).
      expect(res.body.entities.map((d: PermissionDomain) => d.id)).not.toContain('video');
      expect(res.body.total).toBe(res.body.entities.length);
    });
  });

  it('pages by domain with pageSize and pageNumber, like the roles listing', async () => {
    await withTarget([], {}, async (sim, token) => {
      const whole = await api(sim, token, 'GET', '/api/v2/authorization/permissions?pageSize=500');
      const total = whole.body.total as number;
      expect(whole.body).toMatchObject({ pageNumber: 1, pageSize: 500, pageCount: 1 });
      expect(whole.body.entities).toHaveLength(total);
      const pages: PermissionDomain[] = [];
      const first = await api(sim, token, 'GET', '/api/v2/authorization/permissions?pageSize=7');
      expect(first.body).toMatchObject({ pageNumber: 1, pageSize: 7, total, pageCount: Math.ceil(total / 7) });
      for (let n = 1; n <= first.body.pageCount; n++) {
        pages.push(
          ...(await api(sim, token, 'GET', `/api/v2/authorization/permissions?pageSize=7&pageNumber=${n}`)).body
            .entities,
        );
      }
      expect(pages).toEqual(whole.body.entities);
      expect((await api(sim, token, 'GET', '/api/v2/authorization/permissions')).body.pageSize).toBe(25);
      expect((await api(sim, token, 'GET', '/api/v2/authorization/permissions?pageSize=501')).status).toBe(400);
      expect((await api(sim, token, 'GET', '/api/v2/authorization/permissions?pageNumber=0')).status).toBe(400);
    });
  });

  it('queryType=domain lists only the named domains (exact names), licence still applied', async () => {
    await withTarget([], { unavailablePermissions: UNAVAILABLE }, async (sim, token) => {
      const whole = (await api(sim, token, 'GET', '/api/v2/authorization/permissions?pageSize=500')).body;
      const path =
        '/api/v2/authorization/permissions?pageSize=500&queryType=domain&query=recording,oauth,video,Quality';
      const res = await api(sim, token, 'GET', path);
      expect(res.status).toBe(200);
      // video's only permission is unavailable; Quality is no domain (the catalog's is quality): neither listed.
      expect(res.body.entities.map((d: PermissionDomain) => d.id)).toEqual(['oauth', 'recording']);
      expect(res.body.total).toBe(2);
      const named = whole.entities.filter((d: PermissionDomain) => d.id === 'recording' || d.id === 'oauth');
      expect(res.body.entities).toEqual(named);
      expect(flatten(res.body.entities)).not.toContain('recording:screenRecording:editRetention');
      const none = await api(sim, token, 'GET', '/api/v2/authorization/permissions?queryType=domain&query=nosuch');
      expect(none.body).toMatchObject({ entities: [], total: 0 });
    });
  });

  it('queryType=permission lists only the named permissions the org has, in their domains', async () => {
    await withTarget([], { unavailablePermissions: UNAVAILABLE }, async (sim, token) => {
      const query =
        'recording:screenRecording:view,recording:screenRecording:editRetention,oauth:client:authorize,recording:screenRecording';
      const res = await api(sim, token, 'GET', `/api/v2/authorization/permissions?queryType=permission&query=${query}`);
      expect(res.status).toBe(200);
      expect(flatten(res.body.entities).sort()).toEqual(['oauth:client:authorize', 'recording:screenRecording:view']);
    });
  });

  it('an unknown queryType, or one without a query, is bad input (400)', async () => {
    await withTarget([], {}, async (sim, token) => {
      for (const q of ['queryType=entity&query=recording', 'queryType=Domain&query=recording', 'queryType=domain']) {
        const res = await api(sim, token, 'GET', `/api/v2/authorization/permissions?${q}`);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('invalid.value');
      }
    });
  });

  it('needs no permission, only a valid token', async () => {
    await withTarget([], {}, async (sim, token) => {
      expect((await api(sim, token, 'GET', '/api/v2/authorization/permissions')).status).toBe(200);
      expect((await api(sim, undefined, 'GET', '/api/v2/authorization/permissions')).status).toBe(401);
    });
  });

  const gateRows = [
    {
      name: 'an unlicensed permission in a role grants nothing (catalog gate)',
      roles: [[ROLES.actionWildcard, '*']] as Array<[string, string]>,
      unavailable: ['recording:screenRecording:view'],
      method: 'GET',
      path: '/api/v2/recordings/screensessions/details',
      status: 403,
    },
    {
      name: 'the same role grants it when licensed',
      roles: [[ROLES.actionWildcard, '*']] as Array<[string, string]>,
      unavailable: [],
      method: 'GET',
      path: '/api/v2/recordings/screensessions/details',
      status: 200,
    },
    {
      name: 'an unlicensed editRetention fails the retention rule',
      roles: [[ROLES.screenRetention, '*']] as Array<[string, string]>,
      unavailable: ['recording:screenRecording:editRetention'],
      method: 'PUT',
      path: recordingPath(IDS.screenRecording),
      status: 403,
    },
  ];
  it.each(titled(gateRows))('%s', async (_title, { roles, unavailable, method, path, status }) => {
    await withTarget(roles, { unavailablePermissions: unavailable }, async (sim, token) => {
      const res = await api(sim, token, method, path, method === 'PUT' ? { deleteDate: NEW_DATE } : undefined);
      expect(res.status).toBe(status);
    });
  });

  it('granting a role with an unlicensed permission succeeds, but the grant is useless', async () => {
    const target = newId();
    const sim = await startSimulator({
      scenario: rulesScenario([{ id: target, roleDivisions: [] }], {
        unavailablePermissions: ['recording:screenRecording:view'],
      }),
    });
    try {
      const fixer = await tokenFor(sim, IDS.fixer);
      const current = (await api(sim, fixer, 'GET', `/api/v2/oauth/clients/${target}`)).body;
      const put = await api(sim, fixer, 'PUT', `/api/v2/oauth/clients/${target}`, {
        ...current,
        roleDivisions: [{ roleId: ROLES.viewer, divisionId: '*' }],
      });
      expect(put.status).toBe(200);
      const grant = await api(
        sim,
        fixer,
        'POST',
        `/api/v2/authorization/subjects/${IDS.user}/divisions/*/roles/${ROLES.viewer}`,
      );
      expect(grant.status).toBe(204);
      const token = await tokenFor(sim, target);
      expect((await api(sim, token, 'GET', '/api/v2/recordings/screensessions/details')).status).toBe(403);
      const userToken = sim.mintUserToken(IDS.web, IDS.user);
      expect((await api(sim, userToken, 'GET', '/api/v2/recordings/screensessions/details')).status).toBe(403);
    } finally {
      await sim.close();
    }
  });

  it('the schema refuses a malformed permission string', () => {
    expect(() => parseScenario(rulesScenario([], { unavailablePermissions: ['recording-view'] }))).toThrow(
      /unavailablePermissions\.0: expected domain:entity:action/,
    );
  });
});

describe('file states: "fileState gains values over time"; the simulator serves an unfamiliar one as is', () => {
  it('serves PURGED as the scenario has it', async () => {
    await withTarget([[ROLES.viewer, '*']], {}, async (sim, token) => {
      const list = await api(sim, token, 'GET', `/api/v2/conversations/${IDS.conversation}/recordings`);
      expect(list.body.find((r: { id: string }) => r.id === PURGED).fileState).toBe('PURGED');
      expect((await api(sim, token, 'GET', recordingPath(PURGED))).body.fileState).toBe('PURGED');
    });
  });

  it.each(['purged', 'Archived', 'NOT-A-STATE', ''])('refuses %j (not an upper-case state name)', (fileState) => {
    const scenario = rulesScenario([]);
    scenario.conversations![0]!.recordings![0]!.fileState = fileState;
    expect(() => parseScenario(scenario)).toThrow(/fileState/);
  });
});

describe('recording settings: maxSimultaneousStreams ("maximum number of simultaneous screen recording streams") and maxConfigurableScreenRecordingStreams (its "upper limit") are independent', () => {
  it('serves 0 and 10 as set', async () => {
    const recordingSettings = { maxSimultaneousStreams: 0, maxConfigurableScreenRecordingStreams: 10 };
    await withTarget([], { recordingSettings }, async (sim, token) => {
      const res = await api(sim, token, 'GET', '/api/v2/recording/settings');
      expect(res.body).toMatchObject(recordingSettings);
    });
  });
});
