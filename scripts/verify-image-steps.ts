/**
 * Runs the Dockerfile's steps without Docker (no engine on the dev machines or CI) and checks the result
 * the way the image would be used:
 *
 *   npx tsx scripts/verify-image-steps.ts [--keep] [--repo DIR]    (or: bash scripts/verify-image-steps.sh)
 *
 * It reads the Dockerfile itself rather than repeating its commands, so the two cannot drift: each stage
 * gets its own directory under a temp dir (its WORKDIR mapped inside it), COPY copies from the repo (only
 * what .dockerignore lets into the build context) or from an earlier stage's directory, and RUN runs the
 * same command there. Steps that only change the system outside the app (apt-get, npm's cache, creating
 * the data directory) are reported and skipped; which ones may be skipped is the SKIPPABLE list below.
 *
 * Then, in the final stage's directory, with the final stage's ENV:
 *   - no package the lockfile marks as dev-only is installed;
 *   - dist/cli/main.js and dist/index.js load, better-sqlite3 opens a database;
 *   - `node bin/sr-check.js org=demo --json` prints a verdict;
 *   - `node dist/index.js` without configuration exits 2 listing the problems;
 *   - the image's CMD starts the app (demo mode, a fake Slack Web API on loopback) as uid 1000 when run
 *     by root, the HEALTHCHECK command itself reports healthy, /readyz answers 200, and SIGTERM (the
 *     STOPSIGNAL) makes it exit 0.
 * Exits 0 when every check passes, 1 otherwise. Slow (two `npm ci` and a native compile): the unit test
 * runs it only when SR_CHECK_VERIFY_IMAGE=1.
 */
import { spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, posix, relative, resolve } from 'node:path';

export interface Instruction {
  keyword: string;
  /** The text after the keyword, continuation lines joined. */
  args: string;
  line: number;
}

export interface Stage {
  name: string;
  base: string;
  instructions: Instruction[];
}

export interface ParsedDockerfile {
  args: Map<string, string>;
  stages: Stage[];
}

/** Dockerfile → instructions per stage. Handles `\` continuations, comments and `# syntax=` directives. */
export function parseDockerfile(text: string): ParsedDockerfile {
  const args = new Map<string, string>();
  const stages: Stage[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let current = lines[i]!.trim();
    if (current === '' || current.startsWith('#')) continue;
    while (current.endsWith('\\') && i + 1 < lines.length) {
      current = current.slice(0, -1).trimEnd();
      i++;
      const next = lines[i]!.trim();
      if (next.startsWith('#')) continue;
      current = `${current} ${next}`;
    }
    const match = /^(\S+)\s*(.*)$/.exec(current);
    if (!match) continue;
    const keyword = match[1]!.toUpperCase();
    const rest = match[2]!.trim();
    const instruction: Instruction = { keyword, args: rest, line: start + 1 };
    if (keyword === 'FROM') {
      const from = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest);
      if (!from) throw new Error(`Dockerfile line ${start + 1}: cannot read FROM ${rest}`);
      const base = from[1]!.replace(/\$\{?(\w+)\}?/g, (_m, name: string) => args.get(name) ?? '');
      stages.push({ name: from[2] ?? String(stages.length), base, instructions: [] });
    } else if (keyword === 'ARG' && stages.length === 0) {
      const [name, value] = rest.split('=', 2);
      args.set(name!, value ?? '');
    } else {
      const stage = stages[stages.length - 1];
      if (!stage) throw new Error(`Dockerfile line ${start + 1}: ${keyword} before FROM`);
      stage.instructions.push(instruction);
    }
  }
  return { args, stages };
}

/** `a=b c="d e"` (ENV) → entries. */
export function parseEnv(args: string): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  const pattern = /(\w+)=("([^"]*)"|\S*)/g;
  for (const match of args.matchAll(pattern)) entries.push([match[1]!, match[3] ?? match[2]!]);
  return entries;
}

