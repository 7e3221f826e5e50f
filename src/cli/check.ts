/**
 * `sr-check org=acme …`: run the checks and print the verdict (text, coloured on a terminal, or JSON), the same
 * request grammar as the slash command (src/request/grammar.ts). `org=demo` starts the built-in simulated org.
 */
import type { AppConfig } from '../config/types';
import { DEMO_ORG, demoRequestProblem, demoScenarioOf, openDemoRun, type DemoRun } from '../demo';
import type { CheckRequest } from '../request/grammar';
import { createLogger } from '../log';
import type { NotAnOperation } from '../paste';
import { renderVerdictText, exitCodeFor } from '../render/text';
import { compose } from '../compose';
import { coloursFor } from './colour';
import { EXIT, wrapWidth, type CliIo } from './io';
import { verdictJson } from './verdict-json';
import { managedAsCode } from '../fixes/as-code/policy';
import { verdictTerraformChange } from '../fixes/as-code/verdict-change';
import { renderTerraformText } from './as-code';
import { watchVerdict } from '../watch/user-watch';

export interface CheckOptions {
  json: boolean;
  /** --as-code: print the fix as the Terraform change too (always for orgs with managedAs: terraform). */
  asCode?: boolean;
  /** Every check's evidence (--verbose, -v); default the compact verdict. */
  verbose?: boolean;
  /** Prints `sr-check: <message>` and the check usage on stderr; answers the usage exit code. */
  usageError: (message: string) => number;
}

export async function runCheck(
  request: CheckRequest,
  config: AppConfig,
  io: CliIo,
  options: CheckOptions,
): Promise<number> {
  const { json, usageError } = options;
  const usesDemo = demoScenarioOf(request.org, config) !== undefined;
  // scenario= is for `demo` only; demo-a, demo-b… each run their own.
  const problem = demoRequestProblem(request, usesDemo && request.org === DEMO_ORG);
  if (problem) return usageError(problem.message);
  let demo: DemoRun | undefined;
  try {
    if (usesDemo) {
      demo = await openDemoRun(request, config);
      ({ config, request } = demo);
    }
    if (request.op) {
      // The paste detector (~90 KB of the bundle) is loaded only when op= names a call it may have to explain.
      const { describeNotAnOperation, unknownCallInOp } = await import('../paste');
      const unknownCall = unknownCallInOp(request.op);
      if (unknownCall) return explainUnknownCall(unknownCall, describeNotAnOperation, request.org, json, io);
    }
    const logger = createLogger({ level: io.env.LOG_LEVEL ?? 'warn' });
    const { services } = compose({ config, logger });
    try {
      const outcome = await services.diagnoser.diagnose(request);
      if (!outcome.ok) return usageError(outcome.message);
      let verdict = outcome.verdict;
      if (request.watch) {
        // Re-run (without caches) until the overall verdict changes or ten minutes pass; progress on stderr.
        const watched = await watchVerdict({
          first: verdict,
          run: async () => {
            const again = await services.diagnoser.diagnose({ ...request, fresh: true });
            if (!again.ok) throw new Error(again.message);
            return again.verdict;
          },
          onProgress: (line) => io.stderr(`${line}\n`),
          ...(io.sleep ? { sleep: io.sleep } : {}),
          ...(io.clock ? { clock: io.clock } : {}),
        });
        verdict = watched.verdict;
      }
      const asCode = options.asCode === true || managedAsCode(config.orgs.get(request.org));
      const change = asCode ? verdictTerraformChange(verdict) : undefined;
      const textOptions = { verbose: options.verbose === true, width: wrapWidth(io) };
      io.stdout(
        json
          ? verdictJson(verdict, change ? { terraformChange: change } : {})
          : `${renderVerdictText(verdict, coloursFor(io).status, textOptions)}\n${asCode ? `\n${renderTerraformText(verdict.org, change, options.asCode === true)}` : ''}`,
      );
      return exitCodeFor(verdict);
    } finally {
      await services.close();
    }
  } finally {
    await demo?.close();
  }
}

/**
 * The call is not an operation: say so and name the nearest real ones (exit 1: as written the call can
 * never succeed), or exit 2 when nothing is near (then it is a usage problem).
 */
function explainUnknownCall(
  unknown: NotAnOperation,
  describeNotAnOperation: (unknown: NotAnOperation) => string[],
  org: string,
  json: boolean,
  io: CliIo,
): number {
  if (json) io.stdout(`${JSON.stringify({ notAnOperation: unknown }, null, 2)}\n`);
  else {
    const lines = describeNotAnOperation(unknown);
    if (unknown.nearest.length > 0)
      lines.push(
        '',
        'Run the check with one of them, e.g.:',
        `  sr-check org=${org} op="${unknown.nearest[0]!.method} ${unknown.nearest[0]!.template}"`,
      );
    (unknown.nearest.length > 0 ? io.stdout : io.stderr)(`${lines.join('\n')}\n`);
  }
  return unknown.nearest.length > 0 ? EXIT.fail : EXIT.usage;
}
