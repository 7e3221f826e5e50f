/** `sr-check slack ids` against the fake Slack (loopback): the channels the bot is in and the user groups, with their ids. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../support/cli';
import { startFakeSlack, type FakeSlack } from '../../support/fake-slack';

const BOT_TOKEN = 'xoxb-slack-ids-LEAKCANARY';

/** 250 channels, so conversations.list takes two pages of 200; the bot is in three of them. */
const channels = Array.from({ length: 250 }, (_, i) => ({
  id: `C${String(i).padStart(10, '0')}`,
  name: `chan-${i}`,
  is_member: false,
  is_private: false,
}));
channels[3] = { id: 'C0SUPPORT01', name: 'support-acme', is_member: true, is_private: false };
channels[120] = { id: 'G0PRIVATE01', name: 'acme-admins-private', is_member: true, is_private: true };
channels[240] = { id: 'C0LATEPAGE1', name: 'zz-on-the-second-page', is_member: true, is_private: false };

let slack: FakeSlack;
let noScopes: FakeSlack;
let hostile: FakeSlack;
beforeAll(async () => {
  // Slack's `needed` as a hostile proxy could answer it: a title-setting escape, a screen clear, a bidi override.
  hostile = await startFakeSlack({
    botToken: BOT_TOKEN,
    missingScopes: {
      'conversations.list': '\u001b]0;pwned\u0007channels:read\u001b[2J',
      'usergroups.list': 'usergroups:read\u202egnp.exe',
    },
  });
  slack = await startFakeSlack({
    botToken: BOT_TOKEN,
    channels,
    userGroupList: [
      { id: 'S0APPROVERS', handle: 'acme-approvers', name: 'Acme approvers' },
      { id: 'S0ONCALL001', handle: 'oncall', name: 'oncall' },
    ],
  });
  noScopes = await startFakeSlack({
    botToken: BOT_TOKEN,
    missingScopes: { 'conversations.list': 'channels:read,groups:read' },
  });
});
afterAll(async () => {
  await slack?.close();
  await noScopes?.close();
  await hostile?.close();
});

describe('sr-check slack ids', () => {
  it('lists only the channels the bot is in (every page), private ones marked, and the user groups; exit 0', async () => {
    const out = await runCliCaptured(['slack', 'ids'], { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: slack.apiUrl });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(
      /^Channels the bot is in \(for channels, allowedChannels, approvers\.channel\):\n {2}G0PRIVATE01 +#acme-admins-private \(private\)\n {2}C0SUPPORT01 +#support-acme\n {2}C0LATEPAGE1 +#zz-on-the-second-page\n\nUser groups \(for approvers\.userGroup\):\n {2}S0APPROVERS +@acme-approvers {2}Acme approvers\n {2}S0ONCALL001 +@oncall\n/,
    );
    expect(out.stdout).toMatch(/User ids \(for approvers\.users\).*Copy member ID/);
    expect(out.stdout).not.toMatch(/chan-\d/);
    expect(slack.callsOf('conversations.list')).toHaveLength(2);
    expect(slack.callsOf('conversations.list').every((c) => c.authorized)).toBe(true);
    expect(out.stdout + out.stderr).not.toContain('LEAKCANARY');
  });

  it('--json gives the same lists', async () => {
    const out = await runCliCaptured(['slack', 'ids', '--json'], {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: slack.apiUrl,
    });
    const json = JSON.parse(out.stdout) as {
      channels: { ok: boolean; items: Array<{ id: string; private: boolean }> };
      userGroups: { ok: boolean; items: Array<{ id: string }> };
    };
    expect(json.channels.items.map((c) => c.id)).toEqual(['G0PRIVATE01', 'C0SUPPORT01', 'C0LATEPAGE1']);
    expect(json.userGroups.items.map((g) => g.id)).toEqual(['S0APPROVERS', 'S0ONCALL001']);
  });

  it('a missing scope says which, still lists what it can, and exits 1', async () => {
    const out = await runCliCaptured(['slack', 'ids'], { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: noScopes.apiUrl });
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(
      /cannot list channels: missing_scope \(the app needs the channels:read,groups:read scope\)/,
    );
    expect(out.stdout).toMatch(/User groups \(for approvers\.userGroup\):\n {2}none/);
  });

  it.each([
    {
      case: 'a revoked token',
      env: { SLACK_BOT_TOKEN: 'xoxb-revoked' },
      code: 1,
      pattern: /cannot list channels: invalid_auth/,
    },
    { case: 'no token', env: {}, code: 2, pattern: /^sr-check: SLACK_BOT_TOKEN is not set/ },
    {
      case: 'not a bot token',
      env: { SLACK_BOT_TOKEN: 'xoxp-user-token' },
      code: 2,
      pattern: /^sr-check: SLACK_BOT_TOKEN is not a bot token/,
    },
  ])('$case → exit $code', async ({ env, code, pattern }) => {
    const out = await runCliCaptured(['slack', 'ids'], { ...env, SLACK_API_URL: slack.apiUrl });
    expect(out.code).toBe(code);
    expect(out.stdout + out.stderr).toMatch(pattern);
    expect(out.stdout + out.stderr).not.toContain('xoxp-user-token');
  });

  it("strips control characters from Slack's error and needed strings before printing them (issue 25 item 8)", async () => {
    const out = await runCliCaptured(['slack', 'ids'], { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: hostile.apiUrl });
    const printed = out.stdout + out.stderr;
    expect(printed).toContain('channels:read');
    expect(printed).toContain('usergroups:read');
    expect(printed).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });
});
