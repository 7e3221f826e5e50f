/**
 * `sr-check doctor` against the in-repo Genesys simulator and the fake Slack (loopback only): one line per
 * item, exit 1 when any fails. The orgs file is written as an operator would, pointing at the simulator.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { startSimulator, type RunningSimulator } from '../../../src/sim';
import { SqliteStore } from '../../../src/store/sqlite-store';
import { runCliCaptured } from '../../support/cli';
import { startFakeSlack, type FakeSlack } from '../../support/fake-slack';
import { postgresForSuite, schemaExists, TEST_DATABASE_URL } from '../../support/postgres';

const BOT_TOKEN = 'xoxb-doctor-LEAKCANARY-token';
const dir = mkdtempSync(join(tmpdir(), 'sr-cli-doctor-'));
const scenarioFile = join(__dirname, '..', '..', '..', 'scenarios', 'healthy.yaml');

/** healthy.yaml with the diagnostic role's policies edited (`drop`: entity names to remove). */
function healthyWithDiagnosticRole(drop: string[]): Record<string, unknown> {
  const raw = parseYaml(readFileSync(scenarioFile, 'utf8')) as {
    roles: Array<{ name: string; permissionPolicies: Array<{ domain: string; entityName: string }> }>;
  };
  const role = raw.roles.find((r) => r.name === 'sr-check Diagnostics')!;
  role.permissionPolicies = role.permissionPolicies.filter((p) => !drop.includes(`${p.domain}:${p.entityName}`));
  return { ...raw, name: 'healthy-edited' } as Record<string, unknown>;
}

let healthy: RunningSimulator;
let lacking: RunningSimulator;
let slack: FakeSlack;

beforeAll(async () => {
  healthy = await startSimulator({ scenario: 'healthy' });
  lacking = await startSimulator({ scenario: healthyWithDiagnosticRole(['recording:screenRecording']) as never });
  slack = await startFakeSlack({ botToken: BOT_TOKEN });
});
afterAll(async () => {
  await healthy?.close();
  await lacking?.close();
  await slack?.close();
});

function orgBlock(name: string, sim: RunningSimulator, secretEnv: string, extra: string[] = []): string[] {
  return [
    `  ${name}:`,
    `    apiBaseUrl: ${sim.apiBaseUrl}`,
    `    loginBaseUrl: ${sim.loginBaseUrl}`,
    `    orgId: ${sim.scenario.org.id}`,
    `    diagnostic: { clientId: ${sim.scenario.checker.diagnosticClientId}, clientSecretEnv: ${secretEnv} }`,
    ...extra,
  ];
}

function writeConfig(name: string, lines: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, `orgs:\n${lines.join('\n')}\n`);
  return file;
}

function fixerBlock(sim: RunningSimulator, secretEnv: string): string[] {
  return [`    fixer: { clientId: ${sim.scenario.checker.fixerClientId}, clientSecretEnv: ${secretEnv} }`];
}

const fixerSecret = (sim: RunningSimulator) =>
  sim.scenario.oauthClients.find((c) => c.id === sim.scenario.checker.fixerClientId)!.secret;
const diagSecret = (sim: RunningSimulator) =>
  sim.scenario.oauthClients.find((c) => c.id === sim.scenario.checker.diagnosticClientId)!.secret;

/** `{ item → status }` from the text lines (`ok    acme login  …`). */
function statuses(stdout: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of stdout.trim().split('\n')) {
    const match = /^(ok|warn|FAIL|skip)\s+(\S+(?: (?:login|api|permissions|fixer roles|fixer))?)\s{2,}/.exec(line);
    if (match) out[match[2]!] = match[1]!;
  }
  return out;
}