/** Exec form `["a", "b"]` → argv; shell form → `sh -c`. */
export function commandArgv(args: string): string[] {
  const trimmed = args.trim();
  if (trimmed.startsWith('[')) return JSON.parse(trimmed) as string[];
  return ['/bin/sh', '-c', trimmed];
}

/** COPY flags and paths: `--from=deps --chown=1:1 a b dest`. */
export function parseCopy(args: string): { from?: string; sources: string[]; dest: string } {
  const words = args.split(/\s+/).filter((w) => w.length > 0);
  let from: string | undefined;
  const paths: string[] = [];
  for (const word of words) {
    if (word.startsWith('--from=')) from = word.slice('--from='.length);
    else if (!word.startsWith('--')) paths.push(word);
  }
  const dest = paths.pop();
  if (!dest || paths.length === 0) throw new Error(`COPY needs sources and a destination: ${args}`);
  return { from, sources: paths, dest };
}

/** HEALTHCHECK options and command. */
export function parseHealthcheck(args: string): { options: Map<string, string>; command: string[] } {
  const options = new Map<string, string>();
  let rest = args.trim();
  for (let m = /^--(\S+?)=(\S+)\s+/.exec(rest); m; m = /^--(\S+?)=(\S+)\s+/.exec(rest)) {
    options.set(m[1]!, m[2]!);
    rest = rest.slice(m[0].length);
  }
  if (!rest.startsWith('CMD')) throw new Error(`HEALTHCHECK without CMD: ${args}`);
  return { options, command: commandArgv(rest.slice(3)) };
}

/** RUN commands that change only the system outside the app; anything else must run. */
export const SKIPPABLE: Array<{ pattern: RegExp; why: string }> = [
  { pattern: /^apt-get update\b/, why: 'system packages (python3, make, g++ must be on this machine)' },
  { pattern: /^npm cache clean\b/, why: "only shrinks the image; would wipe this machine's npm cache" },
  {
    pattern: /^mkdir -p \/var\/lib\/sr-check && chown 1000:1000 \/var\/lib\/sr-check$/,
    why: 'data directory; the check run makes its own',
  },
];

/** .dockerignore as Docker reads it, for the simple patterns used there (`*`, `!dir/`, `**\/*.ext`). */
export function contextFilter(dockerignore: string): (path: string) => boolean {
  const rules = dockerignore
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('#'))
    .map((l) => {
      const negated = l.startsWith('!');
      const pattern = (negated ? l.slice(1) : l).replace(/\/$/, '');
      const source = pattern
        .split('/')
        .map((part) =>
          part === '**'
            ? '.*'
            : part
                .replace(/[.+^${}()|[\]\\]/g, '\\$&')
                .replace(/\*/g, '[^/]*')
                .replace(/\?/g, '[^/]'),
        )
        .join('/')
        .replace(/\.\*\//g, '(?:.*/)?');
      // A pattern matching a folder also covers everything inside it.
      return { negated, regex: new RegExp(`^${source}(?:/.*)?$`) };
    });
  return (path: string) => {
    let included = true;
    for (const rule of rules) if (rule.regex.test(path)) included = rule.negated;
    return included;
  };
}

type Log = (line: string) => void;

interface RunResult {
  ok: boolean;
  failures: string[];
}

interface Ran {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs argv (asynchronously: a synchronous spawn would block the vitest worker for minutes, and the
 * fake Slack server living in this process); prints its output when the exit is not one of `expected`.
 */
async function sh(
  argv: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  log: Log,
  expected: number[] = [0],
  timeoutMs = 15 * 60_000,
): Promise<Ran> {
  log(`  $ ${argv.join(' ')}`);
  const result = await new Promise<Ran>((done) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => done({ status: null, signal: null, stdout, stderr: `${stderr}${error.message}` }));
    child.on('close', (status, signal) => done({ status, signal, stdout, stderr }));
  });
  if (!expected.includes(result.status ?? -1))
    log(`    exit ${result.status ?? result.signal}\n${`${result.stdout}\n${result.stderr}`.trim().slice(-4000)}`);
  return result;
}

