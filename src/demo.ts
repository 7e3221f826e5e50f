/**
 * The built-in demo org: a simulated Genesys Cloud started in-process from a shipped scenario, so
 * `sr-check org=demo` works with no configuration at all. One rule for `scenario=` (demoRequestProblem: only
 * for the built-in demo org, and a shipped scenario) and one demo runner (openDemoRun), shared by the CLI and
 * the Slack check runner.
 */
import type { AppConfig, OrgConfig } from './config/types';
import { Secret } from './config/secret';
import type { CheckRequest } from './request/grammar';
import { listScenarios, startSimulator, type RunningSimulator } from './sim';

export const DEMO_ORG = 'demo';
export const DEFAULT_DEMO_SCENARIO = 'demo';

/**
 * Named demo orgs for the CLI, each a simulated org in its own state, so the many-org matrix
 * (`org=demo-a,demo-b,demo-c`, or `org='*'` with no orgs configured) and `compare=` can be tried with no
 * configuration. A configured org of the same name wins.
 */
export const NAMED_DEMO_ORGS: Readonly<Record<string, string>> = {
  'demo-a': 'healthy',
  'demo-b': 'cc-no-role',
  'demo-c': 'disabled-client',
};

/** The scenario a demo org runs, when `name` is one (and not configured). */
export function demoScenarioOf(name: string, config: Pick<AppConfig, 'orgs'>): string | undefined {
  if (config.orgs.has(name)) return undefined;
  if (name === DEMO_ORG) return DEFAULT_DEMO_SCENARIO;
  return Object.hasOwn(NAMED_DEMO_ORGS, name) ? NAMED_DEMO_ORGS[name] : undefined;
}

/** `sr-check orgs`: the named demo orgs that are not configured, with their state and what to try. */
export function demoOrgLines(config: Pick<AppConfig, 'orgs'>): string {
  const names = Object.keys(NAMED_DEMO_ORGS).filter((name) => !config.orgs.has(name));
  if (names.length === 0) return '';
  const rows = names.map((name) => `  ${name.padEnd(8)} simulated, scenario ${NAMED_DEMO_ORGS[name]}`);
  return [
    'Demo orgs (simulated, no configuration needed):',
    ...rows,
    `Try: sr-check org=${names.join(',')}   (the matrix; org='*' too when no org is configured)`,
    '',
  ].join('\n');
}

/**
 * Starts a simulator for each named demo org in `names` that is not configured and adds it to `config` (the
 * many-org and compare= runs of the CLI). Names that are no demo org are left to the caller's "unknown org".
 */
export async function openNamedDemoOrgs(
  names: readonly string[],
  config: AppConfig,
): Promise<{ config: AppConfig; close(): Promise<void> }> {
  const orgs = new Map(config.orgs);
  const started: RunningSimulator[] = [];
  try {
    for (const name of new Set(names)) {
      const scenario = name === DEMO_ORG ? undefined : demoScenarioOf(name, config);
      if (!scenario) continue;
      const simulator = await startSimulator({ scenario });
      started.push(simulator);
      orgs.set(name, orgConfigForSimulator(simulator, name));
    }
  } catch (error) {
    await Promise.all(started.map((s) => s.close()));
    throw error;
  }
  return { config: { ...config, orgs }, close: async () => void (await Promise.all(started.map((s) => s.close()))) };
}

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
  // `demo` runs the scenario asked for; a named demo org (demo-a…) its own.
  const scenario =
    request.org !== DEMO_ORG ? (demoScenarioOf(request.org, config) ?? DEFAULT_DEMO_SCENARIO) : request.scenario;
  const demo = await startDemoOrg(scenario ?? DEFAULT_DEMO_SCENARIO);
  const named = request.interaction || request.client || request.user;
  // The scenario's own op= (a concrete call naming its recording) when the request names no operation.
  const op = demo.simulator.scenario.checker.op;
  const withOp = !request.op && !named && op ? { ...request, op } : request;
  return {
    config: {
      ...config,
      orgs: new Map(config.orgs).set(request.org, { ...demo.org, name: request.org }),
    },
    request: !named && demo.interaction ? { ...withOp, interaction: demo.interaction } : withOp,
    close: () => demo.close(),
  };
}
