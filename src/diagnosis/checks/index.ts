/** The checks, in the order the verdict shows them. Each is a pure function of the facts. */
import type { Facts } from '../facts';
import type { CheckResult } from '../verdict';
import { credentialsCheck } from './credentials';
import { featureCheck } from './feature';
import { interactionCheck } from './interaction';
import { roleCheck, type RoleCheckContext } from './role';
import { scopeCheck } from './scope';
import { tokenCheck } from './token';

export function runChecks(facts: Facts, context: RoleCheckContext): CheckResult[] {
  const checks = [credentialsCheck(facts)];
  // Without a working token nothing else could be read: say so once per check rather than guessing.
  if (!facts.diagnosticToken.ok) {
    const reason = 'Nothing could be read: the diagnostic credentials did not get a token.';
    for (const id of ['scope', 'role', 'feature', 'interaction', 'token'] as const) {
      checks.push({
        id,
        status: 'unknown',
        summary: 'Not checked: no token for this org',
        evidence: [reason],
        fixes: [],
      });
    }
    return checks;
  }
  checks.push(
    scopeCheck(facts),
    roleCheck(facts, context),
    featureCheck(facts),
    interactionCheck(facts),
    tokenCheck(facts),
  );
  return checks;
}

export { credentialsCheck, featureCheck, interactionCheck, roleCheck, scopeCheck, tokenCheck };
