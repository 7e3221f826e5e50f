/**
 * `sr-check org=a,b` / `org=*`, `compare=` and `sr-check history` through the CLI (in-process, orgs on the Genesys
 * simulator, the orgs file written as an operator would): stdout, stderr and exit status.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerdictHistoryEntry } from '../../../src/diagnosis/history';
import { SqliteStore } from '../../../src/store/sqlite-store';
import { runCliCaptured } from '../../support/cli';
import { healthyMinusViewerGrant, startOrgs, TARGET_CLIENT, type SimOrg } from '../../support/many-orgs';

/** The healthy scenario's fixer client: it lacks the target client's "Screen Recording Viewer" grant. */
const FIXER_CLIENT = '9dd6054f-efab-4657-9a7f-b5471c523740';
const OTHER_CLIENT = '3f2a1b4c-0000-4000-8000-00000000000b';

describe('sr-check with several orgs, compare= and history', () => {
  let orgs: SimOrg[];
  let configPath: string;
  const env: NodeJS.ProcessEnv = {};

  beforeAll(async () => {
    orgs = await startOrgs([
      { name: 'acme', scenario: 'healthy' },
      { name: 'globex', scenario: healthyMinusViewerGrant() },
    ]);
    const lines = ['orgs:'];
    for (const { name, org } of orgs) {
      const secretEnv = `${name.toUpperCase()}_DIAG_SECRET`;
      env[secretEnv] = org.diagnostic.clientSecret.reveal();
      lines.push(
        `  ${name}:`,
        `    apiBaseUrl: ${org.apiBaseUrl}`,
        `    loginBaseUrl: ${org.loginBaseUrl}`,
        `    diagnostic: { clientId: ${org.diagnostic.clientId}, clientSecretEnv: ${secretEnv} }`,
        `    target: { client: ${org.target?.client ?? TARGET_CLIENT} }`,
      );
    }
    const dir = mkdtempSync(join(tmpdir(), 'sr-check-many-'));
    configPath = join(dir, 'orgs.yml');
    writeFileSync(configPath, `${lines.join('\n')}\n`);
  });
  afterAll(async () => {
    await Promise.all((orgs ?? []).map((o) => o.sim.close()));
  });

  it("org=acme,globex prints the matrix, the failing org's fix and what differs, and exits 1", async () => {
    const run = await runCliCaptured(['org=acme,globex,nosuch', '--config', configPath], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^org\s+overall\s+credentials/m);
    expect(run.stdout).toMatch(/^globex\s+FAIL/m);
    expect(run.stdout).toMatch(/^acme\s+PASS/m);
    expect(run.stdout).toMatch(/^nosuch\s+N\/A\s+no such org here/m);
    expect(run.stdout).toContain('Screen Recording Viewer');
    expect(run.stdout).toContain('differs from acme:');
    expect(run.stdout).toMatch(/2 org\(s\), 1 pass, 0 warn, 1 fail, 0 unknown, 1 not available here/);
  });

  it('org=demo,acme: the demo row says the demo org runs alone, not that there is no such org', async () => {
    const run = await runCliCaptured(['org=demo,acme', '--config', configPath], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^demo\s+N\/A\s+the demo org runs alone \(sr-check org=demo\)$/m);
    expect(run.stdout).not.toContain('no such org here');
    const alone = await runCliCaptured(['org=demo,nosuch', '--config', configPath], env);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('the demo org runs alone (sr-check org=demo)');
  });

  it("--json gives every verdict and a summary; org='*' runs every configured org", async () => {
    const run = await runCliCaptured(['org=*', '--json', '--config', configPath], env);
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json.verdicts.map((v: { org: string }) => v.org).sort()).toEqual(['acme', 'globex']);
    expect(json.summary).toMatchObject({ orgs: 2, pass: 1, fail: 1, reference: 'acme', notAvailable: [] });
    expect(json.differs.globex.join('\n')).toContain('Screen Recording Viewer');
    expect(run.stdout).not.toContain('LEAKCANARY');
  });

  it('org= naming no configured org, and --watch with several orgs, are usage errors', async () => {
    const none = await runCliCaptured(['org=nosuch,other', '--config', configPath], env);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^sr-check: no configured org among nosuch, other \(sr-check orgs lists them\)\n/);
    const watch = await runCliCaptured(['org=acme,globex', '--watch', '--config', configPath], env);
    expect(watch.code).toBe(2);
    expect(watch.stderr).toMatch(/^sr-check: --watch works with one org\n/);
  });

  it('compare= runs two identities of one org and names the role grant the working one has', async () => {
    const args = ['org=acme', `client=${FIXER_CLIENT}`, `compare=${TARGET_CLIENT}`, '--config', configPath];
    const run = await runCliCaptured(args, env);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^compare · org acme$/m);
    expect(run.stdout).toMatch(/^1\. FAIL +OAuth client "sr-check fixer"/m);
    expect(run.stdout).toMatch(/^2\. PASS +OAuth client "ArchiveBridge Screen Archiver"/m);
    expect(run.stdout).toContain('what 2 (passing) has and the other lacks:');
    expect(run.stdout).toContain(
      'client "ArchiveBridge Screen Archiver" holds role "Screen Recording Viewer" in all divisions (*); client "sr-check fixer" does not',
    );
    const json = JSON.parse((await runCliCaptured([...args, '--json'], env)).stdout);
    expect(json).toMatchObject({
      org: 'acme',
      working: 'second',
      first: { overall: 'fail' },
      second: { overall: 'pass' },
    });
    expect(json.differences.join('\n')).toContain('Screen Recording Viewer');
  });

  it('compare= in an org that is not configured is a usage error, and nothing runs', async () => {
    const unknown = await runCliCaptured(
      ['org=nosuch', `client=${TARGET_CLIENT}`, `compare=${OTHER_CLIENT}`, '--config', configPath],
      env,
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^sr-check: unknown org "nosuch"/);
    expect(unknown.stdout).toBe('');
  });
});

