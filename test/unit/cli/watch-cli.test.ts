/** `sr-check … --watch`: re-runs on the propagation schedule (time faked) and prints the last verdict once. */
import { describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../../src/cli/main';

describe('sr-check --watch', () => {
  it('re-runs until ten minutes pass when nothing changes, with a progress line per re-run, then prints the verdict once', async () => {
    let now = Date.parse('2026-12-01T00:00:00Z');
    let stdout = '';
    let stderr = '';
    const io: CliIo = {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      env: {},
      readStdin: async () => '',
      clock: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    };
    const code = await runCli(['org=demo', 'scenario=healthy', '--watch'], io);
    expect(code).toBe(0);
    expect(stdout.match(/^overall: PASS$/gm)).toHaveLength(1);
    const progress = stderr.trim().split('\n');
    // 15 s, 30 s, 1, 2, 3, 5, 7 and 10 min, then the closing line.
    expect(progress.length).toBeGreaterThanOrEqual(8);
    expect(progress.at(-1)).toMatch(/10 min/);
  }, 60_000);

  it('the bare word `watch` works too', async () => {
    let now = 0;
    let stdout = '';
    const io: CliIo = {
      stdout: (t) => void (stdout += t),
      stderr: () => undefined,
      env: {},
      readStdin: async () => '',
      clock: () => now,
      sleep: async (ms) => void (now += ms),
    };
    expect(await runCli(['org=demo', 'scenario=healthy', 'watch', '--json'], io)).toBe(0);
    expect(JSON.parse(stdout).overall).toBe('pass');
  }, 60_000);
});
