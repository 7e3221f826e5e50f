/**
 * Every sr-check command: its usage line, one-line summary, flags and help text, in one table, so `--help`,
 * `sr-check help <command>` and the usage printed after an error are the same words in the same style.
 */
import { describeOptions, type OptionSpecs } from './args';

export interface CommandInfo {
  /** As typed after `sr-check` (`config validate`); `check` is the default command (no name). */
  name: string;
  usage: string[];
  summary: string;
  options: OptionSpecs;
  /** Lines after the flags. */
  notes?: string[];
}

const json = (what: string): OptionSpecs => ({ json: { type: 'boolean', description: `print ${what} as JSON` } });
const configFlag: OptionSpecs = {
  config: { type: 'string', value: 'FILE', description: 'the orgs file (default: $SR_CHECK_CONFIG)' },
};

export const EXIT_STATUS_LINES = [
  'Exit status:',
  '  0  pass or warn (or the command did what it was asked)',
  '  1  fail: a check failed, a doctor item failed, or the call is no operation',
  '  2  usage or configuration error (nothing was run)',
  '  3  unknown: a check could not see what it needs',
  '  4  internal error in sr-check (a bug: please report it with the message)',
];

export const COMMANDS: Record<string, CommandInfo> = {
  check: {
    name: 'check',
    usage: [
      'sr-check org=<name> [client=<oauthClientId>] [user=<userId>] [interaction=<conversationId>]',
      '         [op=<alias>|op="METHOD /api/v2/..."] [scenario=<name>] [fresh] [watch] [-v] [--json] [--watch] [--as-code] [--config FILE]',
      "sr-check org=<a>,<b>,… | org='*' [same keys] [--json]      the same check in several orgs: one matrix",
      'sr-check org=<name> client=<A> compare=<B> [--json]         two identities of one org, and what differs',
    ],
    summary: 'run the checks against an org and print the verdict',
    options: {
      ...json('the verdict'),
      verbose: {
        type: 'boolean',
        short: 'v',
        description: "print every check's evidence (default: the compact verdict)",
      },
      watch: {
        type: 'boolean',
        description: 're-run until the verdict changes or 10 minutes pass (progress on stderr)',
      },
      'as-code': {
        type: 'boolean',
        description: 'also print the fix as the Terraform change (always on for orgs with managedAs: terraform)',
      },
      ...configFlag,
    },
    notes: [
      'Keys are case-insensitive; ids are Genesys UUIDs. The same words work in Slack after /sr-check.',
      'org=demo runs against the built-in simulated org (no configuration needed); scenario= picks its scenario.',
      "Several orgs (org=a,b or org='*', quoted so the shell does not expand it): a row per org, a column per check,",
      "each failing org's fix and what differs from a passing org; --json prints every verdict and a summary.",
      'compare=B is another OAuth client, or another user when user= is given.',
    ],
  },
  orgs: {
    name: 'orgs',
    usage: ['sr-check orgs [--json] [--config FILE]'],
    summary: 'list the configured orgs',
    options: { ...json('the orgs'), ...configFlag },
  },
  demo: {
    name: 'demo',
    usage: ['sr-check demo'],
    summary: 'list the demo scenarios (run one with sr-check org=demo scenario=<name>)',
    options: {},
  },
  explain: {
    name: 'explain',
    usage: ['sr-check explain [FILE] [--json]'],
    summary: 'explain a pasted error (reads stdin without FILE; on a terminal, paste then Ctrl-D)',
    options: {
      json: {
        type: 'boolean',
        description:
          'print the parse as JSON (kind, finding, confidence: high|medium|low, held, decision, secrets, warning)',
      },
    },
    notes: [
      "Explains it as the Slack app would: the 403's code, the permissions it names, the endpoint and what it needs",
      'per the permission catalog, the likely layer, what the text says the identity already has, and any false',
      'premises (made-up scopes, role names, places). Exit 0 when a Genesys 403 was found, 1 when none was.',
    ],
  },
  doctor: {
    name: 'doctor',
    usage: ['sr-check doctor [--config FILE] [--json]'],
    summary: "check the set-up: Slack auth, each org's login, API and client permissions, the store",
    options: { ...json('the items'), ...configFlag },
    notes: ['One line per item; exit 1 when any item fails. Slack is skipped when SLACK_BOT_TOKEN is not set.'],
  },
  'config validate': {
    name: 'config validate',
    usage: ['sr-check config validate [FILE] [--require-secrets] [--json]'],
    summary: 'validate the orgs file (shape and references) without needing its secrets',
    options: {
      ...configFlag,
      'require-secrets': {
        type: 'boolean',
        description: 'also fail when a secret (environment variable or file) is not there',
      },
      ...json('the result'),
    },
    notes: [
      'FILE defaults to --config, then $SR_CHECK_CONFIG. Secrets that are not set are listed, and fail only with --require-secrets.',
    ],
  },
  'slack ids': {
    name: 'slack ids',
    usage: ['sr-check slack ids [--json]'],
    summary: 'list the channels the bot is in and the user groups, with their ids (needs SLACK_BOT_TOKEN)',
    options: json('the ids'),
    notes: ['Use the ids in the orgs file (channels, approvers.users, approvers.userGroup). See docs/slack-ids.md.'],
  },
  audit: {
    name: 'audit',
    usage: ['sr-check audit [--org NAME] [--since ISO|-24h] [--limit N] [--json]'],
    summary: 'print the fix audit log (SR_CHECK_DATABASE_URL for PostgreSQL, else SQLite at SR_CHECK_DB)',
    options: {
      org: { type: 'string', value: 'NAME', description: 'only this org' },
      since: { type: 'string', value: 'WHEN', description: 'from this ISO date/time, or relative: -24h, -7d, -30m' },
      limit: { type: 'string', value: 'N', description: 'at most N entries, the newest (default 1000)' },
      ...json('the entries'),
    },
  },
  history: {
    name: 'history',
    usage: ['sr-check history org=<name> [--limit N] [--json]'],
    summary: "print an org's verdict history, newest first (the app's store, as for audit)",
    options: {
      limit: { type: 'string', value: 'N', description: `at most N entries, the newest (default 100)` },
      ...json('the entries'),
    },
    notes: ['Scheduled runs and the checks made in Slack are recorded (kept 90 days); CLI checks are not.'],
  },
  sim: {
    name: 'sim',
    usage: ['sr-check sim --scenario NAME|FILE [--port N] [--latency MS] [--host 127.0.0.1]'],
    summary: 'run the Genesys Cloud simulator standalone',
    options: {
      scenario: {
        type: 'string',
        value: 'NAME|FILE',
        description: 'a scenario name (sr-check demo lists them) or a scenario file',
      },
      port: { type: 'string', value: 'N', description: 'port of the API host (default: any free port)' },
      latency: { type: 'string', value: 'MS', description: 'added latency per request' },
      host: { type: 'string', value: 'HOST', description: 'address to listen on (default 127.0.0.1)' },
    },
  },
  completion: {
    name: 'completion',
    usage: ['sr-check completion bash|zsh'],
    summary: 'print a shell completion script (commands, flags, keys, org and scenario names)',
    options: {
      orgs: { type: 'boolean', description: 'print the org names, one a line (the script asks for them)' },
      scenarios: { type: 'boolean', description: 'print the demo scenario names, one a line (the script asks)' },
    },
    notes: [
      'bash: source <(sr-check completion bash), or save it to ~/.local/share/bash-completion/completions/sr-check',
      'zsh:  source <(sr-check completion zsh), or save it as _sr-check in a directory on $fpath',
    ],
  },
  help: { name: 'help', usage: ['sr-check help [COMMAND]'], summary: "this text, or one command's help", options: {} },
};

