/** Shipped scenarios, the scenario schema, relative dates, and the `sr-check sim` command. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  listScenarios,
  loadScenario,
  parseScenario,
  runSimCommand,
  startSimulator,
  type RunningSimulator,
  type Scenario,
} from '../../../src/sim';
import { api, IDS, testScenario, tokenFor } from './sim-fixtures';

const REQUIRED = [
  'healthy',
  'cc-no-role',
  'demo',
  'role-other-division',
  'user-missing-scope',
  'readonly-scope-for-write',
  'streams-zero',
  'unknown-conversation',
  'archived-recording',
  'deleted-recording',
  'recordings-processing',
  'disabled-client',
  'bad-credentials',
  'role-change-after-token',
  'rate-limit-storm',
  'retention-view-only',
  'retention-audio-edit-on-screen',
  'archived-needs-restore',
  'streams-switched-off',
  'conversation-other-division',
  'conditional-vs-plain',
  'code-app-without-user',
  'external-app-authorized',
  'external-app-not-authorized',
  'two-roles-needed',
  'many-roles-decoys',
  'probe-agrees',
  'probe-disagrees',
  // Issue 21.
  'named-deleted-recording',
  'licence-withholds-screen',
  'no-screen-recording',
  'two-screen-states',
  'fixer-lacks-role',
];

const DIAGNOSTIC_PERMISSIONS = [
  'oauth:client:view',
  'authorization:role:view',
  'authorization:grant:view',
  'conversation:communication:view',
  'recording:screenRecording:view',
  'usage:client:view',
];
const FIXER_PERMISSIONS = [
  'oauth:client:view',
  'oauth:client:edit',
  'authorization:role:view',
  'authorization:grant:add',
  'authorization:grant:delete',
  'oauth:token:delete',
];

describe('shipped scenarios', () => {
  const shipped = listScenarios();

  it('include every required scenario, each with a description', () => {
    expect(shipped.map((s) => s.name).sort()).toEqual([...REQUIRED].sort());
    for (const s of shipped) expect(s.description.length).toBeGreaterThan(20);
  });

  it.each(REQUIRED)('%s loads, serves tokens/me to its diagnostic client, and keeps the house rules', async (name) => {
    const scenario = loadScenario(name);
    expect(scenario.name).toBe(name);
    for (const client of scenario.oauthClients) expect(client.secret).toContain('LEAKCANARY');
    // Diagnostic and fixer roles carry exactly the agreed permissions, in all divisions.
    const permissionsOf = (clientId: string, only?: string) => {
      const client = scenario.oauthClients.find((c) => c.id === clientId)!;
      const held = client.roleDivisions!.filter(
        (rd) => !only || scenario.roles.find((r) => r.id === rd.roleId)?.name === only,
      );
      return held.flatMap((rd) =>
        scenario.roles
          .find((r) => r.id === rd.roleId)!
          .permissionPolicies.flatMap((p) => p.actionSet.map((a) => `${p.domain}:${p.entityName}:${a}`)),
      );
    };
    // Reading an external app's authorization needs oauth:client:authorize as well.
    // Where the licence withholds recording:screenRecording:view, the diagnostic client reads recordings through
    // recording:recording:view (any of the list lets GET .../recordings through).
    const diagnosticPermissions = [
      ...DIAGNOSTIC_PERMISSIONS,
      ...(scenario.checker.externalTarget ? ['oauth:client:authorize'] : []),
      ...(scenario.unavailablePermissions.includes('recording:screenRecording:view')
        ? ['recording:recording:view']
        : []),
    ];
    expect(permissionsOf(scenario.checker.diagnosticClientId).sort()).toEqual([...diagnosticPermissions].sort());
    expect(permissionsOf(scenario.checker.fixerClientId!, 'sr-check Fixer').sort()).toEqual(
      [...FIXER_PERMISSIONS].sort(),
    );
    // Beyond its own role, the fixer holds only the roles it may hand out (a client assigns only roles it holds,
    // issue 21), never an administration one.
    const handedOut = permissionsOf(scenario.checker.fixerClientId!).filter((p) => !FIXER_PERMISSIONS.includes(p));
    expect(handedOut.filter((p) => /^(authorization|oauth|directory):/.test(p))).toEqual([]);
    // Folklore names may appear in a story, never in what the org holds.
    const held = JSON.stringify([scenario.roles, scenario.oauthClients.map((c) => c.scope)]);
    expect(held).not.toMatch(/screen_recording/);

    const sim = await startSimulator({ scenario: name });
    try {
      const diagnostic = scenario.oauthClients.find((c) => c.id === scenario.checker.diagnosticClientId)!;
      const token = await tokenFor(sim, diagnostic.id, diagnostic.secret);
      // rate-limit-storm answers 429s first; the simulator does not make the client actually wait.
      let me = await api(sim, token, 'GET', '/api/v2/tokens/me');
      for (let i = 0; i < 10 && me.status === 429; i++) {
        expect(Number(me.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        me = await api(sim, token, 'GET', '/api/v2/tokens/me');
      }
      expect(me.status).toBe(200);
      expect(me.body.organization.id).toBe(scenario.org.id);
      expect(me.body.OAuthClient.id).toBe(diagnostic.id);
    } finally {
      await sim.close();
    }
  });

  it('bad-credentials configures a secret the login host refuses', async () => {
    const sim = await startSimulator({ scenario: 'bad-credentials' });
    try {
      const { checker } = sim.scenario;
      await expect(tokenFor(sim, checker.diagnosticClientId, checker.configuredSecretOverride!)).rejects.toThrow(/401/);
    } finally {
      await sim.close();
    }
  });

  it('cc-no-role refuses the target client the recordings; healthy allows them', async () => {
    for (const [name, status] of [
      ['cc-no-role', 403],
      ['healthy', 200],
    ] as const) {
      const sim = await startSimulator({ scenario: name });
      try {
        const target = sim.scenario.oauthClients.find((c) => c.id === sim.scenario.checker.target.client)!;
        const token = await tokenFor(sim, target.id, target.secret);
        const res = await api(
          sim,
          token,
          'GET',
          `/api/v2/conversations/${sim.scenario.checker.interaction}/recordings`,
        );
        expect(res.status).toBe(status);
      } finally {
        await sim.close();
      }
    }
  });

  it("probe-agrees and probe-disagrees hand sr-check the target's own credentials; probe-disagrees refuses the target what its roles allow", async () => {
    for (const [name, status] of [
      ['probe-agrees', 403],
      ['probe-disagrees', 403],
    ] as const) {
      const sim = await startSimulator({ scenario: name });
      try {
        const { checker } = sim.scenario;
        expect(checker.probeClientId).toBe(checker.target.client);
        const target = sim.scenario.oauthClients.find((c) => c.id === checker.target.client)!;
        const token = await tokenFor(sim, target.id, target.secret);
        expect((await api(sim, token, 'GET', `/api/v2/conversations/${checker.interaction}/recordings`)).status).toBe(
          status,
        );
        // The diagnostic client reads the recordings as its roles allow.
        const diag = sim.scenario.oauthClients.find((c) => c.id === checker.diagnosticClientId)!;
        expect(
          (
            await api(
              sim,
              await tokenFor(sim, diag.id, diag.secret),
              'GET',
              `/api/v2/conversations/${checker.interaction}/recordings`,
            )
          ).status,
        ).toBe(200);
      } finally {
        await sim.close();
      }
    }
  });

  it('role-change-after-token: the target was modified 3 minutes ago', () => {
    const now = Date.parse('2030-06-01T12:00:00Z');
    const scenario = loadScenario('role-change-after-token', now);
    const target = scenario.oauthClients.find((c) => c.id === scenario.checker.target.client)!;
    expect(target.dateModified).toBe(new Date(now - 3 * 60_000).toISOString());
  });
});

/**
 * The rule scenarios, seen from the simulator: the target is refused as the scenario's expectation says, and
 * the fix the checker should propose (the named roles, in the named divisions) really lets it through.
 */
