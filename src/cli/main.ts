/**
 * The `sr-check` command: reads the command word, checks its flags (src/cli/args.ts, the CLI's own messages),
 * answers --help/--version, and hands over to the command's module. The check itself keeps the slash
 * command's grammar (`sr-check org=acme op="…"`, src/request/grammar.ts). Commands, usage and help text:
 * src/cli/commands.ts. Exit status: 0 pass/warn/ok, 1 fail, 2 usage or configuration error, 3 unknown,
 * 4 internal error.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isatty } from 'node:tty';
import { closestMatch } from '../config/closest-match';
import type { AppConfig } from '../config/types';
import { KEYS } from '../request/words';
import { parseOptions } from './args';
import { COMMANDS, commandHelp, overviewHelp, usageText, type CommandInfo } from './commands';
import { EXIT, type CliIo } from './io';
import { lazy } from './lazy';

// Each command's module (and what it pulls in: catalog, config, Genesys client, Slack, store, simulator) is
// loaded when that command runs, so --version and --help start like a bare node (src/cli/lazy.ts).
const loadConfig = lazy(async () => (await import('../config/load-config')).loadConfig);
const formatConfigIssues = lazy(async () => (await import('../config/issues')).formatConfigIssues);
const orgList = lazy(async () => (await import('../diagnosis/diagnose')).orgList);
const parseCommandWords = lazy(async () => (await import('../request/grammar')).parseCommandWords);
const listScenarios = lazy(async () => (await import('../sim')).listScenarios);
const runSimCommand = lazy(async () => (await import('../sim')).runSimCommand);
const runAudit = lazy(async () => (await import('./audit')).runAudit);
const runCompletion = lazy(async () => (await import('./completion-command')).runCompletion);
const runCheck = lazy(async () => (await import('./check')).runCheck);
const runHistory = lazy(async () => (await import('./history')).runHistory);
const runCompareCli = lazy(async () => (await import('./many-orgs')).runCompareCli);
const runManyOrgsCli = lazy(async () => (await import('./many-orgs')).runManyOrgsCli);
const runConfigValidate = lazy(async () => (await import('./config-validate')).runConfigValidate);
const runDoctor = lazy(async () => (await import('./doctor')).runDoctor);
const runExplain = lazy(async () => (await import('./explain')).runExplain);
const runSlackIds = lazy(async () => (await import('./slack-ids')).runSlackIds);

export type { CliIo } from './io';
export { EXIT } from './io';

/** Commands of one word; `config` and `slack` take a second word. Anything else is the check's `key=value` words. */
const SINGLE_WORD = ['orgs', 'demo', 'explain', 'doctor', 'audit', 'history', 'sim', 'completion'];
const GROUPS: Record<string, string[]> = { config: ['validate'], slack: ['ids'] };

export const TTY_PASTE_HINT = 'Paste the error, then press Ctrl-D on an empty line (Ctrl-C cancels).';

