/**
 * Slack user ids → the names people know them by (users.info: display name, else real name), for the audit
 * table. One call per distinct id, cached for the run; an id Slack cannot name (or no bot token) stays an id.
 */
import { USER_ID_PATTERN } from '../config/patterns';
import type { SlackWebClient } from './slack-client';

export async function slackNames(
  ids: Iterable<string>,
  client: SlackWebClient | undefined,
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (!client) return names;
  for (const id of new Set(ids)) {
    if (!USER_ID_PATTERN.test(id)) continue; // `system`, or not a Slack user
    try {
      const answer = (await client.users.info({ user: id })) as {
        user?: { real_name?: string; name?: string; profile?: { display_name?: string; real_name?: string } };
      };
      const user = answer.user;
      const name = user?.profile?.display_name || user?.real_name || user?.profile?.real_name || user?.name;
      if (name) names.set(id, name);
    } catch {
      // Unknown user, missing users:read, Slack unreachable: the id is shown instead.
    }
  }
  return names;
}