interface RuleScenarioRow {
  scenario: string;
  method: string;
  path: (s: Scenario) => string;
  body?: Record<string, unknown>;
  status: number;
  message?: (s: Scenario) => string;
  /** Role names and division names (`*` for all) that, added to the target, make the request succeed. */
  fix?: Array<[role: string, division: string]>;
  fixed?: Record<string, unknown>;
}

const screenRecordingPut = (s: Scenario) => {
  const conversation = s.conversations.find((c) => c.id === s.checker.interaction)!;
  return `/api/v2/conversations/${conversation.id}/recordings/${conversation.recordings.find((r) => r.media === 'screen')!.id}`;
};
const interactionRecordings = (s: Scenario) => `/api/v2/conversations/${s.checker.interaction}/recordings`;
const divisionId = (s: Scenario, name: string) => (name === '*' ? '*' : s.divisions.find((d) => d.name === name)!.id);
const LATER = '2031-06-01T00:00:00.000Z';

const ruleRows: RuleScenarioRow[] = [
  {
    scenario: 'retention-view-only',
    method: 'PUT',
    path: screenRecordingPut,
    body: { deleteDate: LATER },
    status: 403,
    message: () => 'You are missing the following permission(s): [recording:screenRecording:editRetention]',
    fix: [['Screen Recording Viewer', '*']],
  },
  {
    scenario: 'retention-audio-edit-on-screen',
    method: 'PUT',
    path: screenRecordingPut,
    body: { deleteDate: LATER },
    status: 403,
    message: () => 'You are missing the following permission(s): [recording:screenRecording:editRetention]',
    fix: [['Screen Recording Viewer', '*']],
  },
  {
    scenario: 'archived-needs-restore',
    method: 'PUT',
    path: screenRecordingPut,
    body: { archiveDate: LATER },
    status: 403,
    message: () => 'You are missing the following permission(s): [recording:screenRecording:restore]',
    fix: [['Screen Recording Restorer', '*']],
    fixed: { fileState: 'RESTORING', maxAllowedRestorationsForOrg: 10, remainingRestorationsAllowedForOrg: 3 },
  },
  {
    scenario: 'archived-recording',
    method: 'PUT',
    path: screenRecordingPut,
    body: { archiveDate: LATER },
    status: 403,
    message: () => 'You are missing the following permission(s): [recording:screenRecording:restore]',
    fix: [['Recording Administrator', '*']],
    fixed: { fileState: 'RESTORING' },
  },
  {
    scenario: 'conversation-other-division',
    method: 'GET',
    path: interactionRecordings,
    status: 403,
    message: (s) =>
      `You must have at least one of the following permissions assigned: [] in at least one of the following division(s): [${divisionId(s, 'Home')}, ${divisionId(s, 'Compliance')}]`,
    fix: [['Screen Recording Viewer', 'Compliance']],
  },
  {
    scenario: 'conditional-vs-plain',
    method: 'GET',
    path: interactionRecordings,
    status: 403,
    fix: [['Screen Recording Archivist', 'Home']],
  },
  {
    scenario: 'two-roles-needed',
    method: 'PUT',
    path: screenRecordingPut,
    body: { deleteDate: LATER },
    status: 403,
    fix: [
      ['Screen Recording Viewer (view only)', '*'],
      ['Screen Recording Retention', '*'],
    ],
  },
  {
    scenario: 'many-roles-decoys',
    method: 'GET',
    path: interactionRecordings,
    status: 403,
    fix: [['Screen Recording Viewer', '*']],
  },
  { scenario: 'streams-switched-off', method: 'GET', path: interactionRecordings, status: 200 },
];

