/** scope: for user-context grants, the app's authorized scopes must cover each operation's scope. */
import { requiredScope } from '../../catalog/scopes';
import type { Facts } from '../facts';
import { result, type CheckResult, type FixProposal } from '../verdict';
import { isUserContextGrant } from './identity';

export function scopeCheck(facts: Facts): CheckResult {
  const client = facts.client;
  if (!client) {
    return result('scope', 'unknown', 'No OAuth client named: the app\'s scopes could not be checked', [
      'Name the app the user signs in through with client=<oauthClientId>.',
    ]);
  }
  if (!client.ok) return result('scope', 'unknown', 'Could not read the OAuth client\'s scopes', [client.reason]);
  const app = client.value;
  if (!isUserContextGrant(app.authorizedGrantType)) {
    return result('scope', 'skipped', 'Client credentials: roles, not scopes, govern this token', [
      `Grant type ${app.authorizedGrantType}: scopes only restrict user-context grants (code, implicit, SAML2 bearer).`,
    ]);
  }

  const granted = app.scope ?? [];
  const evidence = [`App "${app.name}" (${app.authorizedGrantType}) is authorized for: ${granted.length ? granted.join(', ') : 'no scopes'}.`];
  const missing = new Set<string>();
  let unsure = false;
  for (const op of facts.operations) {
    const need = requiredScope(op);
    const label = `${op.method} ${op.template}`;
    if (op.mode === 'none') {
      evidence.push(`${label}: no permission check, no scope needed.`);
      continue;
    }
    if (!need) {
      unsure = true;
      evidence.push(`${label}: could not infer its scope from API group ${op.api}.`);
      continue;
    }
    const covering = need.accepted.find((s) => granted.includes(s));
    const inferred = `(inferred from ${need.inferredFrom})`;
    if (covering) evidence.push(`${label}: needs ${need.accepted.join(' or ')} ${inferred}; has ${covering}.`);
    else {
      missing.add(need.scope);
      evidence.push(`${label}: needs ${need.accepted.join(' or ')} ${inferred}; the app has neither.`);
    }
  }
  if (missing.size > 0) {
    const fixes: FixProposal[] = [...missing].map((scope) => ({
      kind: 'add-scope',
      target: { kind: 'oauth-client', id: app.id },
      scope,
      before: granted,
      after: [...granted.filter((s) => s !== `${scope}:readonly`), scope],
    }));
    // Genesys enforces scopes only where an admin turned enforcement on, and no API tells us whether it is:
    // a missing scope is a likely cause of the 403, not a certain one.
    evidence.push(
      'Orgs enforce OAuth scopes only when an admin turns enforcement on (sr-check cannot read that setting); where it is on, Genesys answers 403 not.authorized for these calls.',
    );
    return result('scope', 'warn', `The app lacks the ${[...missing].join(', ')} scope: refused wherever the org enforces scopes`, evidence, fixes);
  }
  if (unsure) return result('scope', 'unknown', 'Could not tell which scope some operations need', evidence);
  return result('scope', 'pass', 'The app\'s scopes cover every operation', evidence);
}
