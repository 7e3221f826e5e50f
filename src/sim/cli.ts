/**
 * `sr-check sim --scenario NAME|FILE --port N [--latency MS] [--host H]`: run the simulator in the
 * foreground and print what a config needs to point sr-check at it. The scenario's client secrets are
 * printed on purpose: they are fake, and the operator needs them in environment variables.
 */
import { listScenarios } from './scenario';
import { startSimulator, type RunningSimulator } from './server';

/** Stands in for the operator's Slack member id in the printed config (Slack's id shape, so it validates). */
export const SIM_APPROVER_PLACEHOLDER = 'U0SIMAPPROVER';

export const SIM_USAGE = 'usage: sr-check sim --scenario NAME|FILE [--port N] [--latency MS] [--host 127.0.0.1]';

interface SimArgs {
  scenario: string;
  port: number;
  latencyMs: number;
  host: string;
}

function parseSimArgs(argv: string[]): SimArgs | string {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = /^--(scenario|port|latency|host)=(.*)$/.exec(arg);
    if (eq) {
      values[eq[1]!] = eq[2]!;
      continue;
    }
    const flag = /^--(scenario|port|latency|host)$/.exec(arg);
    if (!flag) return `unknown argument ${JSON.stringify(arg)}`;
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) return `--${flag[1]} needs a value`;
    values[flag[1]!] = value;
    i++;
  }
  if (!values.scenario) return '--scenario is required';
  const port = Number(values.port ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65534) return '--port must be an integer from 0 to 65534';
  const latencyMs = Number(values.latency ?? '0');
  if (!Number.isInteger(latencyMs) || latencyMs < 0) return '--latency must be a whole number of milliseconds';
  return { scenario: values.scenario, port, latencyMs, host: values.host ?? '127.0.0.1' };
}

/** What an operator needs: URLs, client ids, and the secrets as env hints plus a config snippet. */
export function describeRunningSimulator(sim: RunningSimulator): string {
  const { scenario } = sim;
  const checker = scenario.checker;
  const secretOf = (id: string) => scenario.oauthClients.find((c) => c.id === id)?.secret ?? '';
  const diagnosticSecret = checker.configuredSecretOverride ?? secretOf(checker.diagnosticClientId);
  const lines = [
    `Genesys Cloud simulator: scenario ${scenario.name} (org ${scenario.org.name})`,
    `  ${scenario.description.trim()}`,
    `  API:   ${sim.apiBaseUrl}`,
    `  login: ${sim.loginBaseUrl}`,
    `  diagnostic client: ${checker.diagnosticClientId}`,
  ];
  if (checker.fixerClientId) lines.push(`  fixer client:      ${checker.fixerClientId}`);
  if (checker.probeClientId)
    lines.push(`  probe client:      ${checker.probeClientId} (the integration's own, for the read-only probe)`);
  if (checker.target.client)
    lines.push(
      `  target client:     ${checker.target.client}${checker.externalTarget ? ' (an app created in another org)' : ''}`,
    );
  if (checker.target.user) lines.push(`  target user:       ${checker.target.user}`);
  if (checker.interaction) lines.push(`  interaction:       ${checker.interaction}`);
  lines.push('', 'Environment for the config below (fake secrets of this simulated org):');
  lines.push(`  export SIM_DIAGNOSTIC_SECRET='${diagnosticSecret}'`);
  if (checker.fixerClientId) lines.push(`  export SIM_FIXER_SECRET='${secretOf(checker.fixerClientId)}'`);
  if (checker.probeClientId) lines.push(`  export SIM_PROBE_SECRET='${secretOf(checker.probeClientId)}'`);
  lines.push('', 'Config (orgs.yml):', '  orgs:', '    sim:');
  lines.push(`      apiBaseUrl: ${sim.apiBaseUrl}`, `      loginBaseUrl: ${sim.loginBaseUrl}`);
  lines.push(`      diagnostic: { clientId: ${checker.diagnosticClientId}, clientSecretEnv: SIM_DIAGNOSTIC_SECRET }`);
  if (checker.fixerClientId)
    lines.push(`      fixer: { clientId: ${checker.fixerClientId}, clientSecretEnv: SIM_FIXER_SECRET }`);
  if (checker.probeClientId)
    lines.push(`      probe: { clientId: ${checker.probeClientId}, clientSecretEnv: SIM_PROBE_SECRET }`);
  const target = [
    checker.target.client ? `client: ${checker.target.client}` : undefined,
    checker.target.user ? `user: ${checker.target.user}` : undefined,
  ].filter(Boolean);
  if (target.length > 0) lines.push(`      target: { ${target.join(', ')} }`);
  // sr-check refuses fixer credentials that nobody can approve; a placeholder keeps the printed config valid
  // as printed (config validate, doctor). Approving in Slack needs a real member id in its place.
  if (checker.fixerClientId)
    lines.push(
      `      approvers: { users: [${SIM_APPROVER_PLACEHOLDER}] }   # your Slack member id, to approve fixes in Slack`,
    );
  return lines.join('\n');
}

export interface SimCommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Resolves when the process should stop (default: SIGINT or SIGTERM). */
  untilStopped?: () => Promise<void>;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export async function runSimCommand(
  argv: string[],
  io: SimCommandIo = { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) },
): Promise<number> {
  const args = parseSimArgs(argv);
  if (typeof args === 'string') {
    const shipped = listScenarios().map((s) => `  ${s.name.padEnd(26)} ${s.description.split('\n')[0]}`);
    io.err(`${args}\n${SIM_USAGE}\nshipped scenarios:\n${shipped.join('\n')}`);
    return 2;
  }
  let sim: RunningSimulator;
  try {
    sim = await startSimulator({
      scenario: args.scenario,
      port: args.port,
      host: args.host,
      latencyMs: args.latencyMs,
    });
  } catch (err) {
    io.err(`cannot start the simulator: ${(err as Error).message}`);
    return 1;
  }
  io.out(describeRunningSimulator(sim));
  io.out('\nRunning; Ctrl-C to stop.');
  await (io.untilStopped ?? untilSignal)();
  await sim.close();
  return 0;
}
