/**
 * Every shipped simulator scenario, through the CLI with --json, reaches the verdict its file expects
 * (checker.expected): overall status, which checks fail and which warn, and the exit status.
 */
import { describe, expect, it } from 'vitest';
import { listScenarios, loadScenario } from '../../src/sim';
import type { Verdict } from '../../src/diagnosis/verdict';
import { runCliCaptured } from '../support/cli';

const EXIT_FOR = { pass: 0, warn: 0, fail: 1, unknown: 3 } as const;
const scenarios = listScenarios().map((s) => loadScenario(s.name));

describe('shipped scenarios through the CLI', () => {
  it('ships every scenario the foundation issue lists, each with an expected verdict', () => {
    const names = scenarios.map((s) => s.name);
    for (const required of [
      'healthy',
      'cc-no-role',
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
      'demo',
      'probe-agrees',
      'probe-disagrees',
    ])
      expect(names).toContain(required);
    for (const scenario of scenarios) expect(scenario.checker.expected, scenario.name).toBeDefined();
  });

  it.each(scenarios.map((s) => [s.name, s] as const))('%s gives its expected verdict', async (name, scenario) => {
    const expected = scenario.checker.expected!;
    const { code, stdout, stderr } = await runCliCaptured(['org=demo', `scenario=${name}`, '--json']);
    expect(stderr).toBe('');
    const verdict = JSON.parse(stdout) as Verdict;
    expect(verdict.overall).toBe(expected.overall);
    expect(
      verdict.checks
        .filter((c) => c.status === 'fail')
        .map((c) => c.id)
        .sort(),
    ).toEqual([...expected.failing].sort());
    expect(
      verdict.checks
        .filter((c) => c.status === 'warn')
        .map((c) => c.id)
        .sort(),
    ).toEqual([...expected.warning].sort());
    expect(code).toBe(EXIT_FOR[verdict.overall]);
    expect(verdict.checks.map((c) => c.id)).toEqual([
      'credentials',
      'scope',
      'role',
      'feature',
      'interaction',
      'token',
      'probe',
    ]);
    expect(Boolean(verdict.modelDisagreement)).toBe(expected.modelDisagreement);
    // The probe runs only where the scenario hands sr-check the integration's own credentials.
    if (!scenario.checker.probeClientId) expect(verdict.checks.find((c) => c.id === 'probe')!.status).toBe('skipped');
    expect(verdict.apiCalls).toBeGreaterThan(0);
  });

  it('names the real permission and proposes the least-privilege role for the demo org', async () => {
    const { stdout } = await runCliCaptured(['org=demo', '--json']);
    const verdict = JSON.parse(stdout) as Verdict;
    const role = verdict.checks.find((c) => c.id === 'role')!;
    expect(verdict.missingPermissions).toContain('recording:screenRecording:view');
    expect(role.fixes).toEqual([
      expect.objectContaining({
        kind: 'grant-role',
        roleName: 'Screen Recording Viewer',
        permission: expect.stringContaining('recording:screenRecording:view'),
      }),
    ]);
    expect(JSON.stringify(verdict)).not.toMatch(/screen_recording:write|interaction\/screenrecordings/);
  });

  it('answers bad input with usage and exit 2, running nothing', async () => {
    for (const argv of [
      ['org=demo', 'colour=blue'],
      ['org=demo', 'client=not-a-uuid'],
      ['org=nowhere'],
      ['org=demo', 'scenario=nope'],
      ['--bogus'],
    ]) {
      const { code, stdout, stderr } = await runCliCaptured(argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/sr-check|Unknown|unknown/);
    }
  });

  it('shows the probe contradicting the model before the checks, in text', async () => {
    const { code, stdout } = await runCliCaptured(['org=demo', 'scenario=probe-disagrees']);
    expect(code).toBe(1);
    const banner = stdout.indexOf(
      '!! THE LIVE PROBE CONTRADICTS SR-CHECK: Genesys answered 403 not.authorized to GET /api/v2/conversations/{conversationId}/recordings',
    );
    expect(banner).toBeGreaterThan(-1);
    expect(banner).toBeLessThan(stdout.search(/^[✓✗!?-] /m));
    expect(stdout).toMatch(/the model is wrong for this org; please report it with contextId [0-9a-f-]{36}\./);
    expect(stdout).not.toContain('LEAKCANARY');
  });

  it('prints the compact verdict by default (passing checks on one line) and one line per check with -v', async () => {
    const { code, stdout } = await runCliCaptured(['org=demo', 'scenario=healthy']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^overall: PASS$/m);
    expect(stdout).toMatch(/^✓ passed: credentials, role, feature, interaction, token$/m);
    expect(stdout).toMatch(/^- skipped: scope, probe$/m);
    const verbose = await runCliCaptured(['org=demo', 'scenario=healthy', '-v']);
    for (const id of ['credentials', 'scope', 'role', 'feature', 'interaction', 'token', 'probe'])
      expect(verbose.stdout).toMatch(new RegExp(`^. ${id}\\s`, 'm'));
  });
});
