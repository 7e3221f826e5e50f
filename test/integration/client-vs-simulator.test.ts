/**
 * The real Genesys client over HTTP against every shipped scenario: each typed endpoint parses what the
 * simulator serves (so client models and simulator bodies agree), and refusals come back normalised.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Secret } from '../../src/config/secret';
import { createGenesysClient, type GenesysClient } from '../../src/genesys/client';
import { createLogger } from '../../src/log';
import { listScenarios, startSimulator, type RunningSimulator } from '../../src/sim';

const logger = createLogger({ level: 'debug' });
const open: Array<{ sim: RunningSimulator; client: GenesysClient }> = [];
afterAll(async () => {
  for (const { sim, client } of open) {
    await client.close();
    await sim.close();
  }
});

async function connect(scenario: string, as: 'diagnostic' | 'fixer' = 'diagnostic') {
  const sim = await startSimulator({ scenario });
  const checker = sim.scenario.checker;
  const clientId = as === 'diagnostic' ? checker.diagnosticClientId : checker.fixerClientId!;
  const secret =
    as === 'diagnostic' && checker.configuredSecretOverride
      ? checker.configuredSecretOverride
      : sim.scenario.oauthClients.find((c) => c.id === clientId)!.secret;
  const client = createGenesysClient({
    apiBaseUrl: sim.apiBaseUrl,
    loginBaseUrl: sim.loginBaseUrl,
    credentials: { clientId, clientSecret: new Secret(secret) },
    logger,
    label: scenario,
  });
  open.push({ sim, client });
  return { sim, client };
}

const scenarios = listScenarios()
  .map((s) => s.name)
  .filter((name) => name !== 'bad-credentials');

describe('Genesys client against each shipped scenario', () => {
  it.each(scenarios)('%s: every read endpoint parses', async (name) => {
    const { sim, client } = await connect(name);
    const checker = sim.scenario.checker;
    const token = await client.ensureToken();
    expect(token.ok).toBe(true);
    const info = await client.getTokenInfo();
    expect(info.ok && info.value.organization.id).toBe(sim.scenario.org.id);
    for (const result of [
      await client.listRoles(),
      await client.getProducts(),
      await client.getRecordingSettings(),
      await client.getHomeDivision(),
    ]) {
      expect(result.ok, JSON.stringify(!result.ok && result.error)).toBe(true);
    }
    if (checker.target.client && checker.externalTarget) {
      // An app of another org: not a client here (404), seen through this org's authorization of it (or not at all).
      const target = await client.getOAuthClient(checker.target.client);
      expect(target).toMatchObject({ ok: false, error: { status: 404 } });
      const authorization = await client.getOAuthAuthorization(checker.target.client);
      const authorized = sim.scenario.authorizations.some((a) => a.clientId === checker.target.client);
      if (authorized) expect(authorization.ok && authorization.value.client?.id).toBe(checker.target.client);
      else expect(authorization).toMatchObject({ ok: false, error: { status: 404, code: 'not.found' } });
    } else if (checker.target.client) {
      const target = await client.getOAuthClient(checker.target.client);
      expect(target.ok && target.value.id).toBe(checker.target.client);
    }
    if (checker.target.user) {
      const subject = await client.getSubject(checker.target.user);
      expect(subject.ok && subject.value.id).toBe(checker.target.user);
    }
    if (checker.interaction) {
      const conversation = await client.getConversation(checker.interaction);
      const recordings = await client.getConversationRecordings(checker.interaction);
      if (name === 'unknown-conversation') {
        expect(recordings).toMatchObject({ ok: false, error: { status: 404, code: 'not.found' } });
      } else {
        expect(conversation.ok).toBe(true);
        expect(recordings.ok).toBe(true);
        if (recordings.ok) expect(recordings.value.processing).toBe(name === 'recordings-processing');
      }
    }
  });

  it('bad credentials come back as a normalised login error without the secret', async () => {
    const { client } = await connect('bad-credentials');
    const token = await client.ensureToken();
    expect(token).toMatchObject({ ok: false, error: { kind: 'login', status: 401, code: 'invalid_client' } });
    expect(JSON.stringify(token)).not.toContain('LEAKCANARY');
  });

  it('a refusal carries code, missing permissions and the correlation id', async () => {
    const { sim, client } = await connect('healthy');
    // The diagnostic client may read but not edit: a PUT is refused with missing.permissions.
    const target = await client.getOAuthClient(sim.scenario.checker.target.client!);
    expect(target.ok).toBe(true);
    const put = await client.putOAuthClient(target.ok ? target.value : (undefined as never));
    expect(put).toMatchObject({
      ok: false,
      error: {
        status: 403,
        code: expect.stringMatching(/missing\.(any\.)?permissions/),
        missingPermissions: ['oauth:client:edit'],
      },
    });
    expect(!put.ok && put.error.contextId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('the fixer can write, and the write changes what the diagnostic client then reads', async () => {
    const { sim, client: fixer } = await connect('cc-no-role', 'fixer');
    const targetId = sim.scenario.checker.target.client!;
    const before = await fixer.getOAuthClient(targetId);
    expect(before.ok).toBe(true);
    if (!before.ok) return;
    const viewer = sim.scenario.roles.find((r) => r.name === 'Screen Recording Viewer')!;
    const wanted = [
      ...(before.value.roleDivisions ?? []),
      { roleId: viewer.id, divisionId: sim.scenario.homeDivisionId },
    ];
    const put = await fixer.putOAuthClient({ ...before.value, roleDivisions: wanted });
    expect(put.ok).toBe(true);
    expect(sim.writes.filter((w) => w.method === 'PUT')).toHaveLength(1);
    const after = await fixer.getOAuthClient(targetId, { fresh: true });
    expect(after.ok && after.value.roleDivisions).toEqual(wanted);
  });
});
