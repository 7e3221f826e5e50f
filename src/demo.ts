/**
 * The built-in demo org: a simulated Genesys Cloud started in-process from a shipped scenario, so
 * `sr-check org=demo` works with no configuration at all.
 */
import type { OrgConfig } from './config/types';
import { Secret } from './config/secret';
import { startSimulator, type RunningSimulator } from './sim';

export const DEMO_ORG = 'demo';
export const DEFAULT_DEMO_SCENARIO = 'demo';

export interface DemoOrg {
  org: OrgConfig;
  /** The conversation the scenario is about (used when the request names none). */
  interaction?: string;
  simulator: RunningSimulator;
  close(): Promise<void>;
}

/** Builds the org config that points sr-check at a running simulator, as an operator would write it. */
export function orgConfigForSimulator(simulator: RunningSimulator, name = DEMO_ORG): OrgConfig {
  const { scenario } = simulator;
  const checker = scenario.checker;
  const secretOf = (clientId: string): Secret => {
    const client = scenario.oauthClients.find((c) => c.id === clientId);
    if (!client) throw new Error(`scenario ${scenario.name}: checker names unknown client ${clientId}`);
    return new Secret(client.secret);
  };
  const diagnosticSecret = checker.configuredSecretOverride
    ? new Secret(checker.configuredSecretOverride)
    : secretOf(checker.diagnosticClientId);
  return {
    name,
    orgId: scenario.org.id,
    apiBaseUrl: simulator.apiBaseUrl,
    loginBaseUrl: simulator.loginBaseUrl,
    diagnostic: { clientId: checker.diagnosticClientId, clientSecret: diagnosticSecret },
    fixer: checker.fixerClientId ? { clientId: checker.fixerClientId, clientSecret: secretOf(checker.fixerClientId) } : undefined,
    // The integration's own credentials, for the read-only probe, when the scenario names them.
    ...(checker.probeClientId ? { probe: { clientId: checker.probeClientId, clientSecret: secretOf(checker.probeClientId) } } : {}),
    target: checker.target,
    channels: [],
    approvers: { users: [] },
    operations: checker.operations ?? [],
  };
}

export async function startDemoOrg(scenario = DEFAULT_DEMO_SCENARIO, options: { latencyMs?: number } = {}): Promise<DemoOrg> {
  const simulator = await startSimulator({ scenario, latencyMs: options.latencyMs });
  return {
    org: orgConfigForSimulator(simulator),
    interaction: simulator.scenario.checker.interaction,
    simulator,
    close: () => simulator.close(),
  };
}
