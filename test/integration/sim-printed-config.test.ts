/**
 * What `sr-check sim` prints is what a new operator copies: its orgs.yml and its `export` lines must pass
 * `config validate` and `doctor` exactly as printed (issue 24, item 1).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listScenarios, runSimCommand } from '../../src/sim';
import { runCliCaptured } from '../support/cli';

const CLI_CHILD = join(__dirname, '..', 'unit', 'cli', 'cli-child.ts');

/** The lines under "Config (orgs.yml):", verbatim, and the `export NAME='value'` lines as an environment. */
function printedSetup(text: string): { yaml: string; env: Record<string, string> } {
  const lines = text.split('\n');
  const start = lines.indexOf('Config (orgs.yml):');
  if (start < 0) throw new Error(`no config printed:\n${text}`);
  const yaml: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') break;
    yaml.push(line);
  }
  const env: Record<string, string> = {};
  for (const match of text.matchAll(/^ {2}export ([A-Z_]+)='([^']*)'$/gm)) env[match[1]!] = match[2]!;
  return { yaml: `${yaml.join('\n')}\n`, env };
}

function writeConfig(yaml: string): { file: string; db: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sr-check-sim-config-'));
  const file = join(dir, 'orgs.yml');
  writeFileSync(file, yaml);
  return { file, db: join(dir, 'sr-check.db') };
}

describe('the config sr-check sim prints', () => {
  it('sr-check sim --scenario cc-no-role --port N: config validate and doctor pass on the printed config', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CLI_CHILD, 'sim', '--scenario', 'cc-no-role', '--port', '0'],
      { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        const poll = setInterval(() => {
          if (out.includes('Running; Ctrl-C to stop.')) {
            clearInterval(poll);
            resolve();
          }
        }, 25);
        void exited.then(() => {
          clearInterval(poll);
          reject(new Error(`sr-check sim exited:\n${out}`));
        });
      });
      const { yaml, env } = printedSetup(out);
      expect(Object.keys(env)).toEqual(['SIM_DIAGNOSTIC_SECRET', 'SIM_FIXER_SECRET']);
      const { file, db } = writeConfig(yaml);

      const validated = await runCliCaptured(['config', 'validate', file, '--require-secrets'], env);
      expect(validated.stderr).toBe('');
      expect(validated.stdout).toContain('is valid: 1 org (sim)');
      expect(validated.code).toBe(0);

      const doctor = await runCliCaptured(['doctor', '--config', file, '--json'], { ...env, SR_CHECK_DB: db });
      const report = JSON.parse(doctor.stdout) as { ok: boolean; items: Array<{ item: string; status: string }> };
      expect(report.items.filter((i) => i.status === 'fail')).toEqual([]);
      expect(report.items.map((i) => `${i.item} ${i.status}`)).toEqual(
        expect.arrayContaining(['config ok', 'sim login ok', 'sim api ok', 'sim fixer ok', 'store ok']),
      );
      expect(doctor.code).toBe(0);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('every shipped scenario prints a config that config validate accepts', async () => {
    for (const { name } of listScenarios()) {
      let printed = '';
      await runSimCommand(['--scenario', name, '--port', '0'], {
        out: (text) => (printed += `${text}\n`),
        err: (text) => (printed += `${text}\n`),
        untilStopped: async () => {
          const { yaml, env } = printedSetup(printed);
          const result = await runCliCaptured(['config', 'validate', writeConfig(yaml).file, '--require-secrets'], env);
          expect({ scenario: name, code: result.code, stderr: result.stderr }).toEqual({
            scenario: name,
            code: 0,
            stderr: '',
          });
        },
      });
    }
  });
});
