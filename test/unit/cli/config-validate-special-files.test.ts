/**
 * Issue 14 item 6 (review): `sr-check config validate` read the file with readFileSync before the loader ran,
 * so `/dev/zero` was read without end (gigabytes of memory) and a FIFO with no writer blocked forever. It now
 * reads the file once, through the loader's own special-file refusal. Each case runs the CLI in a child process
 * with a kill timer, so a hang fails the test instead of stalling CI.
 */
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../config/config-fixtures';

const CHILD = join(__dirname, 'cli-child.ts');
/** Generous for a cold tsx start on a busy machine; a hang is killed at this point. */
const HANG_MS = 15_000;

interface ChildRun {
  hung: boolean;
  code: number | null;
  stdout: string;
  stderr: string;
}

function validateInChild(file: string): Promise<ChildRun> {
  return cliInChild(['config', 'validate', file]);
}

function cliInChild(args: string[]): Promise<ChildRun> {
  return new Promise((resolve) => {
    const { VITEST: _v, VITEST_WORKER_ID: _w, VITEST_POOL_ID: _p, ...base } = process.env;
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
      env: { PATH: base.PATH ?? '', HOME: base.HOME ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), HANG_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ hung: signal === 'SIGKILL', code, stdout, stderr });
    });
  });
}

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

describe('sr-check config validate never blocks on a special file', () => {
  it(
    '/dev/zero is refused as not a regular file, exit 2',
    async () => {
      const run = await validateInChild('/dev/zero');
      expect(run.hung).toBe(false);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/config file \/dev\/zero is not a regular file \(a character device/);
      expect(run.stdout).toBe('');
    },
    HANG_MS + 5_000,
  );

  it(
    'a FIFO with no writer is refused, not waited on, exit 2',
    async () => {
      const fifo = join(temp.dir, 'orgs.yml');
      execFileSync('mkfifo', [fifo]);
      const run = await validateInChild(fifo);
      expect(run.hung).toBe(false);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/orgs\.yml is not a regular file \(a FIFO/);
    },
    HANG_MS + 5_000,
  );

  it(
    'a file larger than the limit is refused by its size',
    async () => {
      const big = temp.write('big.yaml', `# ${'x'.repeat(2 * 1024 * 1024)}\n`);
      const run = await validateInChild(big);
      expect(run.hung).toBe(false);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/big\.yaml is larger than 1048576 bytes/);
    },
    HANG_MS + 5_000,
  );
});

describe('sr-check sim --scenario FILE never blocks on a special file', () => {
  it(
    '/dev/zero and a FIFO are refused at once: the simulator does not start (exit 1)',
    async () => {
      const fifo = join(temp.dir, 'scenario.yaml');
      execFileSync('mkfifo', [fifo]);
      const [zero, pipe] = await Promise.all([
        cliInChild(['sim', '--scenario', '/dev/zero', '--port', '0']),
        cliInChild(['sim', '--scenario', fifo, '--port', '0']),
      ]);
      expect([zero.hung, pipe.hung]).toEqual([false, false]);
      expect([zero.code, pipe.code]).toEqual([1, 1]);
      expect(zero.stderr).toMatch(/scenario file \/dev\/zero is not a regular file \(a character device/);
      expect(pipe.stderr).toMatch(/scenario\.yaml is not a regular file \(a FIFO/);
    },
    HANG_MS + 5_000,
  );
});
