/**
 * Is this Slack user a member of that channel? Asked of Slack (users.conversations; channels:read, groups:read, the
 * scopes App Home already uses) and kept briefly per user, so a burst of form submissions asks once while a user
 * who left a channel is refused again within a minute. A user in more channels than MAX_PAGES pages list counts as
 * a member of only those listed (refused elsewhere, never let in by a guess). Undefined when Slack does not say.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';

/** How long one user's channel list is trusted. */
export const MEMBERSHIP_TTL_MS = 60_000;
/** Slack pages users.conversations; a member of thousands of channels still ends. */
const MAX_PAGES = 10;

/** The channels a user is in (users.conversations, every page up to MAX_PAGES; channels:read, groups:read). Throws what Slack throws. */
export async function channelsOfUser(client: webApi.WebClient, userId: string): Promise<Set<string>> {
  const channels = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await client.users.conversations({
      user: userId,
      types: 'public_channel,private_channel',
      exclude_archived: true,
      limit: 200,
      ...(cursor ? { cursor } : {}),
    });
    for (const { id } of answer.channels ?? []) if (id) channels.add(id);
    cursor = answer.response_metadata?.next_cursor || undefined;
    if (!cursor) break;
  }
  return channels;
}
/** Users whose lists are kept at once (oldest dropped first). */
const MAX_USERS = 1_000;

export class ChannelMembership {
  private readonly cache = new Map<string, { at: number; channels: Set<string> }>();

  constructor(
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async isMember(client: webApi.WebClient, userId: string, channel: string): Promise<boolean | undefined> {
    const channels = await this.channelsOf(client, userId);
    return channels ? channels.has(channel) : undefined;
  }

  private async channelsOf(client: webApi.WebClient, userId: string): Promise<Set<string> | undefined> {
    const cached = this.cache.get(userId);
    if (cached && this.now() - cached.at < MEMBERSHIP_TTL_MS) return cached.channels;
    let channels: Set<string>;
    try {
      channels = await channelsOfUser(client, userId);
    } catch (error) {
      this.logger.warn({ user: userId, err: error }, 'could not list the channels of a user submitting the check form');
      return undefined;
    }
    this.cache.delete(userId);
    this.cache.set(userId, { at: this.now(), channels });
    if (this.cache.size > MAX_USERS) this.cache.delete(this.cache.keys().next().value as string);
    return channels;
  }
}