/** Docker's COPY: a folder source copies its contents into dest; a file goes into dest/ or becomes dest. */
function copyInto(source: string, dest: string, include: (path: string) => boolean, contextRoot?: string): void {
  const isDir = statSync(source).isDirectory();
  const filter = contextRoot ? (path: string) => include(relative(contextRoot, path) || '.') : () => true;
  if (isDir) {
    mkdirSync(dest, { recursive: true });
    cpSync(source, dest, { recursive: true, filter: (p) => p === source || filter(p) });
  } else {
    const target = dest.endsWith('/') ? join(dest, posix.basename(source)) : dest;
    mkdirSync(dirname(target), { recursive: true });
    cpSync(source, target);
  }
}

export async function verifyImageSteps(options: { repo: string; keep?: boolean; log?: Log }): Promise<RunResult> {
  const log: Log = options.log ?? ((line) => process.stdout.write(`${line}\n`));
  const failures: string[] = [];
  const fail = (what: string) => {
    failures.push(what);
    log(`FAIL ${what}`);
  };
  const pass = (what: string) => log(`ok   ${what}`);

  const repo = resolve(options.repo);
  const dockerfile = parseDockerfile(readFileSync(join(repo, 'Dockerfile'), 'utf8'));
  const include = contextFilter(readFileSync(join(repo, '.dockerignore'), 'utf8'));
  const root = mkdtempSync(join(tmpdir(), 'sr-check-image-'));
  // The app user (uid 1000) must be able to reach the final stage's files, as in the image.
  chmodSync(root, 0o755);
  log(`stages in ${root}`);

  const stageDirs = new Map<string, { dir: string; workdir: string; env: Record<string, string> }>();
  try {
    for (const stage of dockerfile.stages) {
      const major = /node:(\d+)/.exec(stage.base)?.[1];
      if (major !== process.versions.node.split('.')[0])
        fail(`stage ${stage.name}: base ${stage.base} is not this machine's Node ${process.version}`);
      const dir = join(root, stage.name);
      mkdirSync(dir, { recursive: true });
      const state = { dir, workdir: '/', env: {} as Record<string, string> };
      stageDirs.set(stage.name, state);
      log(`\n== stage ${stage.name} (${stage.base})`);
      const here = () => join(dir, state.workdir);
      for (const instruction of stage.instructions) {
        const { keyword, args } = instruction;
        if (keyword === 'WORKDIR') {
          state.workdir = posix.resolve(state.workdir, args);
          mkdirSync(here(), { recursive: true });
        } else if (keyword === 'ENV') {
          for (const [name, value] of parseEnv(args)) state.env[name] = value;
        } else if (keyword === 'COPY') {
          const copy = parseCopy(args);
          const destPath = isAbsolute(copy.dest) ? join(dir, copy.dest) : join(here(), copy.dest);
          const dest = copy.dest.endsWith('/') ? `${destPath}/` : destPath;
          for (const source of copy.sources) {
            if (copy.from !== undefined) {
              const from = stageDirs.get(copy.from);
              if (!from) throw new Error(`line ${instruction.line}: no stage ${copy.from}`);
              copyInto(join(from.dir, posix.resolve(from.workdir, source)), dest, include);
            } else {
              if (!include(source.replace(/\/$/, '')))
                fail(`line ${instruction.line}: COPY ${source} is excluded by .dockerignore`);
              copyInto(join(repo, source), dest, include, repo);
            }
          }
          log(`  COPY ${args}`);
        } else if (keyword === 'RUN') {
          const skip = SKIPPABLE.find((s) => s.pattern.test(args));
          if (skip) {
            log(`  skip RUN ${args.slice(0, 60)}… (${skip.why})`);
            continue;
          }
          const result = await sh(commandArgv(args), here(), { ...process.env, ...state.env }, log);
          if (result.status !== 0) {
            fail(`stage ${stage.name}: RUN ${args} exited ${result.status ?? result.signal}`);
            return { ok: false, failures };
          }
        }
      }
    }

    const final = dockerfile.stages[dockerfile.stages.length - 1];
    const runtime = final && stageDirs.get(final.name);
    if (!final || !runtime) throw new Error('no stages');
    const app = join(runtime.dir, runtime.workdir);
    const dataDir = join(runtime.dir, 'var/lib/sr-check');
    mkdirSync(dataDir, { recursive: true });
    const asRoot = process.getuid?.() === 0;
    if (asRoot) chownSync(dataDir, 1000, 1000);
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: tmpdir(),
      ...runtime.env,
      SR_CHECK_DB: join(dataDir, 'sr-check.db'),
    };
    log(`\n== checks in ${app}`);

    // 1. Nothing dev-only installed.
    const lock = JSON.parse(readFileSync(join(app, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean }>;
    };
    const devInstalled = Object.entries(lock.packages)
      .filter(([path, entry]) => path.startsWith('node_modules/') && entry.dev === true)
      .map(([path]) => path)
      .filter((path) => existsSync(join(app, path)));
    if (devInstalled.length > 0) fail(`dev-only packages in the final stage: ${devInstalled.slice(0, 10).join(', ')}`);
    else pass('no dev-only package in node_modules');

    // 2. Modules load and the native module works.
    const node = (script: string) => sh(['node', '-e', script], app, env, log);
    if ((await node("require('./dist/cli/main.js')")).status === 0) pass('dist/cli/main.js loads');
    else fail('dist/cli/main.js does not load');
    if ((await node("require('./dist/index.js')")).status === 0) pass('dist/index.js loads');
    else fail('dist/index.js does not load');
    const sqlite = await node(
      "const db = new (require('better-sqlite3'))(':memory:'); if (db.prepare('select 41 + 1 as x').get().x !== 42) process.exit(1)",
    );
    if (sqlite.status === 0) pass('better-sqlite3 native module works');
    else fail('better-sqlite3 does not work');

    // 3. The CLI against the demo org.
    const demo = await sh(['node', 'bin/sr-check.js', 'org=demo', '--json'], app, env, log, [0, 1, 3]);
    try {
      const verdict = JSON.parse(demo.stdout) as { overall?: string; checks?: unknown[] };
      if (
        [0, 1, 3].includes(demo.status ?? -1) &&
        typeof verdict.overall === 'string' &&
        Array.isArray(verdict.checks)
      ) {
        pass(`sr-check org=demo --json: overall ${verdict.overall}, exit ${demo.status}`);
      } else fail(`sr-check org=demo --json: exit ${demo.status}, overall ${String(verdict.overall)}`);
    } catch {
      fail(`sr-check org=demo --json did not print JSON (exit ${demo.status}): ${demo.stderr.slice(0, 500)}`);
    }

    // 4. The entry without configuration: every problem listed, exit 2.
    const cmd = final.instructions.filter((i) => i.keyword === 'CMD').pop();
    const argv = cmd ? commandArgv(cmd.args) : [];
    const bare = await sh(argv, app, env, log, [2]);
    if (bare.status === 2 && /cannot start/.test(bare.stderr))
      pass('CMD without configuration exits 2 with the problems');
    else fail(`CMD without configuration: exit ${bare.status}, stderr ${bare.stderr.slice(0, 300)}`);

    // 5. The CMD serves, the HEALTHCHECK passes, SIGTERM stops it cleanly.
    const health = final.instructions.filter((i) => i.keyword === 'HEALTHCHECK').pop();
    if (!health || argv.length === 0) fail('final stage has no CMD or no HEALTHCHECK');
    else
      await startAndStop({
        argv,
        app,
        env,
        healthcheck: parseHealthcheck(health.args).command,
        asRoot,
        log,
        pass,
        fail,
      });
  } finally {
    if (options.keep) log(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
  log(
    failures.length === 0
      ? '\nverify-image-steps: all checks passed'
      : `\nverify-image-steps: ${failures.length} check(s) failed`,
  );
  return { ok: failures.length === 0, failures };
}

/** A Slack Web API stand-in on loopback: every method answers ok (Bolt calls auth.test at start). */
async function fakeSlack(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          ok: true,
          user_id: 'U0SRCHECK01',
          bot_id: 'B0SRCHECK01',
          team_id: 'T0SRCHECK01',
          user: 'sr-check',
        }),
      );
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/` };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

function httpStatus(url: string): Promise<number> {
  return new Promise((done) => {
    get(url, (res) => {
      res.resume();
      done(res.statusCode ?? 0);
    }).on('error', () => done(0));
  });
}

async function startAndStop(input: {
  argv: string[];
  app: string;
  env: NodeJS.ProcessEnv;
  healthcheck: string[];
  asRoot: boolean;
  log: Log;
  pass: (what: string) => void;
  fail: (what: string) => void;
}): Promise<void> {
  const { argv, app, log, pass, fail } = input;
  const slack = await fakeSlack();
  const port = await freePort();
  const metricsPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...input.env,
    PORT: String(port),
    METRICS_PORT: String(metricsPort),
    SR_CHECK_DEMO: '1',
    SLACK_API_URL: slack.url,
    // Made-up values; LEAKCANARY makes the test suite's leak check catch them if they are ever logged.
    SLACK_BOT_TOKEN: 'xoxb-0000-LEAKCANARY-verify-image',
    SLACK_SIGNING_SECRET: 'LEAKCANARY-verify-image-signing-secret',
    LOG_LEVEL: 'warn',
  };
  log(
    `  $ ${argv.join(' ')}   (PORT=${port}, SR_CHECK_DEMO=1, fake Slack at ${slack.url}${input.asRoot ? ', as uid 1000' : ''})`,
  );
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: app,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
    ...(input.asRoot ? { uid: 1000, gid: 1000 } : {}),
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-8000)));
  const exited = new Promise<number | string>((done) =>
    child.on('exit', (code, signal) => done(code ?? signal ?? 'unknown')),
  );
  try {
    let healthy = false;
    for (let attempt = 0; attempt < 60 && !healthy && child.exitCode === null; attempt++) {
      const probe = await sh(input.healthcheck, app, env, () => undefined, [0, 1], 5000);
      healthy = probe.status === 0;
      if (!healthy) await new Promise((r) => setTimeout(r, 250));
    }
    if (healthy) pass('HEALTHCHECK command reports healthy');
    else fail(`HEALTHCHECK never passed; app stderr: ${stderr.slice(-1500)}`);
    const ready = await httpStatus(`http://127.0.0.1:${metricsPort}/readyz`);
    if (ready === 200) pass('/readyz answers 200');
    else fail(`/readyz answered ${ready}`);
    child.kill('SIGTERM');
    const code = await Promise.race([
      exited,
      new Promise<string>((r) => setTimeout(() => r('still running after 30 s'), 30_000)),
    ]);
    if (code === 0) pass('SIGTERM: exited 0');
    else fail(`SIGTERM: ${code}; stderr ${stderr.slice(-1500)}`);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await new Promise<void>((done) => slack.server.close(() => done()));
  }
}

if (require.main === module) {
  const repoFlag = process.argv.indexOf('--repo');
  const repo =
    repoFlag > 0 && process.argv[repoFlag + 1] ? resolve(process.argv[repoFlag + 1]!) : resolve(__dirname, '..');
  verifyImageSteps({ repo, keep: process.argv.includes('--keep') }).then(
    (result) => process.exit(result.ok ? 0 : 1),
    (error: unknown) => {
      process.stderr.write(`verify-image-steps: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
