/**
 * Under every injected fault the affected check is never `pass`, the verdict is never `pass`, and the
 * process keeps going: a verdict always comes back, saying `unknown` and why.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../src/config/types';
import { orgConfigForSimulator } from '../../src/demo';
import type { CheckId } from '../../src/diagnosis/verdict';
import { createLogger } from '../../src/log';
import { createServices } from '../../src/services';
import { loadScenario, startSimulator, type Fault, type RunningSimulator } from '../../src/sim';

const logger = createLogger({ level: 'debug' });
let running: RunningSimulator | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function diagnoseWith(scenario: ReturnType<typeof loadScenario> | string, faults: Fault[] = []) {
  running = await startSimulator({ scenario });
  for (const fault of faults) running.addFault(fault);
  const org = orgConfigForSimulator(running, 'acme');
  const config: AppConfig = { orgs: new Map([['acme', org]]), allowedChannels: [], source: 'test' };
  // Short budgets keep timeouts and storms quick; the behaviour under test is the same.
  const services = createServices({
    config,
    logger,
    clientOptions: { timeoutMs: 300, retry: { retries: 2, budgetMs: 1200, baseDelayMs: 20 } },
  });
  try {
    const outcome = await services.diagnoser.diagnose({
      org: 'acme',
      interaction: running.scenario.checker.interaction,
      fresh: true,
    });
    if (!outcome.ok) throw new Error(outcome.message);
    return outcome.verdict;
  } finally {
    await services.close();
  }
}

const FAULT_KINDS: Array<[string, (match: string) => Fault]> = [
  ['timeout', (match) => ({ match, kind: 'timeout' })],
  ['503', (match) => ({ match, kind: 'status', status: 503 })],
  ['500', (match) => ({ match, kind: 'status', status: 500 })],
  ['429 storm', (match) => ({ match, kind: 'rate-limit', retryAfter: 1 })],
  ['malformed body', (match) => ({ match, kind: 'malformed' })],
  ['unexpected body', (match) => ({ match, kind: 'unexpected' })],
];

const AFFECTED: Array<[string, CheckId[]]> = [
  ['GET /api/v2/authorization/roles', ['role']],
  ['GET /api/v2/oauth/clients/*', ['credentials', 'role', 'token']],
  ['GET /api/v2/recording/settings', ['feature']],
  ['GET /api/v2/conversations/*/recordings', ['interaction']],
  ['GET /api/v2/tokens/me', ['credentials']],
];

describe('faults never turn into pass', () => {
  const cases = AFFECTED.flatMap(([match, checks]) =>
    FAULT_KINDS.map(([kind, fault]) => [`${kind} on ${match}`, fault(match), checks] as const),
  );

  it.each(cases)('%s', async (_name, fault, affected) => {
    const verdict = await diagnoseWith('healthy', [fault]);
    for (const id of affected) {
      const check = verdict.checks.find((c) => c.id === id)!;
      expect(check.status, `${id}: ${check.summary}`).not.toBe('pass');
      expect(check.evidence.join(' ').length).toBeGreaterThan(0);
    }
    expect(verdict.overall).not.toBe('pass');
  });

  it('a login host that keeps failing leaves every check unknown, never pass', async () => {
    const verdict = await diagnoseWith('healthy', [{ match: 'POST /oauth/token', kind: 'status', status: 503 }]);
    expect(verdict.overall).toBe('unknown');
    // The probe is skipped (no probe credentials): it never claims anything either.
    expect(verdict.checks.map((c) => (c.id === 'probe' ? `probe:${c.status}` : c.status))).toEqual([
      ...Array(6).fill('unknown'),
      'probe:skipped',
    ]);
  });

  it('a diagnostic client lacking authorization:role:view makes the role check unknown', async () => {
    const scenario = loadScenario('healthy');
    const diagRole = scenario.roles.find((r) => r.name === 'sr-check Diagnostics')!;
    diagRole.permissionPolicies = diagRole.permissionPolicies.filter(
      (p) => !(p.domain === 'authorization' && p.entityName === 'role'),
    );
    const verdict = await diagnoseWith(scenario);
    const role = verdict.checks.find((c) => c.id === 'role')!;
    expect(role.status).toBe('unknown');
    expect(role.evidence.join(' ')).toMatch(/authorization:role:view/);
    expect(verdict.overall).toBe('unknown');
  });

  it('the healthy scenario passes without faults (the control for the cases above)', async () => {
    const verdict = await diagnoseWith('healthy');
    expect(verdict.overall).toBe('pass');
  });
});
