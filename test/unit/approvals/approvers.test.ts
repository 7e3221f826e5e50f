/** Who is an approver (src/approvals/approvers.ts): listed users plus the user group's members, one answer for all callers. */
import { describe, expect, it } from 'vitest';
import { Approvers } from '../../../src/approvals/approvers';
import { createLogger } from '../../../src/log';
import { unitOrg } from '../../support/orgs';

const logger = createLogger({ name: 'approvers-unit' });
const org = unitOrg({ approvers: { users: ['U0ALICE'], userGroup: 'S0ADMINS' } });

describe('Approvers', () => {
  it('lists the configured users and the group members, without the requester and without non-ids', async () => {
    const approvers = new Approvers(async () => ['U0CAROL', '<!channel>', 'U0ALICE'], logger);
    expect((await approvers.of(org)).sort()).toEqual(['U0ALICE', 'U0CAROL']);
    expect(await approvers.of(org, 'U0ALICE')).toEqual(['U0CAROL']);
  });

  it('accepts a listed user without asking for the group, a member through the group, nobody else', async () => {
    const asked: string[] = [];
    const approvers = new Approvers(async (group) => {
      asked.push(group);
      return ['U0CAROL'];
    }, logger);
    expect(await approvers.includes(org, 'U0ALICE')).toBe(true);
    expect(asked).toEqual([]);
    expect(await approvers.includes(org, 'U0CAROL')).toBe(true);
    expect(await approvers.includes(org, 'U0MALLORY')).toBe(false);
    expect(asked).toEqual(['S0ADMINS', 'S0ADMINS']);
  });

  it('adds nobody when the group cannot be read (the listed users still count)', async () => {
    const approvers = new Approvers(async () => {
      throw new Error('usergroups.users.list failed');
    }, logger);
    expect(await approvers.of(org)).toEqual(['U0ALICE']);
    expect(await approvers.includes(org, 'U0CAROL')).toBe(false);
  });
});
