/**
 * Node versions (issue 24, item 4): `engines` says which majors are supported, every locked package accepts
 * the lowest release of each, the image's base is one of them, and docs/deploy.md says the same. A dependency
 * upgrade that drops Node 20 (better-sqlite3 13 needs 22) fails here, naming the package.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = join(__dirname, '..', '..', '..');
const read = (file: string) => readFileSync(join(REPO, file), 'utf8');
// semver is in the tree through @slack/bolt (jsonwebtoken); typed here to what the test uses.
const semver = createRequire(__filename)('semver') as {
  satisfies(version: string, range: string): boolean;
  minVersion(range: string): { version: string } | null;
};

const pkg = JSON.parse(read('package.json')) as { engines: { node: string } };
const lock = JSON.parse(read('package-lock.json')) as {
  packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean; version?: string }>;
};
/** The lowest release of each supported major, from the engines range itself. */
const LOWEST = pkg.engines.node.split('||').map((part) => semver.minVersion(part.trim())!.version);

describe('Node versions', () => {
  it('engines: Node 20 (the floor, end of life 2026-04-30), 22 and 24', () => {
    expect(LOWEST.map((v) => Number(v.split('.')[0]))).toEqual([20, 22, 24]);
    expect(semver.satisfies(process.version, pkg.engines.node)).toBe(true);
  });

  it('every locked package accepts the lowest 20, 22 and 24 releases (optional platform packages aside)', () => {
    const refusals: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      const range = !Array.isArray(entry.engines) ? entry.engines?.node : undefined;
      if (!path || !range || entry.optional) continue;
      for (const version of LOWEST)
        if (!semver.satisfies(version, range)) refusals.push(`${path}@${entry.version} (${range}) refuses ${version}`);
    }
    expect(refusals).toEqual([]);
  });

  it('better-sqlite3 stays on 12.x while Node 20 is supported (13 needs Node 22)', () => {
    expect(lock.packages['node_modules/better-sqlite3']?.version).toMatch(/^12\./);
  });

  it('the image base is a supported major, and docs/deploy.md states the range and the end of life', () => {
    const image = /^ARG NODE_IMAGE=node:(\d+)/m.exec(read('Dockerfile'))?.[1];
    expect(LOWEST.map((v) => v.split('.')[0])).toContain(image);
    const deploy = read('docs/deploy.md');
    expect(deploy).toContain(pkg.engines.node);
    expect(deploy).toContain('2026-04-30');
  });
});
