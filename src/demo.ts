/**
 * The built-in demo org: a simulated Genesys Cloud started in-process from a shipped scenario, so
 * `sr-check org=demo` works with no configuration at all. One rule for `scenario=` (demoRequestProblem: only
 * for the built-in demo org, and a shipped scenario) and one demo runner (openDemoRun), shared by the CLI and
 * the Slack check runner.
 */
import type { AppConfig, OrgConfig } from './config/types';
import { Secret } from './config/secret';
import type { CheckRequest } from './diagnosis/request';
import { listScenarios, startSimulator, type RunningSimulator } from './sim';

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
    fixer: checker.fixerClientId
      ? { clientId: checker.fixerClientId, clientSecret: secretOf(checker.fixerClientId) }
      : undefined,
    // The integration's own credentials, for the read-only probe, when the scenario names them.
    ...(checker.probeClientId
      ? { probe: { clientId: checker.probeClientId, clientSecret: secretOf(checker.probeClientId) } }
      : {}),
    target: checker.target,
    ...(checker.scopeEnforcement ? { scopeEnforcement: checker.scopeEnforcement } : {}),
    channels: [],
    approvers: { users: [] },
    operations: checker.operations ?? [],
  };
}

export async function startDemoOrg(
  scenario = DEFAULT_DEMO_SCENARIO,
  options: { latencyMs?: number } = {},
): Promise<DemoOrg> {
  const simulator = await startSimulator({ scenario, latencyMs: options.latencyMs });
  return {
    org: orgConfigForSimulator(simulator),
    interaction: simulator.scenario.checker.interaction,
    simulator,
    close: () => simulator.close(),
  };
}

/** Why a request cannot run as asked: `scenario=` for any org but the built-in demo, or a scenario not shipped. */
export type DemoRequestProblem = { code: 'scenario-not-demo' | 'unknown-scenario'; message: string };

/** The one check of `scenario=`; `usesBuiltInDemo`: the request's org is the built-in demo org (not configured). */
export function demoRequestProblem(
  request: Pick<CheckRequest, 'scenario'>,
  usesBuiltInDemo: boolean,
): DemoRequestProblem | undefined {
  if (!request.scenario) return undefined;
  if (!usesBuiltInDemo) return { code: 'scenario-not-demo', message: 'scenario= is only for the built-in demo org' };
  const known = listScenarios().map((s) => s.name);
  if (!known.includes(request.scenario))
    return {
      code: 'unknown-scenario',
      message: `unknown scenario "${request.scenario}". Scenarios: ${known.join(', ')}`,
    };
  return undefined;
}

/** A check against the built-in demo org: the config with the demo org added, the request to run, and close(). */
export interface DemoRun {
  config: AppConfig;
  request: CheckRequest;
  close(): Promise<void>;
}

/**
 * Starts the simulator for the request's scenario (validate it first with demoRequestProblem) and adds the demo
 * org to `config`; a request that names no conversation, client or user checks the scenario's conversation, and
 * the scenario's own op= (a concrete call naming its recording) when the request names no operation.
 */
export async function openDemoRun<R extends CheckRequest>(
  request: R,
  config: AppConfig,
): Promise<DemoRun & { request: R }> {
  const demo = await startDemoOrg(request.scenario ?? DEFAULT_DEMO_SCENARIO);
  const named = request.interaction || request.client || request.user;
  // The scenario's own op= (a concrete call naming its recording) when the request names no operation.
  const op = demo.simulator.scenario.checker.op;
  const withOp = !request.op && !named && op ? { ...request, op } : request;
  return {
    config: { ...config, orgs: new Map(config.orgs).set(DEMO_ORG, demo.org) },
    request: !named && demo.interaction ? { ...withOp, interaction: demo.interaction } : withOp,
    close: () => demo.close(),
  };
}