describe('rule scenarios, as the simulator answers their target', () => {
  async function targetToken(sim: RunningSimulator): Promise<string> {
    const target = sim.scenario.oauthClients.find((c) => c.id === sim.scenario.checker.target.client)!;
    return tokenFor(sim, target.id, target.secret);
  }

  it.each(
    ruleRows.map(
      (row) =>
        [`${row.scenario}: ${row.method} → ${row.status}${row.fix ? ', then allowed with the fix' : ''}`, row] as const,
    ),
  )('%s', async (_title, row) => {
    const sim = await startSimulator({ scenario: row.scenario });
    try {
      const s = sim.scenario;
      const res = await api(sim, await targetToken(sim), row.method, row.path(s), row.body);
      expect(res.status, res.text).toBe(row.status);
      if (row.message) expect(res.body.message).toBe(row.message(s));
      if (!row.fix) return;
      const client = sim.state.clients.get(s.checker.target.client!)!;
      for (const [roleName, division] of row.fix) {
        client.roleDivisions!.push({
          roleId: s.roles.find((r) => r.name === roleName)!.id,
          divisionId: divisionId(s, division),
        });
      }
      const fixed = await api(sim, await targetToken(sim), row.method, row.path(s), row.body);
      expect(fixed.status, fixed.text).toBe(200);
      if (row.fixed) expect(fixed.body).toMatchObject(row.fixed);
      if (row.fix.length > 1) {
        // Each role alone is not enough.
        for (const [roleName, division] of row.fix) {
          client.roleDivisions = [
            { roleId: s.roles.find((r) => r.name === roleName)!.id, divisionId: divisionId(s, division) },
          ];
          expect((await api(sim, await targetToken(sim), row.method, row.path(s), row.body)).status).toBe(403);
        }
      }
    } finally {
      await sim.close();
    }
  });

  it('streams-switched-off keeps the two stream settings apart (0 and 10)', () => {
    expect(loadScenario('streams-switched-off').recordingSettings).toMatchObject({
      maxSimultaneousStreams: 0,
      maxConfigurableScreenRecordingStreams: 10,
    });
  });

  it('many-roles-decoys has 500 roles, admin roles with "*" policies, and a target holding only decoys', async () => {
    const s = loadScenario('many-roles-decoys');
    expect(s.roles).toHaveLength(500);
    expect(
      s.roles.filter((r) =>
        r.permissionPolicies.some((p) => p.domain === 'recording' && p.entityName === '*' && p.actionSet.includes('*')),
      ).length,
    ).toBeGreaterThanOrEqual(3);
    const held = s.oauthClients
      .find((c) => c.id === s.checker.target.client)!
      .roleDivisions!.map((rd) => s.roles.find((r) => r.id === rd.roleId)!);
    expect(held.flatMap((r) => r.permissionPolicies).some((p) => p.domain === 'recording')).toBe(false);
    const sim = await startSimulator({ scenario: s });
    try {
      const token = await tokenFor(
        sim,
        s.checker.diagnosticClientId,
        s.oauthClients.find((c) => c.id === s.checker.diagnosticClientId)!.secret,
      );
      const page = await api(sim, token, 'GET', '/api/v2/authorization/roles?pageSize=100&pageNumber=5');
      expect(page.body).toMatchObject({ total: 500, pageCount: 5 });
      expect(page.body.entities).toHaveLength(100);
    } finally {
      await sim.close();
    }
  });

  it.each(
    [
      { scenario: 'external-app-authorized', authorization: 200 },
      { scenario: 'external-app-not-authorized', authorization: 404 },
    ].map((row) => [row.scenario, row.authorization, row] as const),
  )(
    '%s: the external app is not a client of this org; its authorization answers %i',
    async (_name, _status, { scenario, authorization }) => {
      const sim = await startSimulator({ scenario });
      try {
        const s = sim.scenario;
        expect(s.checker.externalTarget).toBe(true);
        const diagnostic = s.oauthClients.find((c) => c.id === s.checker.diagnosticClientId)!;
        const token = await tokenFor(sim, diagnostic.id, diagnostic.secret);
        const external = s.checker.target.client!;
        expect((await api(sim, token, 'GET', `/api/v2/oauth/clients/${external}`)).status).toBe(404);
        const res = await api(sim, token, 'GET', `/api/v2/oauth/authorizations/${external}`);
        expect(res.status).toBe(authorization);
        if (authorization === 200)
          expect(res.body).toMatchObject({
            client: { id: external, authorizedGrantType: 'CODE' },
            state: 'Authorized',
            scope: expect.arrayContaining(['recordings']),
          });
      } finally {
        await sim.close();
      }
    },
  );

  it('code-app-without-user: the target is a CODE-grant client and no user is named', () => {
    const s = loadScenario('code-app-without-user');
    expect(s.oauthClients.find((c) => c.id === s.checker.target.client)!.authorizedGrantType).toBe('CODE');
    expect(s.checker.target.user).toBeUndefined();
  });
});

