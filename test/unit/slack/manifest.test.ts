import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SLASH_COMMAND } from '../../../src/slack/listeners/commands/sr-check';
import { EXPLAIN_SHORTCUT_CALLBACK_ID } from '../../../src/slack/listeners/shortcuts';

const manifest = parse(readFileSync(join(__dirname, '..', '..', '..', 'slack-manifest.yml'), 'utf8'));

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
    expect(shortcut).toMatchObject({ name: 'Explain this 403', type: 'message', callback_id: EXPLAIN_SHORTCUT_CALLBACK_ID });
    expect(shortcut.name.length).toBeLessThanOrEqual(24);
    expect(shortcut.callback_id.length).toBeLessThanOrEqual(255);
    expect(shortcut.description.length).toBeGreaterThan(0);
    expect(shortcut.description.length).toBeLessThanOrEqual(150);
  });

  it('asks for exactly the least set of bot scopes', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      ['app_mentions:read', 'channels:history', 'chat:write', 'commands', 'groups:history', 'im:history', 'im:write', 'usergroups:read'].sort(),
    );
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
  });

  it('subscribes to the bot events, enables interactivity and the home tab, no token rotation', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(['app_home_opened', 'app_mention', 'message.channels', 'message.groups', 'message.im']);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.token_rotation_enabled).toBe(false);
    for (const url of [manifest.features.slash_commands[0].url, manifest.settings.event_subscriptions.request_url, manifest.settings.interactivity.request_url]) {
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
