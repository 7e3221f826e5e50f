/**
 * Runs a check for a Slack request: configured orgs through the shared Diagnoser, the built-in demo org
 * (SR_CHECK_DEMO=1) against a simulator started for this one request (demo.ts, as the CLI does).
 * Every verdict of a configured org made here (slash command, mention, Re-run, watch re-runs, each org of a
 * many-orgs request) is appended to the verdict history (source `check`) when a store is given: this runner is the
 * one place every Slack check passes through. Scheduled runs record their own (source `schedule`).
 */
import type { Logger } from 'pino';
import type { AppConfig } from '../config/types';
import { demoRequestProblem, openDemoRun } from '../demo';
import type { DiagnoseOutcome } from '../diagnosis/diagnose';
import { historyEntry, type VerdictHistoryStore } from '../diagnosis/history';
import { snapshotFacts } from '../diagnosis/snapshot';
import type { Operation } from '../catalog/catalog';
import type { CheckRequest } from '../request/grammar';
import { compose } from '../compose';
import type { Services } from '../services';
import type { ChannelAccess } from './access';

/** Who asked, for the check queue's fair share (check-limiter.ts). */
export interface CheckRequester {
  channel: string;
  user: string;
}

/**
 * A place in the check queue taken when a command is acknowledged (check-limiter.ts): run() with it is not turned
 * away. release() gives back a place that was never run (and does nothing once run() has taken it).
 */
export interface QueuePlace {
  release(): void;
}

export type Admission = { ok: true; place: QueuePlace } | { ok: false; message: string };

export interface CheckRunner {
  /** With a `place` from admit(), the check is not turned away; without one, the queue decides now. */
  run(request: CheckRequest, requestId: string, who?: CheckRequester, place?: QueuePlace): Promise<DiagnoseOutcome>;
  /** The org's role names and those meeting an operation's requirement (not for the built-in demo org). */
  rolesFor(org: string, operation: Operation | undefined): Promise<{ names: string[]; meeting: string[] } | undefined>;
  /**
   * Takes a place in the queue for `who` now, or says why the check would be turned away (the queue's limits,
   * check-limiter.ts). A command that is told "Checking…" must get a check: commands that arrive together are
   * acknowledged before any of their checks starts, so the place is taken at the acknowledgement, not when the
   * check starts. A runner without a queue has no admit: it never turns a check away. Only the outermost queue
   * admits (check-limiter.ts does not ask the runner it wraps).
   */
  admit?(who: CheckRequester): Admission;
}

export function createCheckRunner(deps: {
  services: Pick<Services, 'config' | 'diagnoser'>;
  access: ChannelAccess;
  logger: Logger;
  /** Where verdicts are recorded (the shared store); none: nothing is recorded. */
  history?: VerdictHistoryStore;
  now?: () => number;
}): CheckRunner {
  return {
    async run(request, requestId) {
      const demo = deps.access.isBuiltInDemo(request.org);
      // Buttons carry stored requests that never passed decideCommand: the rule is checked here too.
      const problem = demoRequestProblem(request, demo);
      if (problem) return { ok: false, message: problem.message };
      if (demo) return runDemo(request, requestId, deps.services.config, deps.logger);
      const outcome = await deps.services.diagnoser.diagnose(request, requestId);
      if (outcome.ok && deps.history) await recordHistory(deps.history, outcome, (deps.now ?? Date.now)(), deps.logger);
      return outcome;
    },
    async rolesFor(org, operation) {
      if (deps.access.isBuiltInDemo(org)) return undefined;
      return deps.services.diagnoser.rolesFor(org, operation);
    },
  };
}

/** Appends the verdict to the org's history; a store failure is logged and never costs the user the verdict. */
async function recordHistory(
  store: VerdictHistoryStore,
  outcome: Extract<DiagnoseOutcome, { ok: true }>,
  at: number,
  logger: Logger,
): Promise<void> {
  try {
    const [previous] = await store.listHistory(outcome.verdict.org, { source: 'check', limit: 1 });
    await store.appendHistory(historyEntry(outcome.verdict, at, 'check', previous, snapshotFacts(outcome.facts)));
  } catch (error) {
    logger.warn({ org: outcome.verdict.org, err: error }, 'could not record the verdict in the history');
  }
}

async function runDemo(
  request: CheckRequest,
  requestId: string,
  config: AppConfig,
  logger: Logger,
): Promise<DiagnoseOutcome> {
  const run = await openDemoRun(request, config);
  try {
    const { services } = compose({ config: run.config, logger });
    try {
      return await services.diagnoser.diagnose(run.request, requestId);
    } finally {
      await services.close();
    }
  } finally {
    await run.close();
  }
}
