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
    if (facts.identity.clientId) return result('credentials', 'unknown', 'The target OAuth client was not read', evidence);
    evidence.push('No OAuth client named for this identity; only the credentials were checked.');
    return result('credentials', 'pass', 'Credentials work for this org', evidence);
  }
  if (!client.ok) {
    if (client.error?.status === 404) {
      return result('credentials', 'fail', `OAuth client ${facts.identity.clientId} does not exist in this org`, [
        ...evidence,
        client.reason,
        'Is the client id from another org or region?',
      ]);
    }
    return result('credentials', 'unknown', 'Could not read the target OAuth client', [...evidence, client.reason]);
  }
  const state = client.value.state ?? 'unknown';
  evidence.push(`OAuth client "${client.value.name}" (${client.value.id}), grant type ${client.value.authorizedGrantType}, state ${state}.`);
  if (state === 'active') return result('credentials', 'pass', 'Credentials work and the target client is active', evidence);
  if (state === 'unknown') return result('credentials', 'unknown', 'The OAuth client did not say whether it is active', evidence);
  return result('credentials', 'fail', `The OAuth client is ${state}: it cannot get tokens`, [
    ...evidence,
    'An admin can re-enable it under Admin → Integrations → OAuth.',
  ]);
}
