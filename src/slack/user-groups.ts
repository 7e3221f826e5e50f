/**
 * Members of a Slack user group (approvers given as a group), asked with usergroups.users.list (Tier 2, about
 * 20 calls a minute). Answers are kept for a short while and concurrent askers share one call, so a burst of
 * clicks or Home tab openings costs one call; membership changes count once the kept answer is older than the
 * caller's `maxAgeMs`.
 */
import type { webApi } from '@slack/bolt';

const USER_ID = /^[UW][A-Z0-9]{2,30}$/;

export class UserGroupMembers {
  private readonly known = new Map<string, { at: number; users: string[] }>();
  private readonly asking = new Map<string, Promise<string[]>>();

  constructor(
    private readonly client: Pick<webApi.WebClient, 'usergroups'>,
    private readonly now: () => number = Date.now,
  ) {}

  async members(groupId: string, maxAgeMs: number): Promise<string[]> {
    const kept = this.known.get(groupId);
    if (kept && this.now() - kept.at <= maxAgeMs) return kept.users;
    let pending = this.asking.get(groupId);
    if (!pending) {
      pending = this.ask(groupId).finally(() => this.asking.delete(groupId));
      this.asking.set(groupId, pending);
    }
    return pending;
  }

  private async ask(groupId: string): Promise<string[]> {
    const answer = await this.client.usergroups.users.list({ usergroup: groupId });
    const users = (answer.users ?? []).filter((id): id is string => typeof id === 'string' && USER_ID.test(id));
    this.known.set(groupId, { at: this.now(), users });
    return users;
  }
}
