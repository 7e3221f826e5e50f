/** `sr-check config validate`: shape and references checked without the secrets; unset secrets listed, failing only with --require-secrets. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../support/cli';

const dir = mkdtempSync(join(tmpdir(), 'sr-cli-config-'));
const CANARY = 'validate-LEAKCANARY-secret';

function configFile(name: string, lines: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const good = configFile('good.yaml', [
  'orgs:',
  '  acme:',
  '    region: us-east-1',
  '    diagnostic: { clientId: 3f2a1b4c-0000-4000-8000-000000000001, clientSecretEnv: ACME_DIAG_SECRET }',
  '    fixer: { clientId: 3f2a1b4c-0000-4000-8000-000000000002, clientSecretFile: secrets/acme-fixer }',
  '    approvers: { users: [U0123456789] }',
  '    operations: [screen-recording, "GET /api/v2/conversations/{conversationId}/recordings"]',
  '  globex:',
  '    region: eu-west-1',
  '    diagnostic: { clientId: 3f2a1b4c-0000-4000-8000-000000000003, clientSecretEnv: GLOBEX_DIAG_SECRET }',
]);

const bad = configFile('bad.yaml', [
  'orgs:',
  '  acme:',
  '    region: us-east',
  '    diagnostic: { clientId: 3f2a1b4c-0000-4000-8000-000000000001, clientSecretEnv: ACME_DIAG_SECRET }',
  '    operations: ["GET /api/v2/interaction/screenrecordings"]',
  '    channels: [general]',
]);

describe('sr-check config validate', () => {
  it.each([
    {
      case: 'no secret set: valid, the unset ones listed, exit 0',
      args: ['config', 'validate', good],
      env: {},
      code: 0,
      stdout: [
        /good\.yaml is valid: 2 orgs \(acme, globex\)\.\n/,
        /Secrets not set here/,
        /orgs\.acme\.diagnostic\.clientSecretEnv: environment variable ACME_DIAG_SECRET is not set/,
        /orgs\.acme\.fixer\.clientSecretFile: file .*secrets\/acme-fixer does not exist/,
        /orgs\.globex\.diagnostic\.clientSecretEnv: environment variable GLOBEX_DIAG_SECRET is not set/,
      ],
      stderr: [],
    },
    {
      case: '--require-secrets with secrets unset: exit 2, listed on stderr',
      args: ['config', 'validate', good, '--require-secrets'],
      env: { ACME_DIAG_SECRET: CANARY },
      code: 2,
      stdout: [/is valid: 2 orgs/],
      stderr: [
        /^sr-check: secrets not set \(--require-secrets\):\n/,
        /GLOBEX_DIAG_SECRET is not set/,
        /acme-fixer does not exist/,
      ],
    },
    {
      case: 'an empty variable counts as unset',
      args: ['config', 'validate', good],
      env: { ACME_DIAG_SECRET: ' ', GLOBEX_DIAG_SECRET: CANARY },
      code: 0,
      stdout: [/ACME_DIAG_SECRET is empty/],
      stderr: [],
    },
    {
      case: 'FILE from --config',
      args: ['config', 'validate', '--config', good],
      env: {},
      code: 0,
      stdout: [/is valid: 2 orgs/],
      stderr: [],
    },
    {
      case: 'FILE from SR_CHECK_CONFIG',
      args: ['config', 'validate'],
      env: { SR_CHECK_CONFIG: good },
      code: 0,
      stdout: [/is valid: 2 orgs/],
      stderr: [],
    },
    {
      case: 'shape and references: every problem listed, exit 2',
      args: ['config', 'validate', bad],
      env: {},
      code: 2,
      stdout: [/ACME_DIAG_SECRET is not set/],
      stderr: [
        /^sr-check: configuration .*bad\.yaml is not valid:\n/,
        /orgs\.acme\.region: "us-east" is not a Genesys Cloud region/,
        /orgs\.acme\.operations\[0\]/,
        /orgs\.acme\.channels\[0\]: "general" is not a Slack channel id/,
      ],
    },
    {
      case: 'a file that does not exist',
      args: ['config', 'validate', join(dir, 'nowhere.yaml')],
      env: {},
      code: 2,
      stdout: [],
      stderr: [/nowhere\.yaml does not exist/],
    },
  ])('$case', async ({ args, env, code, stdout, stderr }) => {
    const out = await runCliCaptured(args, env);
    expect(out.code, `${out.stdout}\n${out.stderr}`).toBe(code);
    for (const p of stdout) expect(out.stdout).toMatch(p);
    for (const p of stderr) expect(out.stderr).toMatch(p);
    if (stderr.length === 0) expect(out.stderr).toBe('');
    expect(out.stdout + out.stderr).not.toContain(CANARY);
    expect(out.stdout + out.stderr).not.toContain('placeholder');
  });

  it('a set secret is not listed; once all are set there is nothing to report', async () => {
    const secretDir = join(dir, 'secrets');
    mkdirSync(secretDir, { recursive: true });
    writeFileSync(join(secretDir, 'acme-fixer'), CANARY);
    const out = await runCliCaptured(['config', 'validate', good, '--require-secrets'], {
      ACME_DIAG_SECRET: CANARY,
      GLOBEX_DIAG_SECRET: CANARY,
    });
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^.*good\.yaml is valid: 2 orgs \(acme, globex\)\.\n$/);
    expect(out.stderr).toBe('');
  });

  it('--json gives the same as data', async () => {
    const out = await runCliCaptured(['config', 'validate', bad, '--json']);
    expect(out.code).toBe(2);
    const result = JSON.parse(out.stdout) as {
      valid: boolean;
      issues: Array<{ path: string }>;
      unsetSecrets: Array<{ path: string }>;
    };
    expect(result.valid).toBe(false);
    expect(result.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['orgs.acme.region', 'orgs.acme.channels[0]']),
    );
    expect(result.unsetSecrets.map((s) => s.path)).toEqual(['orgs.acme.diagnostic.clientSecretEnv']);
  });
});
