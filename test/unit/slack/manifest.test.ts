import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SLASH_COMMAND } from '../../../src/slack/listeners/commands/sr-check';
import { EXPLAIN_SHORTCUT_CALLBACK_ID } from '../../../src/slack/listeners/shortcuts';

const root = join(__dirname, '..', '..', '..');
const manifest = parse(readFileSync(join(root, 'slack-manifest.yml'), 'utf8'));

/**
 * The bot scope each Web API method needs (Slack's method reference; /work/shared/reference/slack-platform.md
 * §5). A method the code calls that is not listed here fails the test below: add it, with its scope.
 */
const METHOD_SCOPES: Record<string, string[]> = {
  'auth.test': [],
  'chat.postMessage': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.update': ['chat:write'],
  'conversations.open': ['im:write'],
  // Looking for a post whose answer was lost (src/slack/verdict-publisher.ts): in channels, private channels and
  // approver DMs (the message.* events need the same scopes).
  'conversations.history': ['channels:history', 'groups:history', 'im:history'],
  'conversations.replies': ['channels:history', 'groups:history', 'im:history'],
  // types=public_channel,private_channel (src/cli/slack-ids.ts)
  'conversations.list': ['channels:read', 'groups:read'],
  // types=public_channel,private_channel (App Home: the channels a viewer is in)
  'users.conversations': ['channels:read', 'groups:read'],
  'usergroups.list': ['usergroups:read'],
  'usergroups.users.list': ['usergroups:read'],
  // `sr-check audit`: the requester's and approver's names (src/cli/slack-names.ts)
  'users.info': ['users:read'],
  'views.open': [],
  'views.publish': [],
};
/** The scope each subscribed event needs (app_home_opened needs none). */
const EVENT_SCOPES: Record<string, string[]> = {
  app_mention: ['app_mentions:read'],
  app_home_opened: [],
  'message.channels': ['channels:history'],
  'message.groups': ['groups:history'],
  'message.im': ['im:history'],
  'message.mpim': ['mpim:history'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}
const sources = sourceFiles(join(root, 'src')).map((file) => readFileSync(file, 'utf8'));
/** `client.chat.postMessage(` and the like: every Web API call goes through a WebClient named …client. */
const calledMethods = new Set(
  sources.flatMap((text) =>
    [...text.matchAll(/client\??\.([a-z]+)\.([a-zA-Z]+(?:\.[a-zA-Z]+)?)\(/gi)].map((m) => `${m[1]}.${m[2]}`),
  ),
);
const handledEvents = new Set(
  sources.flatMap((text) => [...text.matchAll(/app\.event\(\s*'([a-z_.]+)'/g)].map((m) => m[1]!)),
);

describe('slack-manifest.yml', () => {
  it('declares the slash command the app listens to, with a description and usage hint within limits', () => {
    const [command, ...others] = manifest.features.slash_commands;
    expect(others).toEqual([]);
    expect(command.command).toBe(SLASH_COMMAND);
    expect(command.description.length).toBeGreaterThan(0);
    expect(command.description.length).toBeLessThanOrEqual(2000);
    expect(command.usage_hint.length).toBeLessThanOrEqual(1000);
    expect(command.command.length).toBeLessThanOrEqual(32);
  });

  it('declares the "Explain this 403" message shortcut with the callback id the app listens to, within limits', () => {
    const [shortcut, ...others] = manifest.features.shortcuts;
    expect(others).toEqual([]);
    expect(shortcut).toMatchObject({
      name: 'Explain this 403',
      type: 'message',
      callback_id: EXPLAIN_SHORTCUT_CALLBACK_ID,
    });
    expect(shortcut.name.length).toBeLessThanOrEqual(24);
    expect(shortcut.callback_id.length).toBeLessThanOrEqual(255);
    expect(shortcut.description.length).toBeGreaterThan(0);
    expect(shortcut.description.length).toBeLessThanOrEqual(150);
  });

  it("is valid against Slack's published manifest JSON schema (vendored, v1)", () => {
    const schema = JSON.parse(
      readFileSync(join(root, 'test', 'fixtures', 'slack-manifest-schema', 'manifest.schema.1.0.0.json'), 'utf8'),
    );
    expect(manifest._metadata.major_version).toBe(1);
    // The schema's only format is "uri" (on $schema, which the manifest does not set); strict off for that keyword.
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The schema does catch mistakes: an unknown key and a too-long name are refused.
    expect(
      validate({ ...manifest, display_information: { ...manifest.display_information, name: 'x'.repeat(36) } }),
    ).toBe(false);
    expect(
      validate({
        ...manifest,
        features: { ...manifest.features, app_home: { ...manifest.features.app_home, messages_tab: true } },
      }),
    ).toBe(false);
  });

  it("asks for exactly the scopes the code's Web API calls and subscribed events need, and no user scopes", () => {
    // The scan finds the calls (a regression guard on the scan itself).
    expect(calledMethods).toContain('chat.postMessage');
    expect(calledMethods).toContain('views.open');
    const unknown = [...calledMethods].filter((m) => !(m in METHOD_SCOPES));
    expect(unknown, 'Web API methods without a known scope: add them to METHOD_SCOPES').toEqual([]);
    const events: string[] = manifest.settings.event_subscriptions.bot_events;
    const needed = new Set<string>([
      ...[...calledMethods].flatMap((m) => METHOD_SCOPES[m]!),
      ...events.flatMap((e) => EVENT_SCOPES[e] ?? [`unknown event ${e}`]),
      // Slash commands and shortcuts.
      'commands',
    ]);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
  });

  it('subscribes to exactly the events the code listens to (app.event), and keeps the Messages tab open for the DMs it reads', () => {
    const events: string[] = manifest.settings.event_subscriptions.bot_events;
    const listened = new Set(events.map((e) => e.split('.')[0]!));
    expect([...listened].sort()).toEqual([...handledEvents].sort());
    expect(handledEvents).toContain('app_home_opened');
    // Approval requests go by DM and message.im is read: a closed or read-only Messages tab would contradict both.
    expect(calledMethods).toContain('conversations.open');
    expect(events).toContain('message.im');
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_read_only_enabled).toBe(false);
  });

  it('subscribes to the bot events, enables interactivity and the home tab, no token rotation', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([
      'app_home_opened',
      'app_mention',
      'message.channels',
      'message.groups',
      'message.im',
    ]);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.token_rotation_enabled).toBe(false);
    for (const url of [
      manifest.features.slash_commands[0].url,
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
    ]) {
      expect(url).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
    }
  });

  it('keeps display information within Slack limits', () => {
    const info = manifest.display_information;
    expect(info.name.length).toBeLessThanOrEqual(35);
    expect(info.description.length).toBeLessThanOrEqual(140);
    expect(info.long_description.length).toBeGreaterThanOrEqual(175);
    expect(info.long_description.length).toBeLessThanOrEqual(4000);
    expect(manifest.features.bot_user.display_name).toMatch(/^[a-z0-9._-]{1,80}$/);
  });
});
