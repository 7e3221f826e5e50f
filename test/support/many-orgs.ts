/** Simulated orgs for the many-orgs and schedule tests: scenarios started as simulators, and a config naming them. */
import type { AppConfig, OrgConfig } from '../../src/config/types';
import { orgConfigForSimulator } from '../../src/demo';
import { loadScenario, startSimulator, type RunningSimulator, type Scenario } from '../../src/sim';

export const TARGET_CLIENT = '09f08c5e-1262-478b-9a02-ada5263d5d40';
export const SCREEN_RECORDING_VIEWER = '39f38e94-aac1-40e1-9358-09a68f3a8563';

/** "healthy" without the target client's one grant of "Screen Recording Viewer": the same org but for that grant. */
export function healthyMinusViewerGrant(): Scenario {
  const scenario = loadScenario('healthy');
  const clients = scenario.oauthClients.map((c) =>
    c.id === TARGET_CLIENT
      ? { ...c, roleDivisions: (c.roleDivisions ?? []).filter((rd) => rd.roleId !== SCREEN_RECORDING_VIEWER) }
      : c,
  );
  return { ...scenario, name: 'healthy-minus-viewer', oauthClients: clients };
}

export interface SimOrg {
  name: string;
  sim: RunningSimulator;
  org: OrgConfig;
}

export async function startOrgs(specs: Array<{ name: string; scenario: string | Scenario }>): Promise<SimOrg[]> {
  const out: SimOrg[] = [];
  for (const spec of specs) {
    const sim = await startSimulator({ scenario: spec.scenario });
    out.push({ name: spec.name, sim, org: orgConfigForSimulator(sim, spec.name) });
  }
  return out;
}

export function configOf(orgs: OrgConfig[]): AppConfig {
  return { orgs: new Map(orgs.map((o) => [o.name, o])), allowedChannels: [], source: 'test' };
}
