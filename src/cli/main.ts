/**
 * The `sr-check` command. Same grammar as the slash command:
 *   sr-check org=acme [client=…] [user=…] [interaction=…] [op=…] [fresh] [--json] [--config FILE]
 * plus `orgs`, `help`, `demo`, `sim`, `explain`. Exit status: 0 pass/warn, 1 fail, 3 unknown, 2 usage or config error.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig, formatConfigIssues } from '../config';
import type { AppConfig } from '../config/types';
import { DEMO_ORG, demoRequestProblem, openDemoRun, type DemoRun } from '../demo';
import { orgList } from '../diagnosis/diagnose';
import { parseCommandWords, USAGE, type CheckRequest } from '../diagnosis/request';
import { createLogger } from '../log';
import { describeNotAnOperation, unknownCallInOp, type NotAnOperation } from '../paste';
import { renderVerdictText, exitCodeFor } from '../render/text';
import { watchVerdict } from './watch';
import { EXIT, type CliIo } from './io';
import { runExplain } from './explain';
import { createServices } from '../services';
import { listScenarios, runSimCommand } from '../sim';
import { formatAuditTable, parseSince } from '../approvals/audit-format';
import { SqliteStore, databasePathFromEnv } from '../store/sqlite-store';

const CLI_USAGE = `${USAGE.replace(/\/sr-check/g, 'sr-check')}

  sr-check org=<name> … [--json] [--config FILE]   run the checks (config from --config or SR_CHECK_CONFIG)
  sr-check org=<name> … --watch                    re-run until the verdict changes or 10 minutes pass
  sr-check org=demo [scenario=<name>]              run against the built-in simulated org (no config needed)
  sr-check demo                                    list the demo scenarios
  sr-check orgs                                    list configured orgs
  sr-check explain [FILE] [--json]                 explain a pasted error (stdin when no FILE)
  sr-check sim --scenario NAME|FILE --port N       run the Genesys Cloud simulator standalone
  sr-check audit [--org X] [--since ISO|-24h] [--json]   print the fix audit log (database from SR_CHECK_DB)
  sr-check help                                    this text

Exit status: 0 pass or warn, 1 fail, 3 unknown, 2 usage or configuration error.`;

export type { CliIo } from './io';
export { EXIT } from './io';

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'sim') return runSimCommand(rest);
  if (command === 'explain') return runExplain(rest, io);
  if (command === 'demo') return listDemoScenarios(io);
  if (command === 'audit') return audit(rest, io);

  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { json: { type: 'boolean' }, watch: { type: 'boolean' }, config: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${CLI_USAGE}\n`);
    return EXIT.usage;
  }
  if (parsed.values.help) {
    io.stdout(`${CLI_USAGE}\n`);
    return EXIT.ok;
  }
  const command_ = parseCommandWords(parsed.positionals);
  if (command_.kind === 'help') {
    io.stdout(`${CLI_USAGE}\n`);
    return EXIT.ok;
  }
  if (command_.kind === 'error') {
    io.stderr(`sr-check: ${command_.message}\n${USAGE}\n`);
    return EXIT.usage;
  }

  const configPath = parsed.values.config ?? io.env.SR_CHECK_CONFIG;
  const loaded = configPath ? loadConfig(configPath, io.env) : { ok: true as const, config: emptyConfig() };
  if (!loaded.ok) {
    io.stderr(`sr-check: configuration ${configPath} is not valid:\n${formatConfigIssues(loaded.errors)}\n`);
    return EXIT.usage;
  }
  const config = loaded.config;

  if (command_.kind === 'orgs') {
    io.stdout(`${orgList(config)}${config.orgs.has(DEMO_ORG) ? '' : ` The built-in org "${DEMO_ORG}" is always available.`}\n`);
    return EXIT.ok;
  }
  const request = parsed.values.watch ? { ...command_.request, watch: true } : command_.request;
  return check(request, config, parsed.values.json === true, io);
}

async function check(request: CheckRequest, config: AppConfig, json: boolean, io: CliIo): Promise<number> {
  const usesDemo = request.org === DEMO_ORG && !config.orgs.has(DEMO_ORG);
  const problem = demoRequestProblem(request, usesDemo);
  if (problem) {
    io.stderr(`sr-check: ${problem.message}\n${problem.code === 'scenario-not-demo' ? `${USAGE}\n` : ''}`);
    return EXIT.usage;
  }
  let demo: DemoRun | undefined;
  try {
    if (usesDemo) {
      demo = await openDemoRun(request, config);
      ({ config, request } = demo);
    }
    const unknownCall = unknownCallInOp(request.op);
    if (unknownCall) return explainUnknownCall(unknownCall, request.org, json, io);
    const logger = createLogger({ level: io.env.LOG_LEVEL ?? 'warn' });
    const services = createServices({ config, logger });
    try {
      const outcome = await services.diagnoser.diagnose(request);
      if (!outcome.ok) {
        io.stderr(`sr-check: ${outcome.message}\n${USAGE}\n`);
        return EXIT.usage;
      }
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
      io.stdout(json ? `${JSON.stringify(verdict, null, 2)}\n` : `${renderVerdictText(verdict)}\n`);
      return exitCodeFor(verdict);
    } finally {
      await services.close();
    }
  } finally {
    await demo?.close();
  }
}

// ---- audit (the fix audit log; owned with src/store and src/approvals) ----

const AUDIT_USAGE = 'Usage: sr-check audit [--org NAME] [--since ISO|-24h] [--limit N] [--json]   (database: SR_CHECK_DB, default ./sr-check.db)';

async function audit(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    // `--since -24h` would read as an option to parseArgs; hand it over as `--since=-24h`.
    const joined: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const next = args[i + 1];
      if (args[i] === '--since' && next !== undefined && /^-\d/.test(next)) {
        joined.push(`--since=${next}`);
        i++;
      } else joined.push(args[i]!);
    }
    parsed = parseArgs({
      args: joined,
      strict: true,
      options: { org: { type: 'string' }, since: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
    });
  } catch (error) {
    io.stderr(`${(error as Error).message}\n${AUDIT_USAGE}\n`);
    return EXIT.usage;
  }
  const { org, since, limit, json } = parsed.values;
  const sinceMs = since === undefined ? undefined : parseSince(since, Date.now());
  if (since !== undefined && sinceMs === undefined) {
    io.stderr(`sr-check: --since must be an ISO date/time or a relative time such as -24h, -7d, -30m\n${AUDIT_USAGE}\n`);
    return EXIT.usage;
  }
  const limitN = limit === undefined ? 1000 : Number(limit);
  if (!Number.isInteger(limitN) || limitN < 1) {
    io.stderr(`sr-check: --limit must be a positive whole number\n${AUDIT_USAGE}\n`);
    return EXIT.usage;
  }
  const path = databasePathFromEnv(io.env);
  if (path === ':memory:') {
    io.stdout(json ? '[]\n' : 'No audit entries.\n');
    return EXIT.ok;
  }
  if (!existsSync(path)) {
    io.stderr(`sr-check: no sr-check database at ${path} (set SR_CHECK_DB)\n`);
    return EXIT.usage;
  }
  const store = new SqliteStore({ path, readonly: true });
  try {
    const entries = await store.listAudit({ ...(org ? { org } : {}), ...(sinceMs !== undefined ? { since: sinceMs } : {}), limit: limitN });
    const oldestFirst = [...entries].reverse();
    io.stdout(json ? `${JSON.stringify(oldestFirst, null, 2)}\n` : `${formatAuditTable(oldestFirst)}\n`);
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

function listDemoScenarios(io: CliIo): number {
  const lines = listScenarios().map((s) => `  ${s.name.padEnd(26)} ${s.description}`);
  io.stdout(`Demo scenarios (run one with: sr-check org=demo scenario=<name>):\n${lines.join('\n')}\n`);
  return EXIT.ok;
}

function emptyConfig(): AppConfig {
  return { orgs: new Map(), allowedChannels: [], source: '(none)' };
}

/** Entry point used by bin/sr-check.js. */
export function runFromProcess(): void {
  const io: CliIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
  runCli(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`sr-check: internal error: ${(error as Error).message}\n`);
      process.exitCode = EXIT.usage;
    },
  );
}

/**
 * The call is not an operation: say so and name the nearest real ones (exit 1: as written the call can
 * never succeed), or exit 2 when nothing is near (then it is a usage problem).
 */
function explainUnknownCall(unknown: NotAnOperation, org: string, json: boolean, io: CliIo): number {
  if (json) io.stdout(`${JSON.stringify({ notAnOperation: unknown }, null, 2)}\n`);
  else {
    const lines = describeNotAnOperation(unknown);
    if (unknown.nearest.length > 0) lines.push('', 'Run the check with one of them, e.g.:', `  sr-check org=${org} op="${unknown.nearest[0]!.method} ${unknown.nearest[0]!.template}"`);
    (unknown.nearest.length > 0 ? io.stdout : io.stderr)(`${lines.join('\n')}\n`);
  }
  return unknown.nearest.length > 0 ? EXIT.fail : EXIT.usage;
}
