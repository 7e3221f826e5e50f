/**
 * `sr-check slack ids`: the ids an orgs file needs, from the bot's own view of the workspace: the channels
 * the bot is a member of (conversations.list, needs channels:read / groups:read) and the user groups
 * (usergroups.list, needs usergroups:read). Each list fails on its own, saying which scope is missing.
 */
import { terminalSafe } from '../render/terminal';
import { EXIT, type CliIo } from './io';
import { describeSlackError, slackClientFromEnv, type SlackWebClient } from './slack-client';

export interface ChannelId {
  id: string;
  name: string;
  private: boolean;
}

export interface UserGroupId {
  id: string;
  handle: string;
  name: string;
}

type Listed<T> = { ok: true; items: T[] } | { ok: false; error: string };

/** Slack pages conversations.list; a workspace with thousands of channels still ends. */
const MAX_PAGES = 100;

export async function listBotChannels(client: SlackWebClient): Promise<Listed<ChannelId>> {
  const items: ChannelId[] = [];
  let cursor: string | undefined;
  try {
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await client.conversations.list({
        types: 'public_channel,private_channel',
        exclude_archived: true,
        limit: 200,
        ...(cursor ? { cursor } : {}),
      });
      for (const channel of answer.channels ?? []) {
        if (channel.is_member && channel.id)
          items.push({ id: channel.id, name: channel.name ?? '', private: channel.is_private === true });
      }
      cursor = answer.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
  } catch (error) {
    return { ok: false, error: describeSlackError(error) };
  }
  return { ok: true, items: items.sort((a, b) => a.name.localeCompare(b.name)) };
}

export async function listUserGroups(client: SlackWebClient): Promise<Listed<UserGroupId>> {
  try {
    const answer = await client.usergroups.list({ include_disabled: false });
    const items = (answer.usergroups ?? [])
      .filter((group): group is typeof group & { id: string } => typeof group.id === 'string')
      .map((group) => ({ id: group.id, handle: group.handle ?? '', name: group.name ?? '' }));
    return { ok: true, items: items.sort((a, b) => a.handle.localeCompare(b.handle)) };
  } catch (error) {
    return { ok: false, error: describeSlackError(error) };
  }
}

export async function runSlackIds(options: { json: boolean }, io: CliIo): Promise<number> {
  const slack = slackClientFromEnv(io.env);
  if (!slack.ok) {
    io.stderr(`sr-check: ${slack.message}; slack ids lists what the bot sees, so it needs the bot token (xoxb-…)\n`);
    return EXIT.usage;
  }
  const [channels, groups] = await Promise.all([listBotChannels(slack.client), listUserGroups(slack.client)]);
  const code = channels.ok && groups.ok ? EXIT.ok : EXIT.fail;
  if (options.json) {
    io.stdout(`${JSON.stringify({ channels, userGroups: groups }, null, 2)}\n`);
    return code;
  }
  // Channel and group names are workspace text: no terminal control characters reach the screen.
  const lines = ['Channels the bot is in (for channels, allowedChannels, approvers.channel):'];
  if (!channels.ok) lines.push(`  cannot list channels: ${channels.error}`);
  else if (channels.items.length === 0) lines.push('  none: invite the bot to a channel first (/invite @sr-check)');
  else
    lines.push(
      ...channels.items.map((c) => terminalSafe(`  ${c.id.padEnd(12)} #${c.name}${c.private ? ' (private)' : ''}`)),
    );
  lines.push('', 'User groups (for approvers.userGroup):');
  if (!groups.ok) lines.push(`  cannot list user groups: ${groups.error}`);
  else if (groups.items.length === 0) lines.push('  none');
  else
    lines.push(
      ...groups.items.map((g) =>
        terminalSafe(`  ${g.id.padEnd(12)} @${g.handle}${g.name && g.name !== g.handle ? `  ${g.name}` : ''}`),
      ),
    );
  lines.push(
    '',
    "User ids (for approvers.users): in Slack, open the person's profile, ⋮ More, Copy member ID (U…). See docs/slack-ids.md.",
  );
  io.stdout(`${lines.join('\n')}\n`);
  return code;
}
