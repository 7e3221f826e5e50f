/**
 * Runs a check for a Slack request: configured orgs through the shared Diagnoser, the built-in demo org
 * (SR_CHECK_DEMO=1) against a simulator started for this one request (demo.ts, as the CLI does).
 */
import type { Logger } from 'pino';
import type { AppConfig } from '../config/types';
import { demoRequestProblem, openDemoRun } from '../demo';
import type { DiagnoseOutcome } from '../diagnosis/diagnose';
import type { Operation } from '../catalog/catalog';
import type { CheckRequest } from '../diagnosis/request';
import { createServices, type Services } from '../services';
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
      const demo = deps.access.isBuiltInDemo(request.org);
      // Buttons carry stored requests that never passed decideCommand: the rule is checked here too.
      const problem = demoRequestProblem(request, demo);
      if (problem) return { ok: false, message: problem.message };
      if (demo) return runDemo(request, requestId, deps.services.config, deps.logger);
      return deps.services.diagnoser.diagnose(request, requestId);
    },
    async rolesFor(org, operation) {
      if (deps.access.isBuiltInDemo(org)) return undefined;
      return deps.services.diagnoser.rolesFor(org, operation);
    },
  };
}

async function runDemo(request: CheckRequest, requestId: string, config: AppConfig, logger: Logger): Promise<DiagnoseOutcome> {
  const run = await openDemoRun(request, config);
  try {
    const services = createServices({ config: run.config, logger });
    try {
      return await services.diagnoser.diagnose(run.request, requestId);
    } finally {
      await services.close();
    }
  } finally {
    await run.close();
  }
}