describe('scenario schema', () => {
  it('resolves relative dates against now', () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    const scenario = parseScenario(testScenario(), now);
    const recording = scenario.conversations[0]!.recordings[0]!;
    expect(recording.startTime).toBe('2029-12-31T22:00:00.000Z');
    expect(scenario.users[0]!.grants[0]!.grantMadeAt).toBe('2029-12-31T00:00:00.000Z');
  });

  it('rejects unknown keys, bad ids and dangling references with every problem listed', () => {
    const bad = testScenario() as Record<string, unknown>;
    bad.colour = 'blue';
    (bad.org as Record<string, unknown>).id = 'not-a-uuid';
    (bad.users as Array<{ grants: Array<{ roleId: string }> }>)[0]!.grants[0]!.roleId = IDS.conversation;
    expect(() => parseScenario(bad)).toThrow(/colour/);
    expect(() => parseScenario(bad)).toThrow(/org\.id/);
    const dangling = testScenario();
    dangling.users![0]!.grants![0]!.roleId = IDS.conversation;
    expect(() => parseScenario(dangling)).toThrow(/users\.0\.grants\.0\.roleId: role .* is not in roles/);
  });

  it('probe client and answer overrides must name clients of the scenario', () => {
    const bad = testScenario([], {
      answerOverrides: [{ template: 'GET /api/v2/tokens/me', clientId: IDS.conversation, status: 403 }],
    });
    bad.checker = { ...bad.checker!, probeClientId: IDS.conversation };
    expect(() => parseScenario(bad)).toThrow(/checker\.probeClientId: not in oauthClients/);
    expect(() => parseScenario(bad)).toThrow(/answerOverrides\.0\.clientId: client .* is not in oauthClients/);
    const wrongStatus = testScenario([], {
      answerOverrides: [{ template: 'GET /api/v2/tokens/me', status: 500 as never }],
    });
    expect(() => parseScenario(wrongStatus)).toThrow(/answerOverrides/);
  });

  it('loads a scenario file by path and gives a clear error for unknown names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-scenario-'));
    const file = join(dir, 'mine.yaml');
    writeFileSync(file, stringify(testScenario()));
    expect(loadScenario(file).name).toBe('mine');
    expect(() => loadScenario('no-such-scenario')).toThrow(/unknown scenario "no-such-scenario" \(shipped: .*healthy/);
    expect(() => loadScenario(join(dir, 'missing.yaml'))).toThrow(/not found/);
    writeFileSync(file, 'description: [unclosed');
    expect(() => loadScenario(file)).toThrow(/cannot parse/);
  });
});

