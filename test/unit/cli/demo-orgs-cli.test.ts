/**
 * The named demo orgs (issue 24, item 6): with no configuration at all, `sr-check orgs` lists them, the matrix
 * runs over them (by name, or org='*'), compare= runs in one, and each checks alone; a configured org of the
 * same name wins.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NAMED_DEMO_ORGS } from '../../../src/demo';
import { runCliCaptured } from '../../support/cli';

const FIXER_CLIENT = '9dd6054f-efab-4657-9a7f-b5471c523740';
const TARGET_CLIENT = '09f08c5e-1262-478b-9a02-ada5263d5d40';

describe('demo orgs without configuration', () => {
  it('org=demo-a,demo-b,demo-c: the matrix, one row each, in their different states; exit 1', async () => {
    const run = await runCliCaptured(['org=demo-a,demo-b,demo-c']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^demo-a +PASS/m);
    expect(run.stdout).toMatch(/^demo-b +FAIL +pass +- +FAIL/m);
    expect(run.stdout).toMatch(/^demo-c +FAIL +FAIL/m);
    expect(run.stdout).toContain('differs from demo-a:');
    expect(run.stdout).toMatch(/3 org\(s\), 1 pass, 0 warn, 2 fail/);
  });

  it("org='*' with no org configured runs every demo org; --json carries every verdict", async () => {
    const run = await runCliCaptured(['org=*', '--json']);
    const json = JSON.parse(run.stdout) as { verdicts: Array<{ org: string }> };
    expect(json.verdicts.map((v) => v.org).sort()).toEqual(Object.keys(NAMED_DEMO_ORGS).sort());
  });

  it('compare= in demo-a: the fixer client fails where the integration passes, and the grant that differs', async () => {
    const run = await runCliCaptured(['org=demo-a', `client=${FIXER_CLIENT}`, `compare=${TARGET_CLIENT}`]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^compare · org demo-a$/m);
    expect(run.stdout).toContain('holds role "Screen Recording Viewer" in all divisions');
  });

  it('one demo org alone: its own scenario; scenario= stays for org=demo', async () => {
    const b = await runCliCaptured(['org=demo-b']);
    expect(b.code).toBe(1);
    expect(b.stdout).toMatch(/^sr-check · org demo-b/);
    expect((await runCliCaptured(['org=demo-a'])).code).toBe(0);
    const refused = await runCliCaptured(['org=demo-a', 'scenario=healthy']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('scenario= is only for the built-in demo org');
  });

  it('orgs --json lists them as built in; a configured org of the same name wins', async () => {
    const plain = JSON.parse((await runCliCaptured(['orgs', '--json'])).stdout) as Array<Record<string, unknown>>;
    expect(plain.map((r) => [r.name, r.builtIn])).toEqual([
      ['demo', true],
      ['demo-a', true],
      ['demo-b', true],
      ['demo-c', true],
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'sr-check-demo-orgs-'));
    const file = join(dir, 'orgs.yml');
    writeFileSync(
      file,
      'orgs:\n  demo-a:\n    region: us-east-1\n    diagnostic: { clientId: 3f2a1b4c-0000-4000-8000-000000000001, clientSecretEnv: X }\n',
    );
    const configured = JSON.parse(
      (await runCliCaptured(['orgs', '--json', '--config', file], { X: 's' })).stdout,
    ) as Array<Record<string, unknown>>;
    expect(configured.find((r) => r.name === 'demo-a')).toMatchObject({ builtIn: false, region: 'us-east-1' });
    expect(configured.filter((r) => r.name === 'demo-a')).toHaveLength(1);
  });
});
