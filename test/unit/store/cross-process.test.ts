/** Exactly-once between processes: several OS processes race on one SQLite file (as replicas on one host would). */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../src/store/sqlite-store';
import { sampleRequest } from '../../support/store';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'sr-check-race-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SqliteStore across processes', () => {
  it('gives each conditional transition and each idempotency key to exactly one of four processes', async () => {
    const path = join(dir, 'race.db');
    const count = 60;
    const store = new SqliteStore({ path });
    for (let i = 0; i < count; i++) await store.createApproval({ ...sampleRequest(Date.now()), id: `race-${i}` });
    await store.close();

    const worker = join(__dirname, 'race-worker.ts');
    const results = await Promise.all(
      [1, 2, 3, 4].map((n) =>
        run(process.execPath, ['--require', 'tsx/cjs', worker, path, String(count), String(n)], {
          cwd: join(__dirname, '..', '..', '..'),
        }),
      ),
    );
    const won = results.flatMap((r) => JSON.parse(r.stdout) as string[]);
    expect(won.filter((id) => id.startsWith('race-')).sort()).toEqual(
      Array.from({ length: count }, (_, i) => `race-${i}`).sort(),
    );
    expect(won.filter((id) => id.startsWith('key-')).sort()).toEqual(
      Array.from({ length: count }, (_, i) => `key-${i}`).sort(),
    );
    const check = new SqliteStore({ path });
    expect(await check.listApprovals({ states: ['pending'] })).toEqual([]);
    await check.close();
  }, 60_000);
});