describe('sr-check history', () => {
  const entry = (at: number, overall: VerdictHistoryEntry['overall'], headline: string): VerdictHistoryEntry => ({
    org: 'acme',
    at,
    source: 'schedule',
    overall,
    statusSince: at,
    headline,
    identity: { kind: 'oauth-client', id: 'c1' },
    checks: [{ id: 'role', status: overall === 'fail' ? 'fail' : 'pass' }],
    missingPermissions: [],
  });

  it("prints the org's history newest first from the SQLite store, --json as stored, --limit bounds it", async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sr-check-history-')), 'sr-check.db');
    const store = new SqliteStore({ path });
    await store.appendHistory(entry(Date.UTC(2026, 10, 30, 10), 'pass', 'All checks pass'));
    await store.appendHistory(
      entry(Date.UTC(2026, 10, 30, 11), 'fail', 'role fails: Grant recording:screenRecording:view'),
    );
    await store.close();
    const env = { SR_CHECK_DB: path };

    const text = await runCliCaptured(['history', 'org=acme'], env);
    expect(text.code).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines[0]).toBe('verdict history · org acme · newest first');
    expect(lines[2]).toMatch(/^2026-11-30T11:00:00\.000Z\s+FAIL\s+schedule role fails/);
    expect(lines[3]).toMatch(/^2026-11-30T10:00:00\.000Z\s+PASS/);

    const json = await runCliCaptured(['history', 'ORG=Acme', '--json', '--limit', '1'], env);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ org: 'acme', entries: [{ overall: 'fail' }] });

    const empty = await runCliCaptured(['history', 'org=globex'], env);
    expect(empty.stdout).toMatch(/^No verdict history for globex/);
  });

  it.each<[string[], RegExp]>([
    [['history'], /^sr-check: org=<name> is required\n/],
    [['history', 'org=acme', 'org=b'], /^sr-check: org is given twice\n/],
    [['history', 'org=bad_name'], /^sr-check: org must be an org name/],
    [['history', 'org=acme', 'fresh'], /^sr-check: unexpected "fresh"/],
    [['history', 'org=acme', '--limit', '0'], /^sr-check: --limit must be a positive whole number\n/],
    [['history', 'org=acme', '--limit', 'ten'], /^sr-check: --limit must be a positive whole number/],
    [['history', 'org=acme', '--jsn'], /did you mean --json\?/],
  ])('%j is a usage error', async (args, message) => {
    const run = await runCliCaptured(args, { SR_CHECK_DB: join(tmpdir(), 'sr-check-none.db') });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/Usage: sr-check history org=<name>/);
    expect(run.stdout).toBe('');
  });

  it('answers clearly when there is no database', async () => {
    const run = await runCliCaptured(['history', 'org=acme'], {
      SR_CHECK_DB: join(tmpdir(), 'sr-check-does-not-exist.db'),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/no sr-check database at/);
  });
});
