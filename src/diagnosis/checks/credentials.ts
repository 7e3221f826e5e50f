/** credentials: the org's credentials get a token from the org's region, for the expected org; the target client exists and is active. */
import type { Facts } from '../facts';
import { result, type CheckResult } from '../verdict';

export function credentialsCheck(facts: Facts): CheckResult {
  const token = facts.diagnosticToken;
  if (!token.ok) {
    const error = token.error;
    if (error?.kind === 'login' || error?.status === 401) {
      return result('credentials', 'fail', 'The diagnostic credentials were refused by the login host', [
        token.reason,
        'Check the client id and secret configured for this org, and that they belong to this region.',
      ]);
    }
    return result('credentials', 'unknown', 'Could not get a token for the diagnostic credentials', [token.reason]);
  }

  const evidence: string[] = [];
  if (!facts.tokenInfo.ok) {
    const wrongRegion = facts.tokenInfo.error?.status === 401;
    return result(
      'credentials',
      wrongRegion ? 'fail' : 'unknown',
      wrongRegion ? 'The token was refused by the API host (wrong region?)' : 'Could not read the token details',
      [facts.tokenInfo.reason],
    );
  }
  const org = facts.tokenInfo.value.organization;
  evidence.push(`Token issued for org "${org.name ?? org.id}" (${org.id}).`);
  if (facts.expectedOrgId && facts.expectedOrgId.toLowerCase() !== org.id.toLowerCase()) {
    return result('credentials', 'fail', `The credentials belong to another org than ${facts.orgName}`, [
      ...evidence,
      `Expected org id ${facts.expectedOrgId}.`,
    ]);
  }

  const client = facts.client;
  if (!client) {
    // A named client that was not read is a missing fact, not a pass.
    if (facts.identity.clientId)
      return result('credentials', 'unknown', 'The target OAuth client was not read', evidence);
    evidence.push('No OAuth client named for this identity; only the credentials were checked.');
    return result('credentials', 'pass', 'Credentials work for this org', evidence);
  }
  if (!client.ok) {
    if (client.error?.status === 404) return externalAppCheck(facts, [...evidence, client.reason]);
    return result('credentials', 'unknown', 'Could not read the target OAuth client', [...evidence, client.reason]);
  }
  const state = client.value.state ?? 'unknown';
  evidence.push(
    `OAuth client "${client.value.name}" (${client.value.id}), grant type ${client.value.authorizedGrantType}, state ${state}.`,
  );
  if (state === 'active')
    return result('credentials', 'pass', 'Credentials work and the target client is active', evidence);
  if (state === 'unknown')
    return result('credentials', 'unknown', 'The OAuth client did not say whether it is active', evidence);
  return result('credentials', 'fail', `The OAuth client is ${state}: it cannot get tokens`, [
    ...evidence,
    'An admin can re-enable it under Admin → Integrations → OAuth.',
  ]);
}

/**
 * A client id the org does not know as its own (404) may be an external or premium app: an AppFoundry
 * vendor's client lives in the vendor's org and is authorized in the customer's (Admin > Authorized
 * Applications), which `GET /api/v2/oauth/authorizations/{clientId}` reads.
 */
function externalAppCheck(facts: Facts, evidence: string[]): CheckResult {
  const id = facts.identity.clientId;
  const authorization = facts.authorization;
  if (!authorization)
    return result(
      'credentials',
      'unknown',
      `OAuth client ${id} is not one of this org's clients; its authorization was not read`,
      evidence,
    );
  if (!authorization.ok) {
    if (authorization.error?.status === 404) {
      return result(
        'credentials',
        'fail',
        `OAuth client ${id} is neither a client of this org nor an app authorized in it`,
        [
          ...evidence,
          authorization.reason,
          'Is the client id from another org or region, or has the app not been authorized here yet (Admin > Authorized Applications)?',
        ],
      );
    }
    return result(
      'credentials',
      'unknown',
      `OAuth client ${id} is not one of this org's clients; whether it is an app authorized here could not be read`,
      [...evidence, authorization.reason],
    );
  }
  const app = authorization.value;
  const name = app.client?.name ? `"${app.client.name}"` : id;
  const state = app.state ?? (app.pending ? 'Requested' : 'unknown');
  const scopes = app.scope?.length ? app.scope.join(', ') : 'no scopes';
  evidence.push(
    `App ${name} is not one of this org's OAuth clients (it belongs to another org, e.g. an AppFoundry vendor's); this org's authorization of it: state ${state}, grant type ${app.client?.authorizedGrantType ?? 'not stated'}, scopes ${scopes}.`,
  );
  if (state === 'Authorized')
    return result('credentials', 'pass', `External app ${name} is authorized in this org`, evidence);
  if (state === 'unknown')
    return result('credentials', 'unknown', `External app ${name}: the authorization does not say its state`, evidence);
  return result('credentials', 'fail', `External app ${name} is not authorized in this org (state ${state})`, [
    ...evidence,
    'An admin authorizes it under Admin > Authorized Applications.',
  ]);
}
