/** The (role, division) grants of the identity under diagnosis, from its OAuth client or its user grants. */
import type { Fact, Facts } from '../facts';
import { UNKNOWN_DIVISION, type Grant } from '../role-evaluation';

export function identityGrants(facts: Facts): Fact<Grant[]> {
  if (facts.identity.kind === 'user') {
    const subject = facts.subject;
    if (!subject) return { ok: false, reason: 'the user grants were not read' };
    if (!subject.ok) return subject;
    return {
      ok: true,
      value: subject.value.grants.map((g) => ({ roleId: g.role.id, divisionId: g.division.id, divisionName: g.division.name })),
    };
  }
  const client = facts.client;
  if (!client) return { ok: false, reason: 'no OAuth client was named' };
  if (!client.ok) return client;
  // Older bodies list `roleIds` without divisions: the role is held, but where is not said.
  const roleDivisions = client.value.roleDivisions ?? (client.value.roleIds ?? []).map((roleId) => ({ roleId, divisionId: UNKNOWN_DIVISION }));
  return { ok: true, value: roleDivisions.map((rd) => ({ roleId: rd.roleId, divisionId: rd.divisionId })) };
}

export function isUserContextGrant(grantType: string): boolean {
  return grantType !== 'CLIENT-CREDENTIALS';
}
