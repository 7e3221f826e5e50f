#!/usr/bin/env node

// Thin launcher: the CLI bundled by `npm run build` (scripts/build.ts; `npm ci` builds through the `prepare`
// script): the dispatcher in one file, each command's code loaded when that command runs. Source: src/cli/main.ts.
require('../dist/bundle/cli.js').runFromProcess();
