/**
 * Issue 26: `--version`, `--help` and `help X` answer without loading what no command of theirs needs (the
 * permission catalog, the config stack, the Genesys client, Slack, the store, the simulator, zod, pino): people
 * run them in loops and shell prompts. Each command runs in a fresh child process, which then lists the modules
 * it loaded. (How long a start takes is measured by `npm run bench -- cli`, never asserted here.)
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CHILD = join(__dirname, 'loaded-modules-child.ts');
/** Generous for a cold tsx start on a busy machine. */
const CHILD_MS = 30_000;

function modulesLoadedBy(args: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(stdout.split('\n').filter(Boolean)) : reject(new Error(`exit ${code}: ${stderr}`)),
    );
  });
}

const HEAVY = [
  /[\\/]src[\\/]catalog[\\/]/,
  /[\\/]src[\\/]config[\\/](load-config|schema)/,
  /[\\/]src[\\/]genesys[\\/]/,
  // request-words.ts is the check's list of key words (no imports): the option parser names them in its hints.
  /[\\/]src[\\/](slack|store|sim|paste|render)[\\/]/,
  /[\\/]src[\\/]diagnosis[\\/](?!request-words\.ts$)/,
  /[\\/]node_modules[\\/](zod|yaml|pino|pino-pretty|axios|undici|@slack|pg|better-sqlite3)[\\/]/,
];

describe('the CLI loads a command module only when that command runs', () => {
  for (const args of [['--version'], ['--help'], ['help', 'check'], ['help', 'explain'], ['doctor', '--help']]) {
    it(
      `sr-check ${args.join(' ')} loads none of catalog, config, Genesys client, Slack, store, simulator, zod, pino`,
      async () => {
        const loaded = await modulesLoadedBy(args);
        expect(loaded.some((file) => /[\\/]src[\\/]cli[\\/]commands\.ts$/.test(file))).toBe(true);
        expect(loaded.filter((file) => HEAVY.some((heavy) => heavy.test(file)))).toEqual([]);
      },
      CHILD_MS,
    );
  }

  it(
    'sr-check explain FILE does load the paste parser (the lazy import is wired to the command)',
    async () => {
      const loaded = await modulesLoadedBy([
        'explain',
        join(__dirname, '..', '..', '..', 'bench', 'fixtures', 'explain-50-lines.txt'),
      ]);
      expect(loaded.some((file) => /[\\/]src[\\/]paste[\\/]parse\.ts$/.test(file))).toBe(true);
    },
    CHILD_MS,
  );

  it(
    'sr-check org=demo runs the check without the approval service (a CLI check never approves) or, with no op=, the paste detector',
    async () => {
      const loaded = await modulesLoadedBy(['org=demo']);
      expect(loaded.some((file) => /[\\/]src[\\/]diagnosis[\\/]diagnose\.ts$/.test(file))).toBe(true);
      expect(
        loaded.filter((file) => /[\\/]src[\\/](approvals[\\/]|paste[\\/]|compose-approvals\.ts$)/.test(file)),
      ).toEqual([]);
    },
    CHILD_MS,
  );
});
