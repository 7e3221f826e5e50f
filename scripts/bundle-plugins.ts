/**
 * esbuild plugins for the CLI bundle (scripts/build.ts): work a package does when it is loaded, for features
 * sr-check never uses, moved to where the feature is first used (or dropped when nothing can use it). Measured
 * by `npm run bench -- cli` (issue 26). The axios rewrites that were here went with axios: the Genesys client
 * sends with node:http (src/genesys/http.ts).
 */
import type { Plugin } from 'esbuild';

/**
 * `require('yaml')` and `require('zod')` in src are fallbacks: they validate a shipped data file whose prebuilt
 * form is missing or stale (src/prebuilt.ts), or read a scenario file. Bundled, esbuild would put the YAML
 * parser (160 KB) and zod (150 KB) in a chunk that every command reading the catalog or a scenario loads and
 * compiles at start, used or not (`explain` used neither). Left as run-time requires, they load from
 * node_modules when a fallback runs. A static `import` of either (the config loader, the Genesys models) still
 * bundles it for the commands that need it.
 */
export const fallbackRequiresAtRunTime: Plugin = {
  name: 'fallback-requires-at-run-time',
  setup(build) {
    build.onResolve({ filter: /^(yaml|zod)$/ }, (args) =>
      args.kind === 'require-call' && /[\\/]src[\\/]/.test(args.importer)
        ? { path: args.path, external: true }
        : undefined,
    );
  },
};
