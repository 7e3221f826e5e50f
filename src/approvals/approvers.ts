/**
 * Who is an approver: the one answer, used by the approval service (who may decide), the Slack approval flow
 * (whom to send a request) and App Home (who sees the approvals). An org's approvers are its configured Slack
 * user ids plus the members of its Slack user group, asked through `groupMembers` (the Slack layer answers
 * with usergroups.users.list, kept for APPROVER_GROUP_MAX_AGE_MS, so a membership change counts within seconds
 * and a burst of clicks or Home openings costs one call). A group that cannot be read adds nobody.
 */
import type { Logger } from 'pino';
import type { OrgConfig } from '../config/types';

/** How old a user group's kept membership may be when it decides anything. */
export const APPROVER_GROUP_MAX_AGE_MS = 5_000;

const USER_ID = /^[UW][A-Z0-9]{2,30}$/;

/** Members of a Slack user group, at most APPROVER_GROUP_MAX_AGE_MS old. */
export type GroupMembers = (groupId: string) => Promise<string[]>;

export class Approvers {
  constructor(
    private readonly groupMembers: GroupMembers | undefined,
    private readonly logger: Pick<Logger, 'warn'>,
  ) {}

  /** The org's approvers as Slack user ids, without `exclude` (the requester). */
  async of(org: OrgConfig, exclude?: string): Promise<string[]> {
    const ids = new Set(org.approvers.users);
    for (const id of await this.groupOf(org)) ids.add(id);
    if (exclude) ids.delete(exclude);
    return [...ids].filter((id) => USER_ID.test(id));
  }

  /** Whether this Slack user may approve or deny the org's fixes (a listed user needs no group lookup). */
  async includes(org: OrgConfig, slackUserId: string): Promise<boolean> {
    if (org.approvers.users.includes(slackUserId)) return true;
    return USER_ID.test(slackUserId) && (await this.groupOf(org)).includes(slackUserId);
  }

  private async groupOf(org: OrgConfig): Promise<string[]> {
    const group = org.approvers.userGroup;
    if (!group || !this.groupMembers) return [];
    try {
      return await this.groupMembers(group);
    } catch (error) {
      this.logger.warn({ org: org.name, err: error }, 'could not read the approvers user group');
      return [];
    }
  }
}
