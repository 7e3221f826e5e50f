/**
 * scope: for user-context grants, the app's authorized scopes must cover each operation's scope.
 *
 * Whether a missing scope refuses anything depends on the org's "Enforce Scopes" setting (Admin > Organization
 * Settings), which no API shown in the SDK reads: the org's admin tells sr-check (`scopeEnforcement: on|off`).
 * Help page "Enabling OAuth scope enforcement": "If scopes are not enforced, applications have the same access as
 * the user of the application".
 */
import { requiredScope } from '../../catalog/scopes';
import type { Facts } from '../facts';
import { result, type CheckResult, type FixProposal } from '../verdict';
import { isUserContextGrant } from './identity';

const NOT_ENFORCED_QUOTE =
  '"If scopes are not enforced, applications have the same access as the user of the application" (help page "Enabling OAuth scope enforcement")';

interface AppScopes {
  id: string;
  name: string;
  grantType: string;
  scope?: string[];
  /** An app created in another org and authorized in this one: its scopes are not ours to edit. */
  external: boolean;
}

/** The app's scopes: from the org's own OAuth client, or from this org's authorization of an external app. */
function appScopes(facts: Facts): { ok: true; app: AppScopes } | { ok: false; check: CheckResult } {
  const client = facts.client;
  if (!client) {
    return {
      ok: false,
      check: result('scope', 'unknown', "No OAuth client named: the app's scopes could not be checked", [
        'Name the app the user signs in through with client=<oauthClientId>.',
      ]),
    };
  }
  if (client.ok) {
    const c = client.value;
    return {
      ok: true,
      app: { id: c.id, name: c.name, grantType: c.authorizedGrantType, scope: c.scope, external: false },
    };
  }
  const authorization = facts.authorization;
  if (client.error?.status === 404 && authorization?.ok) {
    const a = authorization.value;
    const id = a.client?.id ?? facts.identity.clientId ?? 'unknown';
    return {
      ok: true,
      app: {
        id,
        name: a.client?.name ?? id,
        grantType: a.client?.authorizedGrantType ?? 'CODE',
        scope: a.scope,
        external: true,
      },
    };
  }
  return { ok: false, check: result('scope', 'unknown', "Could not read the OAuth client's scopes", [client.reason]) };
}

export function scopeCheck(facts: Facts): CheckResult {
  const found = appScopes(facts);
  if (!found.ok) return found.check;
  const app = found.app;
  if (!isUserContextGrant(app.grantType)) {
    return result('scope', 'skipped', 'Client credentials: roles, not scopes, govern this token', [
      `Grant type ${app.grantType}: scopes only restrict user-context grants (code, implicit, SAML2 bearer).`,
    ]);
  }

  const granted = app.scope ?? [];
  const evidence = [
    `App "${app.name}" (${app.grantType}${app.external ? ', an external app authorized in this org' : ''}) is authorized for: ${granted.length ? granted.join(', ') : 'no scopes'}.`,
  ];
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
  const lacking = [...missing].join(', ');

  if ((missing.size > 0 || unsure) && facts.scopeEnforcement === 'off') {
    // Not enforced: scopes restrict nothing, so neither a missing nor an uninferable scope can cause a 403.
    evidence.push(
      `${missing.size > 0 ? `The app lacks the ${lacking} scope` : 'Some scopes could not be inferred'}, but the org's admin reports scope enforcement is off (scopeEnforcement: off in sr-check's config): ${NOT_ENFORCED_QUOTE}.`,
      'If enforcement is turned on, the app needs its scopes authorized before it works again.',
    );
    return result(
      'scope',
      'pass',
      missing.size > 0
        ? `The app lacks the ${lacking} scope, but this org does not enforce scopes`
        : 'This org does not enforce scopes',
      evidence,
    );
  }

  if (missing.size > 0) {
    if (app.external) {
      evidence.push(
        "The app belongs to another org, so sr-check cannot add the scope to it: the app's scopes are authorized in this org under Admin > Authorized Applications.",
      );
    }
    const fixes: FixProposal[] = app.external
      ? []
      : [...missing].map((scope) => ({
          kind: 'add-scope',
          target: { kind: 'oauth-client', id: app.id },
          scope,
          before: granted,
          after: [...granted.filter((s) => s !== `${scope}:readonly`), scope],
        }));
    if (facts.scopeEnforcement === 'on') {
      evidence.push(
        "The org's admin reports scope enforcement is on (scopeEnforcement: on in sr-check's config): Genesys refuses calls outside the app's authorized scopes (which 403 code it answers for a missing scope is unconfirmed).",
      );
      return result(
        'scope',
        'fail',
        `The app lacks the ${lacking} scope and this org enforces scopes`,
        evidence,
        fixes,
      );
    }
    evidence.push(
      'Whether this org enforces OAuth scopes is unknown: no API reads the setting (Admin > Organization Settings > Enforce Scopes). ' +
        `Where it is off, ${NOT_ENFORCED_QUOTE}; where it is on, the missing scope refuses the call.`,
      "Tell sr-check by adding scopeEnforcement: on or scopeEnforcement: off to the org's entry in sr-check's orgs file.",
    );
    return result(
      'scope',
      'warn',
      `The app lacks the ${lacking} scope: refused if the org enforces scopes (unknown)`,
      evidence,
      fixes,
    );
  }
  if (unsure) return result('scope', 'unknown', 'Could not tell which scope some operations need', evidence);
  return result('scope', 'pass', "The app's scopes cover every operation", evidence);
}
