/**
 * Shipped data validated at build time. The catalog, the folklore and the shipped scenarios are parsed (JSON,
 * YAML) and validated (zod) by `npm run build` (scripts/build.ts) with the same code the fallback runs, and
 * written next to the compiled code (dist/prebuilt/NAME.json) with a hash of each source file. At run time a
 * loader takes the prebuilt value only when every source file still has the bytes it was built from; otherwise
 * (no build, a source edited since) it validates the sources as before. So a CLI start reads JSON instead of
 * loading YAML and zod for data that cannot have changed, and the shortcut cannot drift from the sources.
 * Sources under src/ find no prebuilt file (it exists only beside the compiled code), so tests of src validate.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

interface PrebuiltFile {
  /** Source name (the caller's key) → sha256 of its bytes at build time. */
  sources: Record<string, string>;
  value: unknown;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The prebuilt file's text for `value`, built from `sources` (name → path). */
export function prebuiltText(value: unknown, sources: Record<string, string>): string {
  const hashes = Object.fromEntries(Object.entries(sources).map(([name, path]) => [name, sha256(readFileSync(path))]));
  return JSON.stringify({ sources: hashes, value } satisfies PrebuiltFile);
}

/**
 * The value in `file` when it exists and was built from exactly the current bytes of `sources` (the same names
 * as when built); undefined otherwise, and the caller validates the sources itself.
 */
export function readPrebuilt<T>(file: string, sources: Record<string, string>): T | undefined {
  let prebuilt: PrebuiltFile;
  try {
    prebuilt = JSON.parse(readFileSync(file, 'utf8')) as PrebuiltFile;
  } catch {
    return undefined;
  }
  const names = Object.keys(sources);
  if (names.length !== Object.keys(prebuilt.sources ?? {}).length) return undefined;
  for (const name of names) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(sources[name]!);
    } catch {
      return undefined;
    }
    if (prebuilt.sources[name] !== sha256(bytes)) return undefined;
  }
  return prebuilt.value as T;
}
