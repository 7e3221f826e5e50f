/**
 * The CLI bundle's loader for its command files (dist/bundle/*.cjs, scripts/build.ts), with a V8 code cache.
 * Node 20 has no compile cache (module.enableCompileCache is Node 22), so every start parses and compiles the
 * chunks a command runs, function by function as they are first called. The build runs a few commands once
 * and keeps, beside each file, what V8 compiled for it (FILE.v8cache); a later start hands that to V8 instead
 * of compiling again (org=demo compiles ~3 MB of bundle).
 *
 * The cache only ever saves compilation: the code run is always the file's text. V8 rejects data from another
 * V8 version or other flags by itself, but checks the source by its length only, so each cache file starts with
 * the sha256 of the exact bytes it was made from (~2 ms for the 3 MB a check loads); a missing, foreign or
 * rejected cache means the file is compiled as without one. The files are CommonJS modules as Node would run
 * them (the same wrapper and arguments), each loaded once per process; a `require` of another bundle file
 * (`./NAME.cjs`) comes back here, any other goes to Node's require for that file.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

interface Loaded {
  module: { exports: unknown };
  script: Script;
  hash: Buffer;
  filename: string;
  /** V8 took this file's code cache. */
  cached: boolean;
}

const HASH_BYTES = 32;
const loaded = new Map<string, Loaded>();

/** The file's V8 code cache beside it. */
export function cacheFileOf(filename: string): string {
  return `${filename}.v8cache`;
}

function sha256(bytes: Buffer): Buffer {
  return createHash('sha256').update(bytes).digest();
}

/** The cached data made from exactly these bytes, or undefined. */
function cachedDataFor(filename: string, hash: Buffer): Buffer | undefined {
  let cache: Buffer;
  try {
    cache = readFileSync(cacheFileOf(filename));
  } catch {
    return undefined;
  }
  return cache.length > HASH_BYTES && cache.subarray(0, HASH_BYTES).equals(hash)
    ? cache.subarray(HASH_BYTES)
    : undefined;
}

/** Loads (once) the bundle file `filename` (absolute) and answers its exports, as `require` would. */
export function loadBundled(filename: string): unknown {
  const known = loaded.get(filename);
  if (known) return known.module.exports;
  const bytes = readFileSync(filename);
  const hash = sha256(bytes);
  // Module.wrap's wrapper: the same five names a CommonJS module sees.
  const cachedData = cachedDataFor(filename, hash);
  const script = new Script(
    `(function (exports, require, module, __filename, __dirname) { ${bytes.toString('utf8')}\n});`,
    { filename, cachedData },
  );
  const module = { exports: {} as unknown };
  // Registered before it runs, as Node does, so a cycle between chunks sees the exports object being filled.
  loaded.set(filename, {
    module,
    script,
    hash,
    filename,
    cached: cachedData !== undefined && !script.cachedDataRejected,
  });
  const dir = dirname(filename);
  const nodeRequire = createRequire(filename);
  const require = Object.assign(
    (id: string): unknown =>
      id.startsWith('./') && id.endsWith('.cjs') && !id.includes('/', 2) ? loadBundled(join(dir, id)) : nodeRequire(id),
    { resolve: nodeRequire.resolve, cache: nodeRequire.cache, main: nodeRequire.main },
  );
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, require, module, filename, dir);
  return module.exports;
}

/** Whether V8 took the code cache of a loaded file (undefined: not loaded here). */
export function usedCodeCache(filename: string): boolean | undefined {
  return loaded.get(filename)?.cached;
}

/**
 * Writes the code cache of every file loaded so far (the build calls it after running the commands it trains
 * on): what V8 holds for each now, so functions those commands ran are in it. Answers the files written.
 */
export function writeCodeCaches(): string[] {
  return [...loaded.values()].map(({ script, hash, filename }) => {
    writeFileSync(cacheFileOf(filename), Buffer.concat([hash, script.createCachedData()]));
    return filename;
  });
}
