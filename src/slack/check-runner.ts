/**
 * Runs a check for a Slack request: configured orgs through the shared Diagnoser, the built-in demo org
 * (SR_CHECK_DEMO=1) against a simulator started for this one request, as the CLI does.
 */
import type { Logger } from 'pino';
import type { AppConfig } from '../config/types';
import { DEFAULT_DEMO_SCENARIO, DEMO_ORG, startDemoOrg } from '../demo';
import type { DiagnoseOutcome } from '../diagnosis/diagnose';
import type { Operation } from '../catalog/catalog';
import type { CheckRequest } from '../diagnosis/request';
import { createServices, type Services } from '../services';
import { listScenarios } from '../sim';
import type { ChannelAccess } from './access';

export interface CheckRunner {
  run(request: CheckRequest, requestId: string): Promise<DiagnoseOutcome>;
  /** The org's role names and those meeting an operation's requirement (not for the built-in demo org). */
  rolesFor(org: string, operation: Operation | undefined): Promise<{ names: string[]; meeting: string[] } | undefined>;
}

export function createCheckRunner(deps: {
  services: Pick<Services, 'config' | 'diagnoser'>;
  access: ChannelAccess;
  logger: Logger;
}): CheckRunner {
  return {
    async run(request, requestId) {
      if (deps.access.isBuiltInDemo(request.org)) return runDemo(request, requestId, deps.services.config, deps.logger);
      if (request.scenario) return { ok: false, message: 'scenario= is only for the built-in demo org' };
      return deps.services.diagnoser.diagnose(request, requestId);
    },
    async rolesFor(org, operation) {
      if (deps.access.isBuiltInDemo(org)) return undefined;
      return deps.services.diagnoser.rolesFor(org, operation);
    },
  };
}

async function runDemo(request: CheckRequest, requestId: string, config: AppConfig, logger: Logger): Promise<DiagnoseOutcome> {
  const scenario = request.scenario ?? DEFAULT_DEMO_SCENARIO;
  const known = listScenarios().map((s) => s.name);
  if (!known.includes(scenario)) return { ok: false, message: `unknown scenario "${scenario}". Scenarios: ${known.join(', ')}` };
  const demo = await startDemoOrg(scenario);
  try {
    const named = request.interaction || request.client || request.user;
    const demoRequest = !named && demo.interaction ? { ...request, interaction: demo.interaction } : request;
    const services = createServices({ config: { ...config, orgs: new Map([[DEMO_ORG, demo.org]]) }, logger });
    try {
      return await services.diagnoser.diagnose(demoRequest, requestId);
    } finally {
      await services.close();
    }
  } finally {
    await demo.close();
  }
}
