/**
 * The CLI bundle's loader (scripts/bundle-loader.ts): its files run as CommonJS modules, each once per process,
 * and a code cache is taken only when it was made from the file's exact bytes (V8 itself checks the length).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheFileOf, loadBundled, usedCodeCache, writeCodeCaches } from '../../../scripts/bundle-loader';

const FILES: Record<string, string> = {
  'a.cjs':
    "const b = require('./b.cjs'); exports.value = b.n + 1; exports.b = b; exports.path = require('node:path').sep;",
  'b.cjs': 'exports.n = 41; exports.dir = __dirname;',
  'c.cjs': "module.exports = { b: require('./b.cjs') };",
};

let root: string;
const dirOf = (name: string): string => join(root, name);

function writeDir(name: string, files: Record<string, string>, cachesFrom?: string): string {
  const dir = dirOf(name);
  mkdirSync(dir);
  for (const [file, text] of Object.entries(files)) {
    writeFileSync(join(dir, file), text);
    if (cachesFrom) copyFileSync(cacheFileOf(join(cachesFrom, file)), cacheFileOf(join(dir, file)));
  }
  return dir;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'sr-check-bundle-loader-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('loadBundled', () => {
  it('runs each file once as a CommonJS module: shared requires, __dirname, Node modules', () => {
    const dir = writeDir('first', FILES);
    const a = loadBundled(join(dir, 'a.cjs')) as { value: number; b: { dir: string }; path: string };
    const c = loadBundled(join(dir, 'c.cjs')) as { b: unknown };
    expect(a.value).toBe(42);
    expect(c.b).toBe(a.b);
    expect(a.b.dir).toBe(dir);
    expect(a.path).toBe(require('node:path').sep);
    expect(usedCodeCache(join(dir, 'a.cjs'))).toBe(false);
  });

  it('uses a code cache made from the same bytes, and ignores one made from other bytes of the same length', () => {
    const written = writeCodeCaches();
    const first = dirOf('first');
    for (const file of Object.keys(FILES)) {
      expect(written).toContain(join(first, file));
      expect(existsSync(cacheFileOf(join(first, file)))).toBe(true);
    }
    const same = writeDir('same', FILES, first);
    expect((loadBundled(join(same, 'a.cjs')) as { value: number }).value).toBe(42);
    expect(usedCodeCache(join(same, 'b.cjs'))).toBe(true);

    const edited = { ...FILES, 'b.cjs': FILES['b.cjs']!.replace('41', '40') };
    expect(edited['b.cjs']!.length).toBe(FILES['b.cjs']!.length);
    const stale = writeDir('stale', edited, first);
    expect((loadBundled(join(stale, 'a.cjs')) as { value: number }).value).toBe(41);
    expect(usedCodeCache(join(stale, 'b.cjs'))).toBe(false);
    expect(usedCodeCache(join(stale, 'a.cjs'))).toBe(true);
  });
});
