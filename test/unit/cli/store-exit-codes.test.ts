/**
 * `audit` and `history` read the same store and answer a store they cannot open alike: exit 1 (docs/cli.md,
 * "Exit status"), whether the SQLite file is missing or PostgreSQL does not answer; bad arguments stay exit 2.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../support/cli';

const NO_FILE = { SR_CHECK_DB: join(tmpdir(), 'sr-check-store-exit-none.db') };
/** Loopback port 1: nothing listens there, so the connection is refused at once. */
const NO_POSTGRES = { SR_CHECK_DATABASE_URL: 'postgres://sr:pw-LEAKCANARY@127.0.0.1:1/none' };

describe('a store that cannot be opened', () => {
  it.each([
    ['audit', ['audit'], NO_FILE],
    ['history', ['history', 'org=acme'], NO_FILE],
    ['audit (PostgreSQL)', ['audit'], NO_POSTGRES],
    ['history (PostgreSQL)', ['history', 'org=acme'], NO_POSTGRES],
  ])('%s exits 1 with one line saying so, nothing on stdout', async (_name, args, env) => {
    const run = await runCliCaptured(args, env);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^sr-check: /);
    expect(run.stderr).not.toMatch(/Usage:/);
    expect(run.stderr).not.toContain('LEAKCANARY');
  });

  it.each([
    ['audit', ['audit', '--limit', '0']],
    ['history', ['history', 'org=acme', '--limit', '0']],
  ])('%s with bad arguments is still a usage error (exit 2), the store not opened', async (_name, args) => {
    const run = await runCliCaptured(args, NO_FILE);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Usage: sr-check/);
  });
});