/** The order commands are listed in the overview. */
const OVERVIEW = [
  'check',
  'orgs',
  'demo',
  'explain',
  'doctor',
  'config validate',
  'slack ids',
  'audit',
  'history',
  'sim',
  'completion',
  'help',
];

export function usageText(command: CommandInfo): string {
  return command.usage.map((line, i) => (i === 0 ? `Usage: ${line}` : `       ${line}`)).join('\n');
}

/** `sr-check <command> --help`. */
export function commandHelp(command: CommandInfo): string {
  const lines = [usageText(command), '', `${command.summary[0]!.toUpperCase() + command.summary.slice(1)}.`];
  const flags = describeOptions(command.options);
  lines.push('', 'Flags:', ...flags);
  if (command.notes) lines.push('', ...command.notes);
  // The exit status block is the same for every command: printed once, in the overview.
  lines.push('', 'Exit status: 0 ok, 1 fail, 2 usage, 3 unknown, 4 internal error (sr-check --help explains).');
  return lines.join('\n');
}

/** `sr-check --help`. */
export function overviewHelp(version: string): string {
  const rows = OVERVIEW.map((name) => {
    const command = COMMANDS[name]!;
    return [name === 'check' ? 'org=<name> …' : name, command.summary] as const;
  });
  const width = Math.max(...rows.map(([name]) => name.length));
  return [
    `sr-check ${version}: why does a Genesys Cloud integration get 403 Forbidden, and what fixes it`,
    '',
    ...usageText(COMMANDS.check!).split('\n'),
    '       sr-check <command> [flags]',
    '',
    'Commands:',
    ...rows.map(([name, summary]) => `  ${name.padEnd(width)}   ${summary}`),
    '',
    'The check takes -v (--verbose), --json, --watch and --config FILE (sr-check help check). Every command takes -h, --help;',
    'sr-check --version prints the version.',
    'Try it: sr-check org=demo',
    '',
    ...EXIT_STATUS_LINES,
  ].join('\n');
}