export function cliVersion(): string {
  try {
    return (
      (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version?: string }).version ??
      'unknown'
    );
  } catch {
    return 'unknown';
  }
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    // Not the usage code: this is sr-check failing, not the caller.
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(
      `sr-check: internal error: ${message}\nThis is a bug in sr-check; please report it with the command you ran.${io.env.SR_CHECK_DEBUG === '1' && error instanceof Error && error.stack ? `\n${error.stack}` : ' (SR_CHECK_DEBUG=1 shows where it happened.)'}\n`,
    );
    return EXIT.internal;
  }
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const [first, second] = argv;
  if (first === '--version' || first === '-V' || first === 'version') {
    io.stdout(`sr-check ${cliVersion()}\n`);
    return EXIT.ok;
  }
  if (first === 'help') return help(argv.slice(1), io);

  let command: CommandInfo;
  let rest: string[];
  if (first !== undefined && GROUPS[first]) {
    const known = GROUPS[first]!;
    if (second === '--help' || second === '-h') {
      io.stdout(`${known.map((sub) => commandHelp(COMMANDS[`${first} ${sub}`]!)).join('\n\n')}\n`);
      return EXIT.ok;
    }
    if (second === undefined)
      return usageError(io, COMMANDS[`${first} ${known[0]}`]!, `${first} needs a command: ${known.join(', ')}`);
    if (!known.includes(second)) {
      const near = closestMatch(second, known);
      return usageError(
        io,
        COMMANDS[`${first} ${known[0]}`]!,
        `unknown command "${first} ${second}"${near ? ` (did you mean ${first} ${near}?)` : ''}`,
      );
    }
    command = COMMANDS[`${first} ${second}`]!;
    rest = argv.slice(2);
  } else if (first !== undefined && SINGLE_WORD.includes(first)) {
    command = COMMANDS[first]!;
    rest = argv.slice(1);
  } else {
    command = COMMANDS.check!;
    rest = argv;
  }

  const parsed = parseOptions(rest, command.options, command === COMMANDS.check ? KEYS : []);
  if (!parsed.ok) return usageError(io, command, parsed.message);
  if (parsed.values.help) {
    // `sr-check --help`: the overview; `sr-check org=demo --help`: the check's own help.
    const overview = command === COMMANDS.check && parsed.positionals.length === 0;
    io.stdout(`${overview ? overviewHelp(cliVersion()) : commandHelp(command)}\n`);
    return EXIT.ok;
  }
  const { values, positionals } = parsed;
  const flag = (name: string) => values[name] === true;
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const noPositionals = () =>
    positionals.length > 0 ? usageError(io, command, `unexpected "${positionals[0]}"`) : undefined;

  switch (command.name) {
    case 'orgs':
      return noPositionals() ?? withConfig(io, text('config'), (config) => orgs(config, flag('json'), io));
    case 'demo':
      return noPositionals() ?? listDemoScenarios(io);
    case 'completion':
      return runCompletion(positionals, { orgs: flag('orgs'), scenarios: flag('scenarios') }, io, (m) =>
        usageError(io, command, m),
      );
    case 'explain':
      if (positionals.length > 1) return usageError(io, command, 'explain takes at most one FILE');
      // On a terminal nothing says that sr-check is waiting for input, nor how to end it.
      if (positionals.length === 0 && io.tty?.stdin) io.stderr(`${TTY_PASTE_HINT}\n`);
      return runExplain({ file: positionals[0], json: flag('json') }, io);
    case 'doctor':
      return (
        noPositionals() ?? runDoctor({ configPath: text('config') ?? io.env.SR_CHECK_CONFIG, json: flag('json') }, io)
      );
    case 'config validate': {
      if (positionals.length > 1) return usageError(io, command, 'give one FILE');
      const file = positionals[0] ?? text('config') ?? io.env.SR_CHECK_CONFIG;
      if (!file) return usageError(io, command, 'which file? Give FILE, --config FILE or set SR_CHECK_CONFIG');
      return runConfigValidate(file, { requireSecrets: flag('require-secrets'), json: flag('json') }, io);
    }
    case 'slack ids':
      return noPositionals() ?? runSlackIds({ json: flag('json') }, io);
    case 'audit': {
      const usage = (message: string) => usageError(io, command, message);
      return (
        noPositionals() ??
        runAudit(
          {
            ...optional('org', text('org')),
            ...optional('since', text('since')),
            ...optional('limit', text('limit')),
            json: flag('json'),
            usageError: usage,
          },
          io,
        )
      );
    }
    case 'history': {
      const usage = (message: string) => usageError(io, command, message);
      return runHistory(
        { words: positionals, ...optional('limit', text('limit')), json: flag('json'), usageError: usage },
        io,
      );
    }
    case 'sim': {
      // Checked here, in the CLI's words; the simulator then reads the same flags and only fails at start.
      const problem = simProblem(text('scenario'), text('port'), text('latency'));
      if (problem) return usageError(io, command, problem);
      return (
        noPositionals() ??
        runSimCommand(rest, { out: (line) => io.stdout(`${line}\n`), err: (line) => io.stderr(`sr-check: ${line}\n`) })
      );
    }
    default:
      return check(positionals, values, io);
  }
}

async function check(
  words: string[],
  values: Record<string, string | boolean | undefined>,
  io: CliIo,
): Promise<number> {
  const command = COMMANDS.check!;
  const parsed = await parseCommandWords(words);
  if (parsed.kind === 'help') {
    io.stdout(`${overviewHelp(cliVersion())}\n`);
    return EXIT.ok;
  }
  if (parsed.kind === 'error') {
    // `sr-check check org=acme`: there is no check command, the check is the words themselves.
    if (words[0] === 'check' && words.length > 1)
      return usageError(io, command, `the check has no command word: use sr-check ${words.slice(1).join(' ')}`);
    // A lone word near a command name is a mistyped command, not a malformed check.
    const word = words.length === 1 && !words[0]!.includes('=') ? words[0]! : undefined;
    const near = word ? closestMatch(word, [...SINGLE_WORD, ...Object.keys(GROUPS), 'help']) : undefined;
    if (near && near === word)
      return usageError(io, COMMANDS[word] ?? command, `the command comes first: sr-check ${word} [flags]`);
    return usageError(io, command, near ? `unknown command "${word}" (did you mean ${near}?)` : parsed.message);
  }
  const configPath = typeof values.config === 'string' ? values.config : undefined;
  return withConfig(io, configPath, (config) => {
    if (parsed.kind === 'orgs') return orgs(config, values.json === true, io);
    const options = { json: values.json === true, usageError: (message: string) => usageError(io, command, message) };
    if (parsed.kind === 'many' || parsed.kind === 'compare') {
      if (values.watch === true)
        return options.usageError(`--watch works with one org${parsed.kind === 'compare' ? ', without compare=' : ''}`);
      if (values['as-code'] === true)
        return options.usageError(
          `--as-code works with one org${parsed.kind === 'compare' ? ', without compare=' : ''}`,
        );
      return parsed.kind === 'many'
        ? runManyOrgsCli(parsed.orgs, parsed.request, config, io, options)
        : runCompareCli(parsed.request, parsed.other, config, io, options);
    }
    const request = values.watch === true ? { ...parsed.request, watch: true } : parsed.request;
    return runCheck(request, config, io, {
      json: values.json === true,
      asCode: values['as-code'] === true,
      verbose: values.verbose === true,
      usageError: (message) => usageError(io, command, message),
    });
  });
}