describe('runSimCommand', () => {
  it('prints usage and returns 2 on bad flags', async () => {
    const err: string[] = [];
    const io = { out: () => undefined, err: (t: string) => err.push(t) };
    expect(await runSimCommand([], io)).toBe(2);
    expect(await runSimCommand(['--scenario', 'healthy', '--port', 'abc'], io)).toBe(2);
    expect(await runSimCommand(['--scenario', 'healthy', '--bogus'], io)).toBe(2);
    expect(err.join('\n')).toContain('usage: sr-check sim');
  });

  it('starts, prints URLs, client ids and secret hints, and stops when asked', async () => {
    const out: string[] = [];
    let apiUrl = '';
    const code = await runSimCommand(['--scenario', 'healthy', '--port', '0'], {
      out: (t) => out.push(t),
      err: () => undefined,
      untilStopped: async () => {
        apiUrl = /API: +(\S+)/.exec(out.join('\n'))![1]!;
        const res = await fetch(`${apiUrl}/api/v2/tokens/me`);
        expect(res.status).toBe(401); // it is really serving
      },
    });
    expect(code).toBe(0);
    const text = out.join('\n');
    const scenario = loadScenario('healthy');
    expect(text).toContain(scenario.checker.diagnosticClientId);
    expect(text).toContain(scenario.checker.fixerClientId!);
    expect(text).toContain(scenario.checker.target.client!);
    expect(text).toMatch(/login: +http:\/\/127\.0\.0\.1:\d+/);
    expect(text).toContain('SIM_DIAGNOSTIC_SECRET');
    await expect(fetch(`${apiUrl}/api/v2/tokens/me`)).rejects.toThrow(); // closed afterwards
  });

  it('returns 1 for an unknown scenario', async () => {
    const err: string[] = [];
    expect(await runSimCommand(['--scenario', 'nope'], { out: () => undefined, err: (t) => err.push(t) })).toBe(1);
    expect(err.join('')).toContain('unknown scenario');
  });
});
