/**
 * Drift in an org managed as code, against the simulator: sr-check grants a role live (a real approval, applied by
 * the fixer), a scheduled run passes, then the grant is removed the way a `terraform apply` removes it (the client
 * PUT back without it, over HTTP, as Terraform's own OAuth client would), and the next scheduled run's status-change
 * post says "removed since <the passing run>: likely a terraform apply". An org not managed as code says nothing of it.
 */
import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { ApprovalService } from '../../src/approvals/service';
import type { OrgConfig } from '../../src/config/types';
import { fixApisFromServices } from '../../src/fixes/apis';
import { createLogger } from '../../src/log';
import { createServices, type Services } from '../../src/services';
import type { RunningSimulator } from '../../src/sim';
import { createScheduledChecks } from '../../src/slack/scheduled-checks';
import { SqliteStore } from '../../src/store/sqlite-store';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import {
  configOf,
  healthyMinusViewerGrant,
  SCREEN_RECORDING_VIEWER,
  startOrgs,
  TARGET_CLIENT,
} from '../support/many-orgs';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 11, 1, 12, 0, 0);
const TOKEN = 'xoxb-LEAKCANARY-drift';
const ALICE = 'U0ALICE';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Removes a role from a client as `terraform apply` does: GET the client, PUT it back without the role. */
async function removeRoleAsTerraformWould(sim: RunningSimulator, clientId: string, roleId: string): Promise<void> {
  // The scenario's fixer client holds oauth:client:edit: it stands in for the client Terraform runs as.
  const fixer = sim.scenario.oauthClients.find((c) => c.id === sim.scenario.checker.fixerClientId)!;
  const login = await fetch(`${sim.loginBaseUrl}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${fixer.id}:${fixer.secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  const { access_token: token } = (await login.json()) as { access_token: string };
  const url = `${sim.apiBaseUrl}/api/v2/oauth/clients/${clientId}`;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const client = (await (await fetch(url, { headers })).json()) as {
    roleDivisions?: Array<{ roleId: string; divisionId: string }>;
  };
  const put = await fetch(url, {
    method: 'PUT',
    headers,
    body: JSON.stringify({
      ...client,
      roleDivisions: (client.roleDivisions ?? []).filter((rd) => rd.roleId !== roleId),
    }),
  });
  expect(put.status).toBe(200);
}

async function setup(asCode: Pick<OrgConfig, 'managedAs' | 'liveFixes'>) {
  const [acme] = await startOrgs([{ name: 'acme', scenario: healthyMinusViewerGrant() }]);
  cleanups.push(() => acme!.sim.close());
  const org: OrgConfig = {
    ...acme!.org,
    channels: ['CACME'],
    approvers: { users: [ALICE] },
    schedule: 'every 1h',
    ...asCode,
  };
  const logger = createLogger({ level: 'silent' });
  const services: Services = createServices({ config: configOf([org]), logger });
  cleanups.push(() => services.close());
  // sr-check's side (store, approvals, schedule) runs on one movable clock; Genesys and the simulator on real time.
  const clock = { now: T0 + 60_000 };
  const store = new SqliteStore({ path: ':memory:', now: () => clock.now });
  cleanups.push(() => store.close());
  const fake: FakeSlack = await startFakeSlack({ botToken: TOKEN });
  cleanups.push(() => fake.close());
  const approvals = new ApprovalService({
    store,
    config: services.config,
    diagnoser: services.diagnoser,
    apis: fixApisFromServices(services),
    resolveUserGroup: async () => [],
    logger,
    now: () => clock.now,
  });
  const scheduler = createScheduledChecks({
    config: services.config,
    store,
    diagnoser: services.diagnoser,
    client: new webApi.WebClient(TOKEN, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } }),
    logger,
    owner: 'replica-a',
    now: () => clock.now,
  });
  return { sim: acme!.sim, services, store, fake, clock, approvals, scheduler };
}

/** The verdict's role grant, requested and approved: sr-check grants it live. */
async function grantLive(env: Awaited<ReturnType<typeof setup>>): Promise<void> {
  const checked = await env.services.diagnoser.diagnose({ org: 'acme', fresh: true });
  if (!checked.ok) throw new Error(checked.message);
  const fix = checked.verdict.checks.flatMap((c) => c.fixes).find((f) => f.kind === 'grant-role');
  expect(fix).toMatchObject({ roleId: SCREEN_RECORDING_VIEWER });
  const requested = await env.approvals.requestFix({
    requesterSlackId: 'U0REQUESTER',
    org: 'acme',
    fix: fix!,
    verdictRef: { check: { org: 'acme', fresh: true }, overall: checked.verdict.overall, checkedAt: env.clock.now },
  });
  if (!requested.ok) throw new Error(requested.message);
  const decided = await env.approvals.approve(requested.request.id, ALICE);
  expect(decided).toMatchObject({ ok: true, kind: 'applied' });
}

describe('drift in an org managed as code', () => {
  it('a live grant gone since the last passing run: the status change says "likely a terraform apply"', async () => {
    const env = await setup({ managedAs: 'terraform', liveFixes: true });
    await grantLive(env);
    const grantedAt = env.clock.now;

    env.clock.now = T0 + HOUR + 60_000;
    const [first] = await env.scheduler.runDue();
    // The role check passes; the token check may warn (the client changed under five minutes ago, in real time).
    expect(first).toMatchObject({ kind: 'ran' });
    expect(first?.kind === 'ran' ? first.result : undefined).not.toBe('fail');
    expect((await env.store.listHistory('acme'))[0]?.checks).toContainEqual({ id: 'role', status: 'pass' });
    expect(env.fake.callsOf('chat.postMessage')).toHaveLength(0); // the first run has nothing to compare with

    await removeRoleAsTerraformWould(env.sim, TARGET_CLIENT, SCREEN_RECORDING_VIEWER);
    env.clock.now = T0 + 2 * HOUR + 60_000;
    const [second] = await env.scheduler.runDue();
    expect(second).toMatchObject({ kind: 'ran', result: 'fail' });
    const changes = second?.kind === 'ran' ? (second.change?.changes ?? []) : [];
    expect(changes[0]).toBe(
      `role "Screen Recording Viewer" in division "Home", granted live by sr-check at ${new Date(grantedAt).toISOString()}, ` +
        `removed since ${new Date(T0 + HOUR + 60_000).toISOString()}: likely a terraform apply. ` +
        'Add it to the Terraform configuration (sr-check --as-code prints it).',
    );
    const post = await env.fake.waitForCall((c) => c.method === 'chat.postMessage' && c.args.channel === 'CACME', {
      description: 'the status change',
    });
    expect(JSON.stringify(post.args.blocks)).toContain(
      `removed since ${new Date(T0 + HOUR + 60_000).toISOString()}: likely a terraform apply`,
    );
  });

  it('says nothing of it for an org not managed as code', async () => {
    const env = await setup({});
    await grantLive(env);
    env.clock.now = T0 + HOUR + 60_000;
    await env.scheduler.runDue();
    await removeRoleAsTerraformWould(env.sim, TARGET_CLIENT, SCREEN_RECORDING_VIEWER);
    env.clock.now = T0 + 2 * HOUR + 60_000;
    const [second] = await env.scheduler.runDue();
    expect(second).toMatchObject({ kind: 'ran', result: 'fail' });
    const changes = second?.kind === 'ran' ? (second.change?.changes ?? []) : [];
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.join('\n')).not.toContain('terraform');
  });
});
