/**
 * Issue 14 item 6: `clientSecretFile: /dev/zero`, a FIFO, or `--config /dev/zero` hung start-up. Only regular
 * files are read, and their size is checked before reading. Each case runs loadConfig in a child process with
 * a kill timer, so a hang fails the test instead of stalling CI.
 */
import { spawn, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { baseOrg, CLIENT_ID, makeTempDir } from './config-fixtures';

const CHILD = join(__dirname, 'load-config-child.ts');
/** Generous for a cold tsx start on a busy machine; a hang is killed at this point. */
const HANG_MS = 15_000;

interface ChildAnswer {
  hung: boolean;
  result?: { ok: boolean; errors?: Array<{ path: string; message: string }> };
}

function loadInChild(configPath: string): Promise<ChildAnswer> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, configPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), HANG_MS);
    child.on('close', (_code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') return resolve({ hung: true });
      resolve({ hung: false, result: JSON.parse(out.trim().split('\n').pop() ?? '{}') });
    });
  });
}

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

function configWithSecretFile(secretFile: string): string {
  return temp.write(
    'config.yaml',
    stringify({ orgs: { acme: { ...baseOrg(), diagnostic: { clientId: CLIENT_ID, clientSecretFile: secretFile } } } }),
  );
}

describe('special files never hang start-up', () => {
  it(
    '--config /dev/zero is refused as not a regular file',
    async () => {
      const answer = await loadInChild('/dev/zero');
      expect(answer.hung).toBe(false);
      expect(answer.result?.ok).toBe(false);
      expect(answer.result?.errors?.[0]?.message).toMatch(/\/dev\/zero is not a regular file/);
    },
    HANG_MS + 5_000,
  );

  it(
    '--config naming a FIFO with no writer is refused, not waited on',
    async () => {
      const fifo = join(temp.dir, 'config.fifo');
      execFileSync('mkfifo', [fifo]);
      const answer = await loadInChild(fifo);
      expect(answer.hung).toBe(false);
      expect(answer.result?.errors?.[0]?.message).toMatch(/is not a regular file \(a FIFO/);
    },
    HANG_MS + 5_000,
  );

  it(
    'clientSecretFile: /dev/zero is refused with the field named',
    async () => {
      const answer = await loadInChild(configWithSecretFile('/dev/zero'));
      expect(answer.hung).toBe(false);
      expect(answer.result?.errors).toEqual([
        expect.objectContaining({
          path: 'orgs.acme.diagnostic.clientSecretFile',
          message: expect.stringMatching(/\/dev\/zero is not a regular file/),
        }),
      ]);
    },
    HANG_MS + 5_000,
  );

  it(
    'clientSecretFile naming a FIFO is refused, not waited on',
    async () => {
      const fifo = join(temp.dir, 'secret.fifo');
      execFileSync('mkfifo', [fifo]);
      const answer = await loadInChild(configWithSecretFile(fifo));
      expect(answer.hung).toBe(false);
      expect(answer.result?.errors?.[0]?.message).toMatch(/secret\.fifo is not a regular file \(a FIFO/);
    },
    HANG_MS + 5_000,
  );

  it(
    'a config file larger than the limit is refused by its size, before it is read',
    async () => {
      const big = temp.write('big.yaml', `# ${'x'.repeat(2 * 1024 * 1024)}\n`);
      const answer = await loadInChild(big);
      expect(answer.result?.errors?.[0]?.message).toMatch(/is larger than 1048576 bytes/);
    },
    HANG_MS + 5_000,
  );
});
