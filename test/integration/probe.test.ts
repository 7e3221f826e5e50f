/**
 * The live probe against the simulator: one GET sent as the integration (its own client credentials),
 * compared with the role check's prediction. Agree, disagree (an org whose answers the model cannot
 * explain), 403, 404 with a random id, timeout; no write is ever sent but the revocation of the probe's
 * own token, and the probe secret appears nowhere in the verdict.
 */
import { describe, expect, it } from 'vitest';
import { Secret } from '../../src/config/secret';
import type { AppConfig, OrgConfig } from '../../src/config/types';
import { orgConfigForSimulator } from '../../src/demo';
import type { Verdict } from '../../src/diagnosis/verdict';
import { createLogger } from '../../src/log';
import { Metrics } from '../../src/metrics';
import { createServices } from '../../src/services';
import { loadScenario, startSimulator, type RunningSimulator } from '../../src/sim';

const TARGET = '09f08c5e-1262-478b-9a02-ada5263d5d40';
const LIST = 'GET /api/v2/conversations/{conversationId}/recordings';
const logger = createLogger({ level: 'warn' });

interface Run {
  sim: RunningSimulator;
  verdict: Verdict;
  metrics: Metrics;
  secret: string;
}

async function probeRun(
  scenarioName: string,
  options: { override?: 403 | 404; interaction?: boolean; op?: string; fault?: boolean; probeClient?: string } = {},
): Promise<Run> {
  const scenario = loadScenario(scenarioName);
  if (options.override) scenario.answerOverrides = [{ template: LIST, clientId: TARGET, status: options.override }];
  const sim = await startSimulator({ scenario });
  if (options.fault) sim.addFault({ match: `GET /api/v2/conversations/*/recordings`, kind: 'timeout' });
  const probeClient = options.probeClient ?? TARGET;
  const secret = scenario.oauthClients.find((c) => c.id === probeClient)!.secret;
  const org: OrgConfig = { ...orgConfigForSimulator(sim, 'acme'), probe: { clientId: probeClient, clientSecret: new Secret(secret) } };
  const config: AppConfig = { orgs: new Map([['acme', org]]), allowedChannels: [], source: 'test' };
  const metrics = new Metrics({ defaultMetrics: false });
  const services = createServices({ config, logger, metrics, clientOptions: { retry: { retries: 0 }, timeoutMs: 1_000 } });
  try {
    const interaction = options.interaction === false ? undefined : scenario.checker.interaction;
    const outcome = await services.diagnoser.diagnose({ org: 'acme', fresh: true, op: options.op ?? 'recordings-read', ...(interaction ? { interaction } : {}) });
    if (!outcome.ok) throw new Error(outcome.message);
    return { sim, verdict: outcome.verdict, metrics, secret };
  } finally {
    await services.close();
  }
}

const probeOf = (verdict: Verdict) => verdict.checks.find((c) => c.id === 'probe')!;

describe('the probe against the simulator', () => {
  it.each([
    { name: 'agree: predicted allowed, allowed', scenario: 'healthy', status: 'pass', summary: /answered as predicted/, disagreement: false, result: 'agree' },
    { name: 'agree: predicted refused, refused (403)', scenario: 'cc-no-role', status: 'fail', summary: /refused the read as the integration \(403 missing/, disagreement: false, result: 'agree' },
    { name: 'disagree: predicted allowed, Genesys refuses (403)', scenario: 'healthy', override: 403 as const, status: 'fail', summary: /contradicts the prediction \(403\)/, disagreement: true, result: 'disagree' },
    { name: 'disagree: predicted refused, Genesys lets it through (404)', scenario: 'cc-no-role', override: 404 as const, status: 'unknown', summary: /contradicts the prediction \(404\)/, disagreement: true, result: 'disagree' },
  ])('$name', async ({ scenario, override, status, summary, disagreement, result }) => {
    const { sim, verdict, metrics } = await probeRun(scenario, override ? { override } : {});
    try {
      const probe = probeOf(verdict);
      expect(probe.status).toBe(status);
      expect(probe.summary).toMatch(summary);
      expect(Boolean(verdict.modelDisagreement)).toBe(disagreement);
      if (disagreement) expect(verdict.modelDisagreement).toMatch(/the model is wrong for this org\. Please report it/);
      expect(await metrics.scrape()).toMatch(new RegExp(`probe_results_total\\{result="${result}"\\} 1`));
    } finally {
      await sim.close();
    }
  });

  it('no conversation named: a random id, and 404 counts as "the permission gate passed"', async () => {
    const { sim, verdict } = await probeRun('healthy', { interaction: false });
    try {
      const probe = probeOf(verdict);
      expect(probe.status).toBe('pass');
      expect(probe.evidence.join('\n')).toMatch(/random conversationId: a 404 means the permission gate passed\) sent as the integration → 404/);
    } finally {
      await sim.close();
    }
  });

  it('a timeout is inconclusive (unknown), never a pass', async () => {
    const { sim, verdict } = await probeRun('healthy', { fault: true });
    try {
      expect(probeOf(verdict).status).toBe('unknown');
    } finally {
      await sim.close();
    }
  }, 20_000);

  it('sends no write but the revocation of its own token, which is revoked; the secret appears nowhere', async () => {
    const { sim, verdict, secret } = await probeRun('healthy');
    try {
      const fromProbe = sim.requests.filter((r) => r.clientId === TARGET);
      // Its login, its one read, and the revocation of that token: nothing else.
      expect(fromProbe.map((r) => `${r.method} ${r.template}`)).toEqual(['POST /oauth/token', LIST, 'DELETE /api/v2/tokens/me']);
      expect(sim.writes.map((w) => `${w.method} ${w.path}`)).toEqual(['DELETE /api/v2/tokens/me']);
      const tokens = [...sim.state.tokens.values()].filter((t) => t.clientId === TARGET);
      expect(tokens).toHaveLength(1);
      expect(tokens[0]!.revoked).toBe(true);
      expect(JSON.stringify(verdict)).not.toContain(secret);
    } finally {
      await sim.close();
    }
  });

  it.each([
    { name: 'probe credentials of another client than the identity', options: { probeClient: '064e7908-1b9a-4204-be35-b969e4b3208a' }, summary: /another client/ },
    { name: 'no read among the operations', options: { op: 'recording-retention' }, summary: /only sends reads/ },
  ])('skipped: $name (and nothing sent as the probe client)', async ({ options, summary }) => {
    const { sim, verdict } = await probeRun('healthy', options);
    try {
      expect(probeOf(verdict)).toMatchObject({ status: 'skipped' });
      expect(probeOf(verdict).summary).toMatch(summary);
      if (!options.probeClient) expect(sim.requests.filter((r) => r.clientId === TARGET)).toEqual([]);
    } finally {
      await sim.close();
    }
  });
});
