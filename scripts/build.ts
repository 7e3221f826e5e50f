/**
 * The build's second step, after tsc (`npm run build`):
 *  - writes the prebuilt forms of the shipped data into dist/prebuilt (src/build/prebuilt.ts; read at run time
 *    by src/prebuilt.ts);
 *  - bundles the CLI (src/cli/main.ts) with esbuild into dist/bundle; bin/sr-check.js loads dist/bundle/cli.js.
 *    Node 20 spends most of a CLI start finding, reading and compiling ~400 module files one by one (no compile
 *    cache before Node 22); the bundle is a handful of files, and tree-shaking drops the parts of zod and other
 *    packages nothing calls. The dispatcher (main.ts: flags, help, version) is one CommonJS file; each module it
 *    imports lazily is an entry of one ESM build with code splitting (shared code in shared chunks, loaded once),
 *    so --version and --help load one 22 KB file, and a command loads its chunks. esbuild splits ESM only; each
 *    chunk is then rewritten to CommonJS (its imports become require calls, file for file), so no command starts
 *    Node's ESM loader either: on Node 20 it costs ~5 ms of CPU for explain and ~25 ms for org=demo (its
 *    resolution, module records and the async job per chunk), against CommonJS's synchronous require.
 *    The dispatcher loads a command's files through scripts/bundle-loader.ts, which hands V8 the code cache the
 *    build trained for each (trainCodeCache below), checked against the file's exact bytes.
 *    The files sit two levels under the package (dist/bundle/), as the compiled modules do, so their
 *    `__dirname`-relative paths (data/, scenarios/, package.json, dist/prebuilt) are the same.
 * Plugins (scripts/bundle-plugins.ts) keep packages from doing at load what sr-check never needs (the YAML
 * parser and zod, needed only by fallbacks, stay out of the chunks).
 * The rest of dist/ (tsc's output: the Slack app, dist-based tests) is unchanged.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { build, transformSync } from 'esbuild';
import { writePrebuilt } from '../src/build/prebuilt';
import { fallbackRequiresAtRunTime } from './bundle-plugins';

const ROOT = join(__dirname, '..');
const BUNDLE_DIR = join(ROOT, 'dist', 'bundle');
const CLI_DIR = join(ROOT, 'src', 'cli');
const LOADER = join(__dirname, 'bundle-loader.ts');

/** A pasted 403 the training run explains (any paste the detector reads runs most of its code). */
const TRAINING_PASTE = [
  '2024-05-02T10:11:10.120Z DEBUG [recording-sync] GET /api/v2/conversations/0f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b',
  '2024-05-02T10:11:10.388Z ERROR [recording-sync] GET https://api.mypurecloud.com/api/v2/conversations/0f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b/recordings -> 403',
  '{"message":"You are missing the following permission(s): recording:recording:view","code":"missing.permissions","status":403}',
].join('\n');

/**
 * Runs `explain` on a paste and `org=demo` (the commands people run most; the demo's check runs the real
 * client, rules and rendering) once through the bundle, with output thrown away, in a plain `node` (a V8
 * code cache is only taken by the same V8 with the same flags), then has the loader write the code cache of
 * every file they loaded (scripts/bundle-loader.ts). The cache is optional: if this fails, the build says so
 * and the CLI compiles as without it.
 */
function trainCodeCache(): number {
  const script = [
    `const loader = require(${JSON.stringify(join(BUNDLE_DIR, 'loader.cjs'))});`,
    `const cli = require(${JSON.stringify(join(BUNDLE_DIR, 'cli.js'))});`,
    `const io = { stdout() {}, stderr() {}, env: {}, readStdin: async () => ${JSON.stringify(TRAINING_PASTE)} };`,
    "(async () => { await cli.runCli(['explain'], io); await cli.runCli(['org=demo'], io);",
    '  process.stdout.write(String(loader.writeCodeCaches().length)); process.exit(0); })();',
  ].join('\n');
  try {
    const out = execFileSync(process.execPath, ['-e', script], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      // A check that never ends must not hold the build: the training is optional.
      timeout: 120_000,
    });
    return Number(out);
  } catch (error) {
    process.stderr.write(`dist/bundle: no V8 code cache (the training run failed: ${(error as Error).message})\n`);
    return 0;
  }
}

