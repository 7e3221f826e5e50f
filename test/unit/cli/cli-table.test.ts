/**
 * The CLI's behaviour as a table: arguments → stdout, stderr, exit status. Usage errors all look the same
 * (`sr-check: <what>`, the command's usage, where the help is), and none shows parseArgs' own text or the
 * Slack usage line.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../support/cli';

const version = (
  JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string }
).version;

interface Row {
  args: string[];
  code: number;
  stdout?: RegExp[];
  stderr?: RegExp[];
  /** Expect nothing at all on this stream. */
  quiet?: 'stdout' | 'stderr';
  /** Must not appear on stdout or stderr. */
  absent?: RegExp[];
}

const USAGE_ERROR =
  /^sr-check: [^\n]+\nUsage: sr-check[^\n]*\n(?: {7}[^\n]*\n)*Run "sr-check[^"]* --help" for more\.\n$/;

const rows: Row[] = [
  {
    args: ['--version'],
    code: 0,
    stdout: [new RegExp(`^sr-check ${version.replace(/\./g, '\\.')}\\n$`)],
    quiet: 'stderr',
  },
  { args: ['-V'], code: 0, stdout: [/^sr-check \d/], quiet: 'stderr' },
  {
    args: [],
    code: 0,
    stdout: [/^sr-check .*403 Forbidden/, /Commands:/, /doctor/, /config validate/, /slack ids/, /4 +internal error/],
    quiet: 'stderr',
  },
  { args: ['--help'], code: 0, stdout: [/Commands:/, /Exit status:/], quiet: 'stderr' },
  { args: ['-h'], code: 0, stdout: [/Commands:/], quiet: 'stderr' },
  { args: ['help'], code: 0, stdout: [/Commands:/], quiet: 'stderr' },
  {
    args: ['help', 'check'],
    code: 0,
    stdout: [/^Usage: sr-check org=<name>/, /--watch/, /--config FILE/],
    quiet: 'stderr',
  },
  { args: ['help', 'config', 'validate'], code: 0, stdout: [/^Usage: sr-check config validate/], quiet: 'stderr' },
  {
    args: ['org=demo', '--help'],
    code: 0,
    stdout: [/^Usage: sr-check org=<name>/, /--verbose/],
    absent: [/Commands:/, /4 +internal error in sr-check/],
    quiet: 'stderr',
  },
  { args: ['--org=acme'], code: 2, stderr: [/^sr-check: --org is not a flag: use org=acme\n/], quiet: 'stdout' },
  {
    args: ['org=demo', '--client', 'abc'],
    code: 2,
    stderr: [/^sr-check: --client is not a flag: use client=abc\n/],
    quiet: 'stdout',
  },
  {
    args: ['check', 'org=acme'],
    code: 2,
    stderr: [/^sr-check: the check has no command word: use sr-check org=acme\n/],
    quiet: 'stdout',
  },
  { args: ['completion', 'bash'], code: 0, stdout: [/complete -F _sr_check sr-check/], quiet: 'stderr' },
  { args: ['completion', 'zsh'], code: 0, stdout: [/^#compdef sr-check/], quiet: 'stderr' },
  { args: ['completion'], code: 2, stderr: [/^sr-check: which shell\? bash or zsh\n/], quiet: 'stdout' },
  { args: ['completion', 'fish'], code: 2, stderr: [/^sr-check: no completion for "fish"/], quiet: 'stdout' },
  { args: ['completion', '--scenarios'], code: 0, stdout: [/^cc-no-role$/m, /^healthy$/m], quiet: 'stderr' },
  ...['orgs', 'demo', 'explain', 'doctor', 'audit', 'history', 'sim', 'completion'].flatMap((name): Row[] => [
    {
      args: [name, '--help'],
      code: 0,
      // The exit status block is printed once, by the overview; a command's help points there.
      stdout: [new RegExp(`^Usage: sr-check ${name}`), /-h, --help/, /^Exit status: 0 ok, 1 fail.*sr-check --help/m],
      absent: [/4 +internal error in sr-check/],
      quiet: 'stderr',
    },
    { args: [name, '-h'], code: 0, stdout: [new RegExp(`^Usage: sr-check ${name}`)], quiet: 'stderr' },
  ]),
  {
    args: ['config', 'validate', '--help'],
    code: 0,
    stdout: [/^Usage: sr-check config validate/, /--require-secrets/],
    quiet: 'stderr',
  },
  { args: ['config', '--help'], code: 0, stdout: [/^Usage: sr-check config validate/], quiet: 'stderr' },
  {
    args: ['slack', 'ids', '--help'],
    code: 0,
    stdout: [/^Usage: sr-check slack ids/, /docs\/slack-ids\.md/],
    quiet: 'stderr',
  },
  // Unknown flags, in the CLI's own words, with the nearest real flag.
  {
    args: ['org=demo', '--jsn'],
    code: 2,
    stderr: [/^sr-check: unknown flag --jsn \(did you mean --json\?\)\n/, /Usage: sr-check org=<name>/],
    quiet: 'stdout',
  },
  {
    args: ['org=demo', '-json'],
    code: 2,
    stderr: [/^sr-check: unknown flag -json \(did you mean --json\?\)\n/],
    quiet: 'stdout',
  },
  {
    args: ['org=demo', '--wach'],
    code: 2,
    stderr: [/^sr-check: unknown flag --wach \(did you mean --watch\?\)\n/],
    quiet: 'stdout',
  },
  { args: ['org=demo', '--frobnicate'], code: 2, stderr: [/^sr-check: unknown flag --frobnicate\n/], quiet: 'stdout' },
  { args: ['org=demo', '--json=yes'], code: 2, stderr: [/^sr-check: --json takes no value\n/], quiet: 'stdout' },
  {
    args: ['org=demo', '--config'],
    code: 2,
    stderr: [/^sr-check: --config needs a value \(--config FILE\)\n/],
    quiet: 'stdout',
  },
  { args: ['org=demo', '--config', '--json'], code: 2, stderr: [/^sr-check: --config needs a value/], quiet: 'stdout' },
  {
    args: ['audit', '--jsn'],
    code: 2,
    stderr: [
      /^sr-check: unknown flag --jsn \(did you mean --json\?\)\n/,
      /Usage: sr-check audit/,
      /Run "sr-check audit --help"/,
    ],
    quiet: 'stdout',
  },
  {
    args: ['explain', '--jsn'],
    code: 2,
    stderr: [/^sr-check: unknown flag --jsn \(did you mean --json\?\)\n/, /Usage: sr-check explain/],
    quiet: 'stdout',
  },
  {
    args: ['explain', 'a.txt', 'b.txt'],
    code: 2,
    stderr: [/^sr-check: explain takes at most one FILE\n/],
    quiet: 'stdout',
  },
  {
    args: ['doctor', '--confg', 'x.yaml'],
    code: 2,
    stderr: [/^sr-check: unknown flag --confg \(did you mean --config\?\)\n/, /Usage: sr-check doctor/],
    quiet: 'stdout',
  },
  {
    args: ['sim', '--scenaro', 'healthy'],
    code: 2,
    stderr: [/^sr-check: unknown flag --scenaro \(did you mean --scenario\?\)\n/, /Usage: sr-check sim/],
    quiet: 'stdout',
  },
  { args: ['orgs', '--jsom'], code: 2, stderr: [/did you mean --json\?/, /Usage: sr-check orgs/], quiet: 'stdout' },
  {
    args: ['config', 'validate', '--require-secret'],
    code: 2,
    stderr: [/did you mean --require-secrets\?/],
    quiet: 'stdout',
  },
  {
    args: ['slack', 'ids', '--jason'],
    code: 2,
    stderr: [/did you mean --json\?/, /Usage: sr-check slack ids/],
    quiet: 'stdout',
  },
  // Commands that do not exist.
  {
    args: ['doctr'],
    code: 2,
    stderr: [/^sr-check: unknown command "doctr" \(did you mean doctor\?\)\n/],
    quiet: 'stdout',
  },
  {
    args: ['--json', 'doctor'],
    code: 2,
    stderr: [/^sr-check: the command comes first: sr-check doctor \[flags\]\n/, /Usage: sr-check doctor/],
    quiet: 'stdout',
  },
  { args: ['config'], code: 2, stderr: [/^sr-check: config needs a command: validate\n/], quiet: 'stdout' },
  {
    args: ['config', 'valdate'],
    code: 2,
    stderr: [/^sr-check: unknown command "config valdate" \(did you mean config validate\?\)\n/],
    quiet: 'stdout',
  },
  {
    args: ['slack', 'id'],
    code: 2,
    stderr: [/^sr-check: unknown command "slack id" \(did you mean slack ids\?\)\n/],
    quiet: 'stdout',
  },
  {
    args: ['help', 'doctr'],
    code: 2,
    stderr: [/^sr-check: no command "doctr" \(did you mean doctor\?\)/],
    quiet: 'stdout',
  },
  {
    args: ['sim'],
    code: 2,
    stderr: [/^sr-check: --scenario is required \(sr-check demo lists the scenarios\)\n/, /Usage: sr-check sim/],
    quiet: 'stdout',
  },
  {
    args: ['sim', '--scenario', 'healthy', '--port', 'x'],
    code: 2,
    stderr: [/^sr-check: --port must be a whole number from 0 to 65534\n/],
    quiet: 'stdout',
  },
  {
    args: ['sim', '--scenario', 'healthy', '--latency', '-5'],
    code: 2,
    stderr: [/^sr-check: --latency must be a whole number of milliseconds\n/],
    quiet: 'stdout',
  },
  {
    args: ['sim', '--scenario', 'nope', '--port', '0'],
    code: 1,
    stderr: [/^sr-check: cannot start the simulator: unknown scenario "nope"/],
    quiet: 'stdout',
  },
  { args: ['help', '--help'], code: 0, stdout: [/^Usage: sr-check help/], quiet: 'stderr' },
  { args: ['orgs', 'extra'], code: 2, stderr: [/^sr-check: unexpected "extra"\n/], quiet: 'stdout' },
  // The check's grammar is the slash command's; its errors carry the CLI's usage, not Slack's.
  {
    args: ['bogus=1'],
    code: 2,
    stderr: [
      /^sr-check: unknown key "bogus" \(keys: org, client, user, interaction, op, scenario, compare\)\n/,
      /Usage: sr-check org=<name>/,
    ],
    quiet: 'stdout',
  },
  {
    args: ['client=3f2a1b4c-0000-4000-8000-000000000000'],
    code: 2,
    stderr: [/^sr-check: org=<name> is required\n/],
    quiet: 'stdout',
  },
  { args: ['org=acme'], code: 2, stderr: [/^sr-check: .*acme/], quiet: 'stdout' },
  {
    args: ['org=acme', 'scenario=healthy'],
    code: 2,
    stderr: [/^sr-check: scenario= is only for the built-in demo org\n/],
    quiet: 'stdout',
  },
  {
    args: ['org=demo', 'scenario=nope'],
    code: 2,
    stderr: [/^sr-check: unknown scenario "nope"\. Scenarios: .*healthy/],
    quiet: 'stdout',
  },
  {
    args: ['audit', '--since', 'yesterday'],
    code: 2,
    stderr: [/^sr-check: --since must be an ISO date\/time/],
    quiet: 'stdout',
  },
  {
    args: ['config', 'validate'],
    code: 2,
    stderr: [/^sr-check: which file\? Give FILE, --config FILE or set SR_CHECK_CONFIG\n/],
    quiet: 'stdout',
  },
  { args: ['slack', 'ids'], code: 2, stderr: [/^sr-check: SLACK_BOT_TOKEN is not set/], quiet: 'stdout' },
  // Lists.
  {
    args: ['orgs'],
    code: 0,
    stdout: [
      /^No orgs are configured\. The built-in org "demo" is always available\.\n/,
      /^ {2}demo-a +simulated, scenario healthy$/m,
      /^ {2}demo-b +simulated, scenario cc-no-role$/m,
      /^Try: sr-check org=demo-a,demo-b,demo-c/m,
    ],
    quiet: 'stderr',
  },
  { args: ['demo'], code: 0, stdout: [/^Demo scenarios/, /healthy/], quiet: 'stderr' },
  // The fix as the Terraform change (docs/as-code.md): a client-credentials grant, two roles, a scope, none.
  {
    args: ['org=demo', '--as-code'],
    code: 1,
    stdout: [
      /\nTerraform change for demo \(a role or scope granted live is removed by the next terraform apply\):\n/,
      /resource "genesyscloud_oauth_client" "archivebridge_compliance_archiver" \{\n {2}# role "Screen Recording Viewer" in division "Home"\n {2}roles \{\n {4}role_id {5}= "[0-9a-f-]{36}"\n {4}division_id = "[0-9a-f-]{36}"\n/,
      /data "genesyscloud_auth_role" "screen_recording_viewer" \{\n {2}name = "Screen Recording Viewer"\n\}/,
    ],
    quiet: 'stderr',
  },
  {
    args: ['org=demo', 'scenario=two-roles-needed', '--as-code'],
    code: 1,
    stdout: [
      /role_id {5}= data\.genesyscloud_auth_role\.screen_recording_viewer_view_only\.id/,
      /screen_recording_retention\.id/,
    ],
    quiet: 'stderr',
  },
  {
    args: ['org=demo', 'scenario=user-missing-scope', '--as-code'],
    stdout: [/ {2}scopes = \["conversations:readonly", "users:readonly", "recordings"\]\n/],
    code: 1,
    quiet: 'stderr',
  },
  {
    args: ['org=demo', 'scenario=healthy', '--as-code'],
    code: 0,
    stdout: [/\nTerraform change: none \(this verdict proposes no role grant or scope/],
    quiet: 'stderr',
  },
  { args: ['org=demo', 'scenario=healthy'], code: 0, stdout: [/^(?![\s\S]*Terraform change)/], quiet: 'stderr' },
  {
    args: [
      'org=demo',
      'client=09f08c5e-1262-478b-9a02-ada5263d5d40',
      'compare=064e7908-1b9a-4204-be35-b969e4b3208a',
      '--as-code',
    ],
    code: 2,
    stderr: [/^sr-check: --as-code works with one org, without compare=\n/],
    quiet: 'stdout',
  },
  {
    args: ['org=demo'],
    code: 1,
    stdout: [
      /^✗ role +FAIL +Grant/m,
      /^✓ passed: credentials, feature, interaction, token$/m,
      /-v \(--verbose\) shows/,
    ],
    quiet: 'stderr',
  },
  {
    args: ['org=demo', '-v'],
    code: 1,
    stdout: [/^✓ credentials +PASS/m, /^ {6}Token issued for org/m],
    quiet: 'stderr',
  },
  { args: ['org=demo', '--verbose'], code: 1, stdout: [/^- probe +SKIPPED/m], quiet: 'stderr' },
  // Demo scenarios: the exit status a real org in the same state would give. A missing scope refuses only
  // where the org enforces scopes (help page "Enabling OAuth scope enforcement"); those scenarios say it is on.
  ...(
    [
      ['healthy', 0, /overall: PASS/],
      ['user-missing-scope', 1, /scope +FAIL +The app lacks the recordings scope and this org enforces scopes/],
      ['readonly-scope-for-write', 1, /scope +FAIL/],
      ['named-deleted-recording', 1, /interaction +FAIL +Recording \S+ \(screen\) was deleted/],
      ['no-screen-recording', 1, /interaction +FAIL +The conversation has no screen recording/],
      ['licence-withholds-screen', 1, /role +FAIL +The org's licence lacks/],
      ['two-screen-states', 3, /depends on which one the integration updates/],
      ['fixer-lacks-role', 1, /sr-check's fixer \(OAuth client \S+\) does not hold role "Screen Recording Viewer"/],
    ] as const
  ).map(
    ([scenario, code, pattern]): Row => ({
      args: ['org=demo', `scenario=${scenario}`],
      code,
      stdout: [pattern],
      quiet: 'stderr',
    }),
  ),
];

describe('sr-check: arguments → stdout, stderr, exit status', () => {
  it.each(rows)('sr-check $args → exit $code', async ({ args, code, stdout, stderr, quiet, absent }) => {
    const out = await runCliCaptured(args);
    expect(out.code, `${out.stdout}\n${out.stderr}`).toBe(code);
    for (const pattern of stdout ?? []) expect(out.stdout).toMatch(pattern);
    for (const pattern of stderr ?? []) expect(out.stderr).toMatch(pattern);
    for (const pattern of absent ?? []) expect(out.stdout + out.stderr).not.toMatch(pattern);
    if (quiet === 'stdout') expect(out.stdout).toBe('');
    if (quiet === 'stderr') expect(out.stderr).toBe('');
    if (code === 2 && quiet === 'stdout' && !args.includes('slack') && !args.includes('help'))
      expect(out.stderr).toMatch(USAGE_ERROR);
    // Never Node's raw parseArgs text, never the Slack usage line, never a stack.
    expect(out.stderr).not.toMatch(/Unknown option|ERR_PARSE_ARGS|To specify a positional|\/sr-check|\n\s+at /);
  });

  it('orgs --json lists the configured orgs and the built-in demo, never a secret', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sr-cli-orgs-'));
    const file = join(dir, 'orgs.yaml');
    writeFileSync(
      file,
      [
        'orgs:',
        '  acme:',
        '    region: us-east-1',
        '    diagnostic: { clientId: 3f2a1b4c-0000-4000-8000-000000000001, clientSecretEnv: ACME_DIAG }',
        '    channels: [C0123456789]',
      ].join('\n'),
    );
    const out = await runCliCaptured(['orgs', '--json', '--config', file], { ACME_DIAG: 'acme-LEAKCANARY-secret' });
    expect(out.code).toBe(0);
    const rows = JSON.parse(out.stdout) as Array<Record<string, unknown>>;
    expect(rows.map((r) => [r.name, r.builtIn])).toEqual([
      ['acme', false],
      ['demo', true],
      ['demo-a', true],
      ['demo-b', true],
      ['demo-c', true],
    ]);
    expect(rows[0]).toMatchObject({
      region: 'us-east-1',
      apiBaseUrl: 'https://api.mypurecloud.com',
      channels: ['C0123456789'],
      fixes: false,
      probe: false,
    });
    expect(out.stdout).not.toContain('LEAKCANARY');
  });

  it('a configuration that does not load is a usage error naming config validate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sr-cli-bad-'));
    const file = join(dir, 'orgs.yaml');
    writeFileSync(
      file,
      'orgs:\n  acme:\n    region: mars-1\n    diagnostic: { clientId: 3f2a1b4c-0000-4000-8000-000000000001, clientSecretEnv: X }\n',
    );
    const out = await runCliCaptured(['orgs', '--config', file], { X: 's' });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(
      /^sr-check: configuration .* is not valid:\norgs\.acme\.region: "mars-1" is not a Genesys Cloud region/,
    );
    expect(out.stderr).toMatch(/sr-check config validate/);
  });

  it('an internal failure exits 4, not the usage code, and says it is a bug', async () => {
    const out = await runCliCaptured(
      ['demo'],
      {},
      {
        stdout: () => {
          throw new Error('stdout went away');
        },
      },
    );
    expect(out.code).toBe(4);
    expect(out.stderr).toMatch(/^sr-check: internal error: stdout went away\nThis is a bug in sr-check/);
    expect(out.stderr).not.toMatch(/\n\s+at /);
    const debug = await runCliCaptured(
      ['demo'],
      { SR_CHECK_DEBUG: '1' },
      {
        stdout: () => {
          throw new Error('stdout went away');
        },
      },
    );
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});

describe('the terminal verdict: compact, --verbose, wrapped', () => {
  it('compact by default: no evidence lines, a fraction of the verbose length; -v and --verbose alike', async () => {
    const compact = await runCliCaptured(['org=demo']);
    const verbose = await runCliCaptured(['org=demo', '-v']);
    const long = await runCliCaptured(['org=demo', '--verbose']);
    const lines = (text: string) => text.trimEnd().split('\n');
    expect(lines(compact.stdout).filter((l) => l.startsWith('      '))).toEqual([]);
    expect(lines(compact.stdout).length).toBeLessThanOrEqual(16);
    expect(lines(verbose.stdout).length).toBeGreaterThan(lines(compact.stdout).length * 2);
    // Each run starts its own simulated org: ids, times and durations differ, the words do not.
    const withoutTiming = (text: string) => text.replace(/[0-9a-f]{8}-[0-9a-f-]{27}|\d+/g, 'N');
    expect(withoutTiming(long.stdout)).toBe(withoutTiming(verbose.stdout));
    // What matters is in both: the fix and the missing permissions.
    for (const text of [compact.stdout, verbose.stdout]) {
      expect(text).toMatch(/^ {2}• Grant role "Screen Recording Viewer"/m);
      expect(text).toMatch(/^missing permissions: recording:screenRecording:view/m);
    }
  });

  it('--json is the same with and without -v', async () => {
    const json = JSON.parse((await runCliCaptured(['org=demo', '--json'])).stdout) as Record<string, unknown>;
    const verboseJson = JSON.parse((await runCliCaptured(['org=demo', '--json', '-v'])).stdout) as Record<
      string,
      unknown
    >;
    // Each run starts its own simulated org (ids, times): compare the shape and the findings.
    const findings = (v: Record<string, unknown>) => ({
      keys: Object.keys(v),
      overall: v.overall,
      checks: (v.checks as Array<{ id: string; status: string; evidence: string[] }>).map((c) => [
        c.id,
        c.status,
        c.evidence.length,
      ]),
      missingPermissions: v.missingPermissions,
    });
    expect(findings(verboseJson)).toEqual(findings(json));
  });

  it.each([60, 80, 100])('wraps to the terminal width (%i columns); a pipe gets whole lines', async (columns) => {
    for (const args of [['org=demo'], ['org=demo', '-v']]) {
      const wrapped = await runCliCaptured(args, {}, { columns, tty: { stdout: true } });
      for (const line of wrapped.stdout.trimEnd().split('\n')) {
        // A single word longer than the width (a path, a permission) overflows rather than break.
        if (line.trim().includes(' '))
          expect(line.replace(/\u001b\[\d+m/g, '').length, line).toBeLessThanOrEqual(columns);
      }
      const viaEnv = await runCliCaptured(args, { COLUMNS: String(columns) });
      expect(
        Math.max(
          ...viaEnv.stdout
            .split('\n')
            .filter((l) => l.trim().includes(' '))
            .map((l) => l.length),
        ),
      ).toBeLessThanOrEqual(columns);
    }
    const piped = await runCliCaptured(['org=demo']);
    expect(Math.max(...piped.stdout.split('\n').map((l) => l.length))).toBeGreaterThan(100);
  });
});

describe('sr-check org=demo (the quick start)', () => {
  it('prints the FAIL verdict and exits 1; --json carries schemaVersion and the same verdict', async () => {
    const text = await runCliCaptured(['org=demo']);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^sr-check · org demo/);
    expect(text.stdout).toMatch(/\noverall: FAIL\n/);
    expect(text.stdout).not.toContain('\u001b');
    const json = await runCliCaptured(['org=demo', '--json']);
    expect(json.code).toBe(1);
    const verdict = JSON.parse(json.stdout) as {
      schemaVersion: number;
      overall: string;
      org: string;
      checks: Array<{ id: string }>;
    };
    expect(verdict.schemaVersion).toBe(1);
    expect(Object.keys(verdict)[0]).toBe('schemaVersion');
    expect(verdict).toMatchObject({ org: 'demo', overall: 'fail' });
    expect(verdict.checks.map((c) => c.id)).toEqual([
      'credentials',
      'scope',
      'role',
      'feature',
      'interaction',
      'token',
      'probe',
    ]);
  });
});
