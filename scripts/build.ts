/**
 * The build's second step, after tsc (`npm run build`):
 *  - writes the prebuilt forms of the shipped data into dist/prebuilt (src/build/prebuilt.ts; read at run time
 *    by src/prebuilt.ts);
 *  - bundles the CLI (src/cli/main.ts) with esbuild into dist/bundle; bin/sr-check.js loads dist/bundle/cli.js.
 *    Node 20 spends most of a CLI start finding, reading and compiling ~400 module files one by one (no compile
 *    cache before Node 22); the bundle is a handful of files, and tree-shaking drops the parts of zod and other
 *    packages nothing calls. The dispatcher (main.ts: flags, help, version) is one CommonJS file; each module it
 *    imports lazily is an entry of one ESM build with code splitting (shared code in shared chunks, loaded once),
 *    so --version and --help load one 22 KB file and never start the ESM loader, and a command loads its chunks.
 *    The files sit two levels under the package (dist/bundle/), as the compiled modules do, so their
 *    `__dirname`-relative paths (data/, scenarios/, package.json, dist/prebuilt) are the same.
 * Plugins (scripts/bundle-plugins.ts) keep packages from doing at load what sr-check never needs (axios reading
 * the fetch globals, which compiles undici; form-data building its MIME tables).
 * The rest of dist/ (tsc's output: the Slack app, dist-based tests) is unchanged.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { writePrebuilt } from '../src/build/prebuilt';
import { axiosFormDataOnDemand, axiosGlobalsOnDemand, fallbackRequiresAtRunTime } from './bundle-plugins';

const ROOT = join(__dirname, '..');
const BUNDLE_DIR = join(ROOT, 'dist', 'bundle');
const CLI_DIR = join(ROOT, 'src', 'cli');

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
 * ESM chunks have no `require`, `__filename` or `__dirname`; the bundled CommonJS packages and src's
 * `__dirname`-relative paths need them: each chunk defines them for itself.
 */
const COMMONJS_NAMES = [
  "import { createRequire as __srCreateRequire } from 'node:module';",
  "import { fileURLToPath as __srFileURLToPath } from 'node:url';",
  "import { dirname as __srDirname } from 'node:path';",
  'const require = __srCreateRequire(import.meta.url);',
  'const __filename = __srFileURLToPath(import.meta.url);',
  'const __dirname = __srDirname(__filename);',
].join('\n');

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
    metafile: true,
    logLevel: 'warning',
  } as const;
  const lazy = lazyImports();
  // The commands: ESM with code splitting, one entry per module the dispatcher imports lazily.
  const commands = await build({
    ...common,
    entryPoints: Object.fromEntries(lazy.map((specifier) => [entryName(specifier), join(CLI_DIR, specifier)])),
    outdir: BUNDLE_DIR,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    splitting: true,
    format: 'esm',
    banner: { js: COMMONJS_NAMES },
    plugins: [axiosGlobalsOnDemand, axiosFormDataOnDemand, fallbackRequiresAtRunTime],
  });
  // The dispatcher (src/cli/main.ts): one CommonJS file, its lazy imports pointing at those entries. --version
  // and --help then never start Node's ESM loader (~10 ms of CPU on Node 20).
  const dispatcher = await build({
    ...common,
    entryPoints: [join(CLI_DIR, 'main.ts')],
    outfile: join(BUNDLE_DIR, 'cli.js'),
    format: 'cjs',
    plugins: [
      {
        name: 'lazy-commands',
        setup(plugin) {
          plugin.onResolve({ filter: /^\.\.?\// }, (args) =>
            args.kind === 'dynamic-import' && lazy.includes(args.path)
              ? { path: `./${entryName(args.path)}.mjs`, external: true }
              : undefined,
          );
        },
      },
    ],
  });
  const result = { metafile: { outputs: { ...commands.metafile.outputs, ...dispatcher.metafile.outputs } } };
  const files = Object.keys(result.metafile.outputs);
  const bytes = Object.values(result.metafile.outputs).reduce((sum, out) => sum + out.bytes, 0);
  process.stdout.write(`dist/bundle: ${files.length} files, ${Math.round(bytes / 1024)} KB\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`build failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
