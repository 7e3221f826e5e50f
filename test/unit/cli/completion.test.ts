/**
 * `sr-check completion bash`: the script is run by a real bash against a `sr-check` on PATH (the sources, through
 * a shim), so the dynamic names (orgs, scenarios) are what the CLI answers. zsh is not installed here: its script
 * is checked for its shape only.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { completionScript } from '../../../src/cli/completion';
import { runCliCaptured } from '../../support/cli';

const CHILD = join(__dirname, 'cli-child.ts');
let bin: string;
let script: string;

beforeAll(() => {
  bin = mkdtempSync(join(tmpdir(), 'sr-check-completion-'));
  const shim = join(bin, 'sr-check');
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" --import tsx "${CHILD}" "$@"\n`);
  chmodSync(shim, 0o755);
  script = join(bin, 'sr-check.bash');
  writeFileSync(script, completionScript('bash'));
});

/** What bash offers for the command line `words`, the cursor on the last word. */
function complete(words: string[]): string[] {
  const array = words.map((w) => `'${w}'`).join(' ');
  const out = execFileSync(
    'bash',
    [
      '-c',
      `source '${script}'; COMP_WORDS=(${array}); COMP_CWORD=${words.length - 1}; _sr_check; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ],
    {
      env: { PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: process.env.HOME ?? '' },
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  return out.split('\n').filter(Boolean);
}

// Every bash completion of a name starts a fresh sr-check process from the sources: slow on a loaded machine.
describe('sr-check completion', { timeout: 240_000 }, () => {
  it('bash: the first word is a command or a check key', () => {
    const first = complete(['sr-check', '']);
    expect(first).toEqual(expect.arrayContaining(['doctor', 'config', 'completion', 'org=', 'scenario=', '--json']));
    expect(complete(['sr-check', 'do'])).toEqual(['doctor']);
  });

  it("bash: a command's second word and flags", () => {
    expect(complete(['sr-check', 'config', ''])).toEqual(expect.arrayContaining(['validate', '--require-secrets']));
    expect(complete(['sr-check', 'doctor', '--'])).toEqual(expect.arrayContaining(['--config', '--json', '--help']));
    expect(complete(['sr-check', 'completion', ''])).toEqual(['bash', 'zsh']);
    expect(complete(['sr-check', 'org=demo', 'comp'])).toEqual(['compare=']);
  });

  it('bash: org names and scenario names, asked of the CLI', () => {
    expect(complete(['sr-check', 'org=de'])).toEqual(['org=demo', 'org=demo-a', 'org=demo-b', 'org=demo-c']);
    expect(complete(['sr-check', 'org=demo', 'scenario=cc-no'])).toEqual(['scenario=cc-no-role']);
    // Each asks a fresh sr-check process (from the sources, through tsx): slow on a loaded machine.
  }, 240_000);

  it('zsh: a #compdef script with the same words', () => {
    const zsh = completionScript('zsh');
    expect(zsh.startsWith('#compdef sr-check\n')).toBe(true);
    expect(zsh).toContain('compdef _sr_check sr-check');
    expect(zsh).toContain('sr-check completion --orgs');
    expect(zsh).toContain('org= client= user= interaction= op= scenario= compare=');
  });

  it('--orgs lists the configured orgs and the demo; a config that does not load lists only the demo, quietly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sr-check-completion-orgs-'));
    const file = join(dir, 'orgs.yml');
    writeFileSync(
      file,
      'orgs:\n  acme:\n    region: us-east-1\n    diagnostic: { clientId: 3f2a1b4c-0000-4000-8000-000000000001, clientSecretEnv: X }\n',
    );
    const out = await runCliCaptured(['completion', '--orgs'], { SR_CHECK_CONFIG: file, X: 'LEAKCANARY' });
    expect(out.stdout.split('\n')).toEqual(expect.arrayContaining(['acme', 'demo']));
    const bad = await runCliCaptured(['completion', '--orgs'], { SR_CHECK_CONFIG: join(dir, 'missing.yml') });
    expect(bad).toMatchObject({ code: 0, stderr: '' });
    expect(bad.stdout.split('\n')).toContain('demo');
  });
});