/** Loads the orgs file from --config or SR_CHECK_CONFIG (none: no orgs, the demo org still works). */
async function withConfig(
  io: CliIo,
  flagPath: string | undefined,
  run: (config: AppConfig) => number | Promise<number>,
): Promise<number> {
  const configPath = flagPath ?? io.env.SR_CHECK_CONFIG;
  if (!configPath) return run({ orgs: new Map(), allowedChannels: [], source: '(none)' });
  const loaded = await loadConfig(configPath, io.env);
  if (!loaded.ok) {
    io.stderr(
      `sr-check: configuration ${configPath} is not valid:\n${await formatConfigIssues(loaded.errors)}\n(sr-check config validate ${configPath} checks it without needing the secrets)\n`,
    );
    return EXIT.usage;
  }
  return run(loaded.config);
}

async function orgs(config: AppConfig, json: boolean, io: CliIo): Promise<number> {
  const { DEMO_ORG, demoOrgLines, demoScenarioOf, NAMED_DEMO_ORGS } = await import('../demo');
  if (json) {
    // What an operator or a script needs to pick an org; client ids yes, secrets never.
    const rows: Array<Record<string, unknown>> = [...config.orgs.values()].map((org) => ({
      name: org.name,
      builtIn: false,
      ...(org.region ? { region: org.region } : {}),
      apiBaseUrl: org.apiBaseUrl,
      ...(org.orgId ? { orgId: org.orgId } : {}),
      channels: org.channels,
      operations: org.operations,
      fixes: org.fixer !== undefined,
      probe: org.probe !== undefined,
      ...(org.managedAs ? { managedAs: org.managedAs, liveFixes: org.liveFixes === true } : {}),
    }));
    for (const name of [DEMO_ORG, ...Object.keys(NAMED_DEMO_ORGS)])
      if (!config.orgs.has(name)) rows.push({ name, builtIn: true, scenario: demoScenarioOf(name, config) });
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    return EXIT.ok;
  }
  io.stdout(
    `${await orgList(config)}${config.orgs.has(DEMO_ORG) ? '' : ` The built-in org "${DEMO_ORG}" is always available.`}\n${demoOrgLines(config)}`,
  );
  return EXIT.ok;
}

function help(words: string[], io: CliIo): number {
  if (words.length === 1 && (words[0] === '--help' || words[0] === '-h')) {
    io.stdout(`${commandHelp(COMMANDS.help!)}\n`);
    return EXIT.ok;
  }
  if (words.length === 0) {
    io.stdout(`${overviewHelp(cliVersion())}\n`);
    return EXIT.ok;
  }
  const name = words.join(' ');
  const command = COMMANDS[name === 'org=<name>' ? 'check' : name];
  if (!command) {
    const near = closestMatch(name, Object.keys(COMMANDS));
    io.stderr(
      `sr-check: no command "${name}"${near ? ` (did you mean ${near}?)` : ''}\nRun "sr-check --help" for every command.\n`,
    );
    return EXIT.usage;
  }
  io.stdout(`${commandHelp(command)}\n`);
  return EXIT.ok;
}

/** Every usage error looks the same: what is wrong, the command's usage, where the full help is. */
function usageError(io: CliIo, command: CommandInfo, message: string): number {
  const helpHint = command.name === 'check' ? 'sr-check --help' : `sr-check ${command.name} --help`;
  io.stderr(`sr-check: ${message}\n${usageText(command)}\nRun "${helpHint}" for more.\n`);
  return EXIT.usage;
}

function simProblem(
  scenario: string | undefined,
  port: string | undefined,
  latency: string | undefined,
): string | undefined {
  if (!scenario) return '--scenario is required (sr-check demo lists the scenarios)';
  if (port !== undefined && !(/^\d+$/.test(port) && Number(port) <= 65534))
    return '--port must be a whole number from 0 to 65534';
  if (latency !== undefined && !/^\d+$/.test(latency)) return '--latency must be a whole number of milliseconds';
  return undefined;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

async function listDemoScenarios(io: CliIo): Promise<number> {
  const lines = (await listScenarios()).map((s) => `  ${s.name.padEnd(26)} ${s.description}`);
  io.stdout(`Demo scenarios (run one with: sr-check org=demo scenario=<name>):\n${lines.join('\n')}\n`);
  return EXIT.ok;
}

/** Entry point used by bin/sr-check.js. */
export function runFromProcess(): void {
  const io: CliIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    // isatty, not process.stdin.isTTY: touching process.stdin (or stderr) builds its stream, and for stdin
    // that loads Node's file-stream modules (~5 ms) in every command that never reads it. Same answer: Node
    // sets isTTY from the same libuv handle check.
    tty: { stdin: isatty(0), stdout: isatty(1), stderr: isatty(2) },
    ...(process.stdout.isTTY ? { columns: process.stdout.columns } : {}),
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
      process.exitCode = EXIT.internal;
    },
  );
}
