/**
 * The CLI as shipped: bin/sr-check.js loads the bundle `npm run build` writes (dist/bundle, scripts/build.ts) and
 * reads the shipped data from its build-time validated form (dist/prebuilt). Each command runs as a process and
 * must answer as the sources do (the rest of the CLI tests run the sources under tsx or in-process).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'sr-check.js');
const PASTE = join(ROOT, 'bench', 'fixtures', 'explain-50-lines.txt');
/** Generous for a cold start (and tsx's, for the sources) on a busy machine. */
const CHILD_MS = 60_000;

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const fromSources = (args: string[]) =>
  run(['--import', 'tsx', join(ROOT, 'test', 'unit', 'cli', 'cli-child.ts'), ...args]);

describe('bin/sr-check.js (the bundled CLI)', () => {
  beforeAll(() => {
    for (const built of ['dist/bundle/cli.js', 'dist/prebuilt/catalog.json'])
      if (!existsSync(join(ROOT, built))) throw new Error(`${built} is missing: run npm run build`);
  });

  it(
    '--version and --help answer as the sources do',
    async () => {
      const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
      expect(await run([BIN, '--version'])).toEqual({ code: 0, stdout: `sr-check ${version}\n`, stderr: '' });
      const help = await run([BIN, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toBe((await fromSources(['--help'])).stdout);
    },
    CHILD_MS,
  );

  it(
    'explain on a pasted log: the same answer as the sources give',
    async () => {
      const bundled = await run([BIN, 'explain', PASTE, '--json']);
      expect(bundled.code).toBe(0);
      expect(bundled.stderr).toBe('');
      expect(JSON.parse(bundled.stdout)).toEqual(JSON.parse((await fromSources(['explain', PASTE, '--json'])).stdout));
    },
    CHILD_MS,
  );

  it(
    'org=demo: a FAIL verdict (exit 1) from the simulated org over loopback HTTP, as from the sources',
    async () => {
      const bundled = await run([BIN, 'org=demo', '--json']);
      const sources = await fromSources(['org=demo', '--json']);
      expect(bundled.stderr).toBe('');
      expect(bundled.code).toBe(1);
      expect(sources.code).toBe(1);
      const overall = (out: string) => (JSON.parse(out) as { overall: string }).overall;
      expect(overall(bundled.stdout)).toBe('fail');
      expect(overall(bundled.stdout)).toBe(overall(sources.stdout));
    },
    CHILD_MS,
  );

  it(
    'org=demo does not make Node compile its fetch (undici): the Genesys client sends with node:http',
    async () => {
      // Prints the built-in modules the process loaded, on exit (stderr, after the verdict).
      const listModules =
        'data:text/javascript,process.on("exit",()=>process.stderr.write("\\n"+process.moduleLoadList.join("\\n")))';
      const bundled = await run(['--import', listModules, BIN, 'org=demo']);
      expect(bundled.code).toBe(1);
      const loaded = bundled.stderr.split('\n');
      // The check did run its HTTP calls (so the list is of a real check), without loading fetch.
      expect(loaded).toContain('NativeModule _http_client');
      expect(loaded).not.toContain('NativeModule internal/deps/undici/undici');
    },
    CHILD_MS,
  );

  it(
    'explain reads the prebuilt catalog and folklore: the files it loads carry neither zod nor the YAML parser',
    () => {
      // The bundle files an entry loads before it runs: its static imports (require calls of chunks; an `import()`
      // becomes `__toESM(require(…))` inside a promise, run later), followed through the chunks.
      const loadedBy = (entry: string): string[] => {
        const seen = new Set([entry]);
        for (const file of seen)
          for (const [, chunk] of readFileSync(join(ROOT, 'dist', 'bundle', file), 'utf8').matchAll(
            /(?<!__toESM\()require\("\.\/(chunk-[A-Z0-9]+\.cjs)"\)/g,
          ))
            seen.add(chunk!);
        return [...seen].map((file) => readFileSync(join(ROOT, 'dist', 'bundle', file), 'utf8'));
      };
      // zod v4 keeps its internals under `_zod`; yaml names its error class. The check does load zod (its
      // Genesys models validate answers), so the probe can see it.
      expect(loadedBy('cli-check.cjs').some((text) => text.includes('_zod'))).toBe(true);
      const explain = loadedBy('cli-explain.cjs');
      expect(explain.filter((text) => text.includes('_zod') || text.includes('YAMLParseError'))).toEqual([]);
    },
    CHILD_MS,
  );
});
