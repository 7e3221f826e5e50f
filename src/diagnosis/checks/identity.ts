/**
 * Whose (role, division) grants decide a call. Per the SDK's OAuthClient model, roles and divisions apply
 * only to client-credentials clients: a client-credentials token acts as the client itself, while code,
 * implicit and SAML2 bearer tokens act as the user who signed in. So the grants are the client's
 * `roleDivisions` for a client-credentials identity and the user's grants for a user; a user-context app
 * named without its user cannot be judged.
 */
import type { Facts } from '../facts';
import { UNKNOWN_DIVISION, type Grant } from '../role-evaluation';

export function isUserContextGrant(grantType: string): boolean {
  return grantType !== 'CLIENT-CREDENTIALS';
}

const NAME_THE_USER = 'Name the user who signs in with user=<userId> (and the app with client=<oauthClientId>).';

/** The grants, or why they cannot be judged (`summary`: the headline when it is the user who must be named). */
export type IdentityGrants = { ok: true; value: Grant[] } | { ok: false; reason: string; summary?: string };

const USER_DECIDES = "Name the user who signs in: this app's tokens act as that user, whose roles decide";

export function identityGrants(facts: Facts): IdentityGrants {
  if (facts.identity.kind === 'user') {
    const subject = facts.subject;
    if (!subject) return { ok: false, reason: 'the user grants were not read' };
    if (!subject.ok) return subject;
    return {
      ok: true,
      value: subject.value.grants.map((g) => ({
        roleId: g.role.id,
        divisionId: g.division.id,
        divisionName: g.division.name,
      })),
    };
  }
  const client = facts.client;
  // A named client is missing from the facts only when it could not be read (a failed login reads nothing).
  if (!client)
    return {
      ok: false,
      reason: facts.identity.clientId ? 'the client could not be read' : 'no OAuth client was named',
    };
  if (!client.ok) {
    const authorization = facts.authorization;
    if (client.error?.status === 404 && authorization?.ok) {
      const grantType = authorization.value.client?.authorizedGrantType ?? 'an unstated grant type';
      return {
        ok: false,
        summary: USER_DECIDES,
        reason:
          `OAuth client ${facts.identity.clientId} is not one of this org's clients but an app authorized in it (${grantType}): ` +
          `its tokens act as the user who signs in, so that user's roles decide. ${NAME_THE_USER}`,
      };
    }
    return client;
  }
  if (isUserContextGrant(client.value.authorizedGrantType)) {
    return {
      ok: false,
      summary: USER_DECIDES,
      reason:
        `App "${client.value.name}" uses the ${client.value.authorizedGrantType} grant: its tokens act as the user who signs in, ` +
        `so that user's roles decide, not roles on the app (roles and divisions apply only to client-credentials clients). ${NAME_THE_USER}`,
    };
  }
  // Older bodies list `roleIds` without divisions: the role is held, but where is not said.
  const roleDivisions =
    client.value.roleDivisions ??
    (client.value.roleIds ?? []).map((roleId) => ({ roleId, divisionId: UNKNOWN_DIVISION }));
  return { ok: true, value: roleDivisions.map((rd) => ({ roleId: rd.roleId, divisionId: rd.divisionId })) };
}
