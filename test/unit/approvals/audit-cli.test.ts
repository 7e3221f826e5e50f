import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatAuditTable, parseSince } from '../../../src/approvals/audit-format';
import { runCli, type CliIo } from '../../../src/cli/main';
import { PostgresStore } from '../../../src/store/postgres-store';
import { SqliteStore } from '../../../src/store/sqlite-store';
import type { AuditEntry } from '../../../src/approvals/types';
import { dropSchema, postgresForSuite, randomSchema, TEST_DATABASE_URL } from '../../support/postgres';

const dir = mkdtempSync(join(tmpdir(), 'sr-check-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[], env: NodeJS.ProcessEnv) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env,
    readStdin: async () => '',
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

describe('parseSince', () => {
  const now = Date.UTC(2025, 0, 15, 12);
  it.each([
    ['-24h', now - 24 * 3_600_000],
    ['-7d', now - 7 * 86_400_000],
    ['-30m', now - 30 * 60_000],
    ['2025-01-14T00:00:00Z', Date.UTC(2025, 0, 14)],
    ['2025-01-14', Date.UTC(2025, 0, 14)],
  ])('%s', (text, expected) => expect(parseSince(text, now)).toBe(expected));
  it.each(['yesterday', '24h', '-24x', '', '2025-13-45'])('rejects %j', (text) =>
    expect(parseSince(text, now)).toBeUndefined(),
  );
});

describe('formatAuditTable', () => {
  it('prints oldest first, one line per entry, with control characters flattened', () => {
    const entries: AuditEntry[] = [
      {
        id: 2,
        at: Date.UTC(2025, 0, 2),
        org: 'acme',
        actor: 'U0B',
        action: 'approved',
        summary: 'Grant\nrole',
        result: 'approved',
      },
      {
        id: 1,
        at: Date.UTC(2025, 0, 1),
        org: 'acme',
        actor: 'U0A',
        action: 'requested',
        summary: 'Grant role',
        target: { kind: 'user', id: 'u1' },
      },
    ];
    const lines = formatAuditTable(entries).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^time\s+org\s+actor\s+action\s+target\s+change\s+result$/);
    expect(lines[2]).toMatch(/^2025-01-01T00:00:00Z\s+acme\s+U0A\s+requested\s+user u1\s+Grant role$/);
    expect(lines[3]).toContain('Grant role');
    expect(formatAuditTable([])).toBe('No audit entries.');
  });
});

describe('sr-check audit', () => {
  it('prints the audit log from SR_CHECK_DB as a table or JSON, filtered by org and since', async () => {
    const path = join(dir, 'audit.db');
    const store = new SqliteStore({ path });
    const now = Date.now();
    await store.appendAudit({
      at: now - 48 * 3_600_000,
      org: 'acme',
      actor: 'U0OLD',
      action: 'requested',
      summary: 'old one',
    });
    await store.appendAudit({
      at: now - 3_600_000,
      org: 'acme',
      actor: 'U0REQ',
      action: 'requested',
      summary: 'Grant role "Viewer"',
    });
    await store.appendAudit({
      at: now - 60_000,
      org: 'acme',
      actor: 'U0ALICE',
      action: 'approved',
      summary: 'Grant role "Viewer"',
      result: 'approved',
    });
    await store.appendAudit({
      at: now - 60_000,
      org: 'globex',
      actor: 'system',
      action: 'expired',
      summary: 'other org',
    });
    await store.close();
    const env = { SR_CHECK_DB: path };

    const table = await run(['audit', '--org', 'acme', '--since', '-24h'], env);
    expect(table.code).toBe(0);
    const rows = table.stdout.trim().split('\n').slice(2);
    expect(rows.map((r) => r.split(/\s{2,}/)[3])).toEqual(['requested', 'approved']);

    const json = await run(['audit', '--json'], env);
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as AuditEntry[]).map((e) => e.actor)).toEqual([
      'U0OLD',
      'U0REQ',
      'U0ALICE',
      'system',
    ]);

    const since = await run(['audit', '--since=-2h', '--json'], env);
    expect((JSON.parse(since.stdout) as AuditEntry[]).map((e) => e.org)).toEqual(['acme', 'acme', 'globex']);
  });

  it('answers bad options with exit 2 and usage, and a missing database with exit 1', async () => {
    for (const argv of [
      ['audit', '--since', 'yesterday'],
      ['audit', '--bogus'],
      ['audit', '--limit', '0'],
    ]) {
      const result = await run(argv, { SR_CHECK_DB: join(dir, 'audit.db') });
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^sr-check: .+\nUsage: sr-check audit/);
    }
    const missing = await run(['audit'], { SR_CHECK_DB: join(dir, 'nowhere.db') });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no sr-check database/);
  });
});

// Issue 14 item 8: with SR_CHECK_DATABASE_URL set, audit read SR_CHECK_DB (no such file) instead of PostgreSQL.
const pg = postgresForSuite('sr-check audit on PostgreSQL', it);

describe.skipIf(!pg.available)('sr-check audit on PostgreSQL (SR_CHECK_DATABASE_URL)', () => {
  const schema = randomSchema('audit_cli');
  afterAll(() => dropSchema(schema));

  it('reads the audit log from PostgreSQL, as the app writes it, ignoring SR_CHECK_DB', async () => {
    const store = await PostgresStore.open({ connectionString: TEST_DATABASE_URL, schema });
    const now = Date.now();
    await store.appendAudit({
      at: now - 48 * 3_600_000,
      org: 'acme',
      actor: 'U0OLD',
      action: 'requested',
      summary: 'old one',
    });
    await store.appendAudit({
      at: now - 60_000,
      org: 'acme',
      actor: 'U0ALICE',
      action: 'approved',
      summary: 'Grant role "Viewer"',
      result: 'approved',
    });
    await store.appendAudit({
      at: now - 30_000,
      org: 'globex',
      actor: 'system',
      action: 'expired',
      summary: 'other org',
    });
    await store.close();
    const env = {
      SR_CHECK_DATABASE_URL: TEST_DATABASE_URL,
      SR_CHECK_DATABASE_SCHEMA: schema,
      SR_CHECK_DB: join(dir, 'not-this-one.db'),
    };

    const json = await run(['audit', '--json'], env);
    expect(json.code, json.stderr).toBe(0);
    expect((JSON.parse(json.stdout) as AuditEntry[]).map((e) => e.actor)).toEqual(['U0OLD', 'U0ALICE', 'system']);

    const table = await run(['audit', '--org', 'acme', '--since', '-24h'], env);
    expect(table.code).toBe(0);
    expect(
      table.stdout
        .trim()
        .split('\n')
        .slice(2)
        .map((r) => r.split(/\s{2,}/)[2]),
    ).toEqual(['U0ALICE']);
  });

  it('a database that cannot be reached fails (exit 1) naming it without its password', async () => {
    const out = await run(['audit'], { SR_CHECK_DATABASE_URL: 'postgres://sr:hunter2-LEAKCANARY@127.0.0.1:1/none' });
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(
      /^sr-check: could not open the PostgreSQL store at postgres:\/\/sr@127\.0\.0\.1:1\/none/,
    );
    expect(out.stderr).not.toContain('hunter2');
  });
});
