/**
 * esbuild plugins for the CLI bundle (scripts/build.ts): work a package does when it is loaded, for features
 * sr-check never uses, moved to where the feature is first used (or dropped when nothing can use it). Each
 * rewrite checks that the text it rewrites is still there, so a package upgrade that changes it fails the build
 * instead of silently bringing the start-up cost back. Measured by `npm run bench -- cli` (issue 26).
 */
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Plugin } from 'esbuild';

interface Rewrite {
  /** The package file (path under node_modules, / separated). */
  file: string;
  from: string;
  to: string;
}

/**
 * Node 20 compiles its bundled undici (~10 ms, with web streams) the first time anything reads the global
 * `fetch`, `Request`, `Response` or `FormData`; axios reads them when it loads, though on Node it sends every
 * request with its http adapter. Two reads, both made lazy with the same answers:
 *  - the fetch adapter is built at load (`const adapter = getFetch();`) as the module's default export, which no
 *    axios module imports (axios builds it again, on demand, if a config names the fetch adapter): marked pure,
 *    esbuild drops it;
 *  - `isFormData` keeps the global FormData class from load time for an `instanceof` test: read when an object
 *    is first tested instead (a string, the token request's body, or no body can be no instance).
 */
const LAZY_HTTP2 = [
  // http2 is needed for a request with httpVersion 2 only (sr-check sends none): loaded on first use.
  'let http2Module;',
  "const loadHttp2 = () => (http2Module ??= require('http2'));",
  'const http2 = {',
  '  get constants() {',
  '    return loadHttp2().constants;',
  '  },',
  '  connect: (...args) => loadHttp2().connect(...args),',
  '};',
].join('\n');

const AXIOS_REWRITES: Rewrite[] = [
  {
    file: 'axios/lib/adapters/fetch.js',
    from: 'const adapter = getFetch();',
    to: 'const adapter = /* @__PURE__ */ getFetch();',
  },
  {
    file: 'axios/lib/utils.js',
    from: "const FormDataCtor = typeof G.FormData !== 'undefined' ? G.FormData : undefined;",
    to: 'let FormDataCtor;',
  },
  {
    file: 'axios/lib/utils.js',
    from: '  if (FormDataCtor && thing instanceof FormDataCtor) return true;',
    to: [
      "  if (typeof thing === 'object' || typeof thing === 'function') {",
      "    FormDataCtor ??= typeof G.FormData !== 'undefined' ? G.FormData : null;",
      '    if (FormDataCtor && thing instanceof FormDataCtor) return true;',
      '  }',
    ].join('\n'),
  },
  // Node's http2 module (~1 ms to compile on Node 20) is imported at load for HTTP/2 requests, which sr-check
  // never makes; used as `http2.constants` and `http2.connect` only.
  ...['axios/lib/adapters/http.js', 'axios/lib/helpers/Http2Sessions.js'].map((file) => ({
    file,
    from: "import http2 from 'http2';",
    to: LAZY_HTTP2,
  })),
];

/** The files AXIOS_REWRITES names. */
const AXIOS_FILES =
  /[\\/]node_modules[\\/]axios[\\/]lib[\\/](adapters[\\/](fetch|http)|utils|helpers[\\/]Http2Sessions)\.js$/;

export const axiosGlobalsOnDemand: Plugin = {
  name: 'axios-globals-on-demand',
  setup(build) {
    build.onLoad({ filter: AXIOS_FILES }, async (args) => {
      let source = await readFile(args.path, 'utf8');
      const path = args.path.replace(/\\/g, '/');
      for (const rewrite of AXIOS_REWRITES.filter((r) => path.endsWith(`/node_modules/${r.file}`))) {
        if (!source.includes(rewrite.from))
          throw new Error(
            `${args.path}: "${rewrite.from}" not found (axios changed: revisit scripts/bundle-plugins.ts)`,
          );
        source = source.replace(rewrite.from, rewrite.to);
      }
      return { contents: source, loader: 'js' };
    });
  },
};

/**
 * axios imports the form-data package when it loads, for multipart bodies, and form-data loads mime-types,
 * which builds its tables from mime-db (a 210 KB object). sr-check sends JSON and url-encoded bodies only.
 * axios uses the class only with `new` (toFormData, the default `env.FormData`): this stand-in loads the real
 * form-data from axios's own node_modules on that first `new` and returns its instance, so the bundle neither
 * runs nor even parses form-data and its 210 KB table at start-up.
 */
const LAZY_FORM_DATA_NS = 'lazy-form-data';

export const axiosFormDataOnDemand: Plugin = {
  name: 'axios-form-data-on-demand',
  setup(build) {
    build.onResolve({ filter: /^form-data$/ }, (args) =>
      args.namespace === 'file' && /[\\/]node_modules[\\/]axios[\\/]/.test(args.importer)
        ? { path: args.importer, namespace: LAZY_FORM_DATA_NS }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: LAZY_FORM_DATA_NS }, (args) => ({
      resolveDir: dirname(args.path),
      loader: 'js',
      contents: [
        "const { createRequire } = require('node:module');",
        'let RealFormData;',
        'function FormData(...args) {',
        // Resolved where axios is installed, as axios's own import resolves it (esbuild leaves require.resolve).
        "  RealFormData ??= createRequire(require.resolve('axios'))('form-data');",
        '  return new RealFormData(...args);',
        '}',
        'module.exports = FormData;',
      ].join('\n'),
    }));
  },
};

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
