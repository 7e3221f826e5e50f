/** `sr-check audit` names people: Slack display names from users.info (once per person), ids with --json. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../src/store/sqlite-store';
import { runCliCaptured } from '../../support/cli';
import { startFakeSlack, type FakeSlack } from '../../support/fake-slack';
import { TEST_BOT_TOKEN } from '../../support/slack-harness';

describe('sr-check audit: names, not ids', () => {
  let fake: FakeSlack;
  let db: string;
  beforeAll(async () => {
    fake = await startFakeSlack({
      botToken: TEST_BOT_TOKEN,
      users: { U0ASKER001: 'Dana Reyes', U0APPROVE1: 'Sam Okafor' },
    });
    db = join(mkdtempSync(join(tmpdir(), 'sr-check-audit-names-')), 'sr-check.db');
    const store = new SqliteStore({ path: db });
    const base = { org: 'acme', requestId: 'r1', summary: 'grant role "Screen Recording Viewer"' };
    await store.appendAudit({ ...base, actor: 'U0ASKER001', action: 'requested', at: 1_000 });
    await store.appendAudit({ ...base, actor: 'U0APPROVE1', action: 'approved', at: 2_000 });
    await store.appendAudit({ ...base, actor: 'U0APPROVE1', action: 'applying', at: 3_000 });
    await store.appendAudit({ ...base, actor: 'U0GONE0001', action: 'denied', at: 4_000 });
    await store.appendAudit({ ...base, actor: 'system', action: 'expired', at: 5_000 });
    await store.close();
  });
  afterAll(async () => {
    await fake?.close();
  });

  it("shows the requester's and approver's names next to their ids; unknown users and system stay as they are", async () => {
    const out = await runCliCaptured(['audit'], {
      SR_CHECK_DB: db,
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_API_URL: fake.apiUrl,
    });
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/acme +Dana Reyes \(U0ASKER001\) +requested/);
    expect(out.stdout).toMatch(/acme +Sam Okafor \(U0APPROVE1\) +approved/);
    expect(out.stdout).toMatch(/acme +U0GONE0001 +denied/);
    expect(out.stdout).toMatch(/acme +system +expired/);
    // One users.info per person, not per entry; none for `system`.
    expect(
      fake
        .callsOf('users.info')
        .map((c) => c.args.user)
        .sort(),
    ).toEqual(['U0APPROVE1', 'U0ASKER001', 'U0GONE0001']);
  });

  it('--json keeps the ids as stored; without SLACK_BOT_TOKEN the table shows ids', async () => {
    const before = fake.callsOf('users.info').length;
    const json = await runCliCaptured(['audit', '--json'], {
      SR_CHECK_DB: db,
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_API_URL: fake.apiUrl,
    });
    expect((JSON.parse(json.stdout) as Array<{ actor: string }>).map((e) => e.actor)).toContain('U0ASKER001');
    expect(json.stdout).not.toContain('Dana Reyes');
    expect(fake.callsOf('users.info').length).toBe(before);
    const plain = await runCliCaptured(['audit'], { SR_CHECK_DB: db });
    expect(plain.stdout).toMatch(/acme +U0ASKER001 +requested/);
  });
});
