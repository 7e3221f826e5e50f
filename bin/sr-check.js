#!/usr/bin/env node

// Thin launcher: the CLI bundled by `npm run build` (scripts/build.ts; `npm ci` builds through the `prepare`
// script). One ESM file per command, loaded when that command runs; src/cli/main.ts is its source.
import('../dist/bundle/cli.mjs').then(
  (cli) => cli.runFromProcess(),
  (error) => {
    process.stderr.write(`sr-check: cannot load the CLI (${error.message}); run npm run build\n`);
    process.exitCode = 4;
  },
);