/** The modules src/cli/main.ts loads with `await import('…')`, as written there (`./check`, `../sim`). */
function lazyImports(): string[] {
  const source = readFileSync(join(CLI_DIR, 'main.ts'), 'utf8');
  return [...new Set([...source.matchAll(/await import\('(\.\.?\/[^']+)'\)/g)].map((m) => m[1]!))];
}

/** `../config/load-config` → `config-load-config`, `./check` → `cli-check`: one flat name per entry. */
function entryName(specifier: string): string {
  return join('cli', specifier).replace(/[\\/]/g, '-');
}

/**
 * One ESM output of the split build as CommonJS: the same code, its `import … from './chunk'`
 * turned into require calls and its `import()` into a require in a promise (a chunk is one file; no top-level
 * await, which esbuild would refuse here). "use strict" keeps the strict mode an ESM module runs in. CommonJS
 * gives each file its own `require`, `__filename` and `__dirname`, which the bundled CommonJS packages and src's
 * `__dirname`-relative paths read.
 */
function asCommonJs(code: string): string {
  return transformSync(code, {
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minifyWhitespace: true,
    minifySyntax: true,
    supported: { 'dynamic-import': false },
    banner: '"use strict";',
    logLevel: 'warning',
  }).code;
}

async function main(): Promise<void> {
  const written = writePrebuilt(join(ROOT, 'dist', 'prebuilt'));
  process.stdout.write(`dist/prebuilt: ${written.length} files\n`);

  rmSync(BUNDLE_DIR, { recursive: true, force: true });
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    // Less to read and parse at every start; identifiers kept, so a stack trace (SR_CHECK_DEBUG=1) still names them.
    minifyWhitespace: true,
    minifySyntax: true,
    // The native SQLite binding is loaded from node_modules; pg-native is pg's optional binding, not installed.
    external: ['better-sqlite3', 'pg-native'],
    logLevel: 'warning',
  } as const;
  const lazy = lazyImports();
  // The commands: ESM with code splitting, one entry per module the dispatcher imports lazily.
  const commands = await build({
    ...common,
    entryPoints: Object.fromEntries(lazy.map((specifier) => [entryName(specifier), join(CLI_DIR, specifier)])),
    outdir: BUNDLE_DIR,
    // Named .cjs from the start, so the imports between chunks already name the files asCommonJs writes.
    outExtension: { '.js': '.cjs' },
    chunkNames: 'chunk-[hash]',
    splitting: true,
    format: 'esm',
    write: false,
    plugins: [fallbackRequiresAtRunTime],
  });
  mkdirSync(BUNDLE_DIR, { recursive: true });
  for (const file of commands.outputFiles) writeFileSync(file.path, asCommonJs(file.text));
  // The dispatcher (src/cli/main.ts): one CommonJS file, its lazy imports pointing at those entries and loaded
  // with require (no `import()`, which would start Node's ESM loader, ~10 ms of CPU on Node 20).
  await build({
    ...common,
    entryPoints: [join(CLI_DIR, 'main.ts')],
    outfile: join(BUNDLE_DIR, 'cli.js'),
    format: 'cjs',
    supported: { 'dynamic-import': false },
    plugins: [
      {
        name: 'lazy-commands',
        setup(plugin) {
          // A lazy import becomes a small module asking the loader (scripts/bundle-loader.ts) for that entry.
          plugin.onResolve({ filter: /^\.\.?\// }, (args) =>
            args.kind === 'dynamic-import' && lazy.includes(args.path)
              ? { path: `${entryName(args.path)}.cjs`, namespace: 'bundled-command' }
              : undefined,
          );
          plugin.onResolve({ filter: /^\.\/loader\.cjs$/ }, (args) => ({ path: args.path, external: true }));
          plugin.onLoad({ filter: /.*/, namespace: 'bundled-command' }, (args) => ({
            contents: `module.exports = require('./loader.cjs').loadBundled(require('node:path').join(__dirname, ${JSON.stringify(args.path)}));`,
            loader: 'js',
          }));
        },
      },
    ],
  });
  await build({ ...common, entryPoints: [LOADER], outfile: join(BUNDLE_DIR, 'loader.cjs'), format: 'cjs' });
  const cached = trainCodeCache();
  process.stdout.write(`dist/bundle: V8 code cache for ${cached} files\n`);
  const files = readdirSync(BUNDLE_DIR);
  const bytes = files.reduce((sum, file) => sum + statSync(join(BUNDLE_DIR, file)).size, 0);
  process.stdout.write(`dist/bundle: ${files.length} files, ${Math.round(bytes / 1024)} KB\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`build failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
