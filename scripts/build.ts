/**
 * The build's second step, after tsc (`npm run build`):
 *  - writes the prebuilt forms of the shipped data into dist/prebuilt (src/build/prebuilt.ts; read at run time
 *    by src/prebuilt.ts);
 *  - bundles the CLI (src/cli/main.ts) with esbuild into dist/bundle: bin/sr-check.js loads dist/bundle/cli.mjs.
 *    Node 20 spends most of a CLI start finding, reading and compiling ~400 module files one by one (no compile
 *    cache before Node 22); the bundle is a handful of files, and tree-shaking drops the parts of zod and other
 *    packages nothing calls. ESM with code splitting keeps the lazy command imports of src/cli/main.ts lazy: each
 *    command's code is a chunk loaded when that command runs, so --version and --help still load only the
 *    dispatcher. The chunks sit two levels under the package (dist/bundle/), as the compiled modules do, so their
 *    `__dirname`-relative paths (data/, scenarios/, package.json, dist/prebuilt) are the same.
 * The rest of dist/ (tsc's output: the Slack app, dist-based tests) is unchanged.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { writePrebuilt } from '../src/build/prebuilt';

const ROOT = join(__dirname, '..');
const BUNDLE_DIR = join(ROOT, 'dist', 'bundle');

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
  const result = await build({
    entryPoints: { cli: join(ROOT, 'src', 'cli', 'main.ts') },
    outdir: BUNDLE_DIR,
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Less to read and parse at every start; identifiers kept, so a stack trace (SR_CHECK_DEBUG=1) still names them.
    minifyWhitespace: true,
    minifySyntax: true,
    banner: { js: COMMONJS_NAMES },
    // The native SQLite binding is loaded from node_modules; pg-native is pg's optional binding, not installed.
    external: ['better-sqlite3', 'pg-native'],
    metafile: true,
    logLevel: 'warning',
  });
  const files = Object.keys(result.metafile.outputs);
  const bytes = Object.values(result.metafile.outputs).reduce((sum, out) => sum + out.bytes, 0);
  process.stdout.write(`dist/bundle: ${files.length} files, ${Math.round(bytes / 1024)} KB\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`build failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
