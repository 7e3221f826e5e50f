/**
 * An org configured with `managedAs: terraform` gets the Terraform change with every CLI check, without --as-code;
 * --json carries it as `terraformChange` (its HCL read back by the HCL parser). The org runs in the simulator.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../src/sim';
import { runCliCaptured } from '../../support/cli';
import { parseHcl, undocumentedNames } from '../../support/hcl';

let sim: RunningSimulator;
let dir: string;
const env: NodeJS.ProcessEnv = {};

function writeConfig(name: string, extra: string): string {
  const checker = sim.scenario.checker;
  const file = join(dir, `${name}.yml`);
  writeFileSync(
    file,
    [
      'orgs:',
      '  acme:',
      `    apiBaseUrl: ${sim.apiBaseUrl}`,
      `    loginBaseUrl: ${sim.loginBaseUrl}`,
      '    diagnostic:',
      `      clientId: ${checker.diagnosticClientId}`,
      '      clientSecretEnv: ACME_DIAG_SECRET',
      '    target:',
      `      client: ${checker.target.client}`,
      extra,
    ].join('\n'),
  );
  return file;
}

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'cc-no-role' });
  dir = mkdtempSync(join(tmpdir(), 'sr-cli-as-code-'));
  const diag = sim.scenario.oauthClients.find((c) => c.id === sim.scenario.checker.diagnosticClientId)!;
  env.ACME_DIAG_SECRET = diag.secret;
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sr-check for an org managed as code', () => {
  it('prints the Terraform change after the verdict without being asked', async () => {
    const out = await runCliCaptured(['org=acme', '--config', writeConfig('managed', '    managedAs: terraform')], env);
    expect(out.code, out.stderr).toBe(1);
    expect(out.stdout).toMatch(/\nTerraform change for acme /);
    expect(out.stdout).toMatch(/resource "genesyscloud_oauth_client" "archivebridge_screen_archiver" \{/);
  });

  it('--json carries the change as terraformChange, whose HCL parses and names documented attributes only', async () => {
    const out = await runCliCaptured(
      ['org=acme', '--json', '--config', writeConfig('managed-json', '    managedAs: terraform')],
      env,
    );
    const json = JSON.parse(out.stdout) as { schemaVersion: number; terraformChange: { byId: string; byName: string } };
    expect(json.schemaVersion).toBe(1);
    for (const hcl of [json.terraformChange.byId, json.terraformChange.byName])
      expect(undocumentedNames(await parseHcl(hcl))).toEqual([]);
  });

  it('an org not managed as code prints no change unless asked, and liveFixes alone is a configuration error', async () => {
    const plain = await runCliCaptured(['org=acme', '--config', writeConfig('plain', '')], env);
    expect(plain.code).toBe(1);
    expect(plain.stdout).not.toContain('Terraform change');
    const bad = await runCliCaptured(['org=acme', '--config', writeConfig('bad', '    liveFixes: true')], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/orgs\.acme\.liveFixes: liveFixes only applies to an org managed as code/);
  });

  it('orgs --json says which orgs are managed as code, and whether they keep the live fixes', async () => {
    const managed = await runCliCaptured(
      ['orgs', '--json', '--config', writeConfig('orgs-managed', '    managedAs: terraform\n    liveFixes: true')],
      env,
    );
    expect(managed.code, managed.stderr).toBe(0);
    const [acme] = JSON.parse(managed.stdout) as Array<Record<string, unknown>>;
    expect(acme).toMatchObject({ name: 'acme', managedAs: 'terraform', liveFixes: true });
    const plain = await runCliCaptured(['orgs', '--json', '--config', writeConfig('orgs-plain', '')], env);
    const [plainAcme] = JSON.parse(plain.stdout) as Array<Record<string, unknown>>;
    expect(plainAcme).not.toHaveProperty('managedAs');
  });
});
