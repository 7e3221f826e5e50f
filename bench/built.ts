/**
 * The benches that time sr-check's own code measure what ships: dist/ as `npm run build` makes it (tsc's output,
 * which `npm start` runs, and the CLI bundle), not the sources under tsx, whose esbuild transform names every
 * closure it creates (`__name`), a cost the product does not have (~5% of the paste detector's time, issue 26).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..');

/** Rebuilds dist/ when a source file is newer than `compiled` (a file of dist/); says so when it did. */
export function ensureBuilt(compiled: string): string | undefined {
  let builtAt = 0;
  try {
    builtAt = statSync(compiled).mtimeMs;
  } catch {
    builtAt = 0;
  }
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
      const path = join(dir, entry.name);
      return Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
    }, 0);
  if (newest(join(ROOT, 'src')) <= builtAt) return undefined;
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  return 'dist/ was older than src/: rebuilt (npm run build) before measuring';
}