describe('sr-check doctor', () => {
  it('a healthy set-up: every item ok (the healthy scenario lacks only the sometimes-needed oauth:client:authorize: warn), exit 0', async () => {
    const config = writeConfig(
      'healthy.yaml',
      orgBlock('acme', healthy, 'ACME_DIAG', [
        ...fixerBlock(healthy, 'ACME_FIXER'),
        '    approvers: { users: [U0123456789] }',
      ]),
    );
    const env = {
      SR_CHECK_CONFIG: config,
      ACME_DIAG: diagSecret(healthy),
      ACME_FIXER: fixerSecret(healthy),
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      SR_CHECK_DB: join(dir, 'new.db'),
    };
    const out = await runCliCaptured(['doctor'], env);
    expect(out.code, out.stdout).toBe(0);
    expect(statuses(out.stdout)).toEqual({
      config: 'ok',
      slack: 'ok',
      'acme login': 'ok',
      'acme api': 'ok',
      'acme permissions': 'warn',
      'acme fixer': 'ok',
      // Issue 21 point 7: the healthy org's fixer holds only its own role, so it cannot hand out the viewer role.
      'acme fixer roles': 'warn',
      store: 'ok',
    });
    expect(out.stdout.trim().split('\n')).toHaveLength(8);
    expect(out.stdout).toMatch(
      /acme fixer roles\s+the fixer cannot hand out "Screen Recording Viewer", which sr-check would propose: a client can only assign roles it holds \(Terraform provider: "The roles must also already be assigned to the OAuth Client used by Terraform"\)/,
    );
    expect(out.stdout).toMatch(
      /acme fixer\s+the fixer client holds all 6 permissions applying approved fixes needs \(sr-check Fixer\), in all divisions/,
    );
    expect(healthy.writes).toEqual([]);
    expect(out.stdout).toMatch(/slack\s+auth\.test: bot sr-check \(UBOTFAKE1\) in workspace Fake \(TFAKE\)/);
    expect(out.stdout).toMatch(
      /acme api\s+http:\/\/127\.0\.0\.1:\d+ answers for org Northwind Support \(412e3770-fbc9-4e4f-94c5-ef14dae0366e\), the configured orgId/,
    );
    expect(out.stdout).toMatch(
      /acme permissions\s+the diagnostic client lacks oauth:client:authorize \(an external or premium app/,
    );
    expect(out.stdout).toMatch(/store\s+SQLite .*new\.db does not exist yet/);
    expect(slack.callsOf('auth.test').some((c) => c.authorized)).toBe(true);
    expect(out.stdout + out.stderr).not.toMatch(/LEAKCANARY/);
  });

  it('--json gives the same items', async () => {
    const config = writeConfig('healthy-json.yaml', orgBlock('acme', healthy, 'ACME_DIAG'));
    const out = await runCliCaptured(['doctor', '--json', '--config', config], {
      ACME_DIAG: diagSecret(healthy),
      SR_CHECK_DB: join(dir, 'new.db'),
    });
    expect(out.code).toBe(0);
    const result = JSON.parse(out.stdout) as { ok: boolean; items: Array<{ item: string; status: string }> };
    expect(result.ok).toBe(true);
    expect(result.items.map((i) => `${i.item}:${i.status}`)).toEqual([
      'config:ok',
      'slack:skip',
      'acme login:ok',
      'acme api:ok',
      'acme permissions:warn',
      'store:ok',
    ]);
  });

  it('failures: a wrong secret, a diagnostic role without what the checks need, a wrong orgId, a revoked bot token; exit 1', async () => {
    const config = writeConfig('broken.yaml', [
      ...orgBlock('wrongsecret', healthy, 'WRONG_SECRET'),
      ...orgBlock('lacking', lacking, 'LACKING_DIAG', [
        ...fixerBlock(lacking, 'WRONG_SECRET'),
        '    approvers: { users: [U0123456789] }',
      ]),
      ...orgBlock('otherorg', healthy, 'ACME_DIAG').map((l) =>
        l.replace(/orgId: .*/, 'orgId: 00000000-0000-4000-8000-000000000000'),
      ),
    ]);
    const env = {
      SR_CHECK_CONFIG: config,
      WRONG_SECRET: 'not-the-secret',
      LACKING_DIAG: diagSecret(lacking),
      ACME_DIAG: diagSecret(healthy),
      SLACK_BOT_TOKEN: 'xoxb-revoked-token',
      SLACK_API_URL: slack.apiUrl,
      SR_CHECK_DB: join(dir, 'new.db'),
    };
    const out = await runCliCaptured(['doctor'], env);
    expect(out.code, out.stdout).toBe(1);
    expect(statuses(out.stdout)).toEqual({
      config: 'ok',
      slack: 'FAIL',
      'wrongsecret login': 'FAIL',
      'wrongsecret api': 'skip',
      'wrongsecret permissions': 'skip',
      'lacking login': 'ok',
      'lacking api': 'ok',
      'lacking permissions': 'FAIL',
      'lacking fixer': 'FAIL',
      'otherorg login': 'ok',
      'otherorg api': 'FAIL',
      'otherorg permissions': 'warn',
      store: 'ok',
    });
    expect(out.stdout).toMatch(/slack\s+auth\.test: invalid_auth/);
    expect(out.stdout).toMatch(
      /lacking permissions\s+the diagnostic client lacks recording:screenRecording:view \(a conversation's recordings/,
    );
    expect(out.stdout).toMatch(
      /otherorg api\s+the credentials belong to org Northwind Support \(412e3770-fbc9-4e4f-94c5-ef14dae0366e\), not the configured orgId 00000000-0000-4000-8000-000000000000/,
    );
    expect(out.stdout).toMatch(
      /lacking fixer\s+fixer client 9dd6054f-efab-4657-9a7f-b5471c523740: http:\/\/127\.0\.0\.1:\d+: .*401/,
    );
    expect(out.stdout).not.toContain('not-the-secret');
  });

  it('no orgs file and no Slack token: config fails, Slack is skipped with a note', async () => {
    const out = await runCliCaptured(['doctor'], { SR_CHECK_DB: join(dir, 'new.db') });
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/^FAIL\s+config\s+no orgs file: give --config FILE or set SR_CHECK_CONFIG\n/);
    expect(out.stdout).toMatch(/\nskip\s+slack\s+SLACK_BOT_TOKEN is not set/);
  });

  it('a configuration that does not load is a failed item, naming config validate', async () => {
    const config = writeConfig('invalid.yaml', [
      '  acme:',
      '    region: mars-1',
      '    diagnostic: { clientId: 3f2a1b4c-0000-4000-8000-000000000001, clientSecretEnv: X }',
    ]);
    const out = await runCliCaptured(['doctor', '--config', config], { X: 'x', SR_CHECK_DB: join(dir, 'new.db') });
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(
      /FAIL\s+config\s+.*invalid\.yaml is not valid: orgs\.acme\.region: "mars-1" is not a Genesys Cloud region.*sr-check config validate/,
    );
  });

  it.each([
    {
      case: 'an existing SQLite database',
      setup: (path: string) => new SqliteStore({ path }).close(),
      status: 'ok',
      detail: /SQLite .*existing\.db: readable/,
    },
    {
      case: 'a file that is not a database',
      setup: async (path: string) => writeFileSync(path, 'not a database at all, just text'.repeat(100)),
      status: 'FAIL',
      detail: /SQLite .*existing\.db: /,
    },
  ])('store: $case → $status', async ({ setup, status, detail }) => {
    const path = join(mkdtempSync(join(tmpdir(), 'sr-cli-doctor-db-')), 'existing.db');
    await setup(path);
    const out = await runCliCaptured(['doctor'], { SR_CHECK_DB: path });
    expect(out.stdout).toMatch(new RegExp(`\\n${status}\\s+store\\s+`));
    expect(out.stdout).toMatch(detail);
  });

  it('store: an unreachable PostgreSQL fails without showing its password', async () => {
    const out = await runCliCaptured(['doctor'], {
      SR_CHECK_DATABASE_URL: 'postgres://sr:hunter2-LEAKCANARY@127.0.0.1:1/none',
    });
    expect(out.stdout).toMatch(/FAIL\s+store\s+PostgreSQL postgres:\/\/sr@127\.0\.0\.1:1\/none/);
    expect(out.stdout).not.toContain('hunter2');
  });
});

const pg = postgresForSuite('sr-check doctor on PostgreSQL', it);

describe.skipIf(!pg.available)('sr-check doctor: PostgreSQL store', () => {
  it('a reachable database is ok, and doctor creates nothing in it', async () => {
    const schema = `doctor_${process.pid}_${Date.now().toString(36)}`;
    const out = await runCliCaptured(['doctor'], {
      SR_CHECK_DATABASE_URL: TEST_DATABASE_URL,
      SR_CHECK_DATABASE_SCHEMA: schema,
    });
    expect(out.stdout).toMatch(new RegExp(`ok\\s+store\\s+PostgreSQL .*\\(schema ${schema}\\): reachable, empty`));
    expect(await schemaExists(schema)).toBe(false);
  });
});
