/** Simulated orgs for the many-orgs and schedule tests: scenarios started as simulators, and a config naming them. */
import type { AppConfig, OrgConfig } from '../../src/config/types';
import { orgConfigForSimulator } from '../../src/demo';
import { loadScenario, startSimulator, type RunningSimulator, type Scenario } from '../../src/sim';

export const TARGET_CLIENT = '09f08c5e-1262-478b-9a02-ada5263d5d40';
export const SCREEN_RECORDING_VIEWER = '39f38e94-aac1-40e1-9358-09a68f3a8563';

/**
 * "healthy" without the target client's one grant of "Screen Recording Viewer": the same org but for that grant.
 * sr-check's fixer holds that role, so the fix may hand it out, as in the scenarios whose fixes grant a role: "The
 * roles must also already be assigned to the OAuth Client used by Terraform" (Terraform provider, oauth_client roles).
 */
export function healthyMinusViewerGrant(): Scenario {
  const scenario = loadScenario('healthy');
  const clients = scenario.oauthClients.map((c) => {
    if (c.id === TARGET_CLIENT)
      return { ...c, roleDivisions: (c.roleDivisions ?? []).filter((rd) => rd.roleId !== SCREEN_RECORDING_VIEWER) };
    if (c.id === scenario.checker.fixerClientId)
      return {
        ...c,
        roleDivisions: [...(c.roleDivisions ?? []), { roleId: SCREEN_RECORDING_VIEWER, divisionId: '*' }],
      };
    return c;
  });
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
