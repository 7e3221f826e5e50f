/**
 * Which operations sr-check may propose fixes for in an org: its CONFIGURED operations, meaning the operations
 * named by the org's `operations` list (the org's default check set; screen-recording when unset) plus those of
 * the built-in aliases (screen-recording, recordings-read, recording-retention, screen-sessions). Anyone in a
 * mapped channel can name any call with `op=`; without this limit, `op="POST /api/v2/authorization/subjects/…"`
 * would turn a diagnosis into a proposal to grant whatever that call needs. Such calls are still diagnosed;
 * only the fixes are withheld, with the reason in the evidence. The approval service checks the same rule
 * again when a fix is requested (src/fixes/fix-review.ts).
 */
import type { Catalog, Operation } from '../catalog/catalog';
import { DEFAULT_ALIAS, lookupOperations, OPERATION_ALIASES } from '../catalog/aliases';
import type { OrgConfig } from '../config/types';
import type { CheckRequest } from '../request/grammar';
import type { CheckResult } from './verdict';

const keyOf = (op: Pick<Operation, 'method' | 'template'>) => `${op.method} ${op.template}`;

/** `METHOD /template` of every operation fixes may be proposed for in this org. */
export function fixableOperationKeys(org: OrgConfig, catalog: Catalog): Set<string> {
  const specs = [...(org.operations.length > 0 ? org.operations : [DEFAULT_ALIAS]), ...Object.keys(OPERATION_ALIASES)];
  const keys = new Set<string>();
  for (const spec of specs) {
    const found = lookupOperations(catalog, spec);
    if (found.ok) for (const op of found.operations) keys.add(keyOf(op));
  }
  return keys;
}

/** The operations among `operations` that are not configured for the org (empty: fixes may be proposed). */
export function unconfiguredOperations(operations: Operation[], org: OrgConfig, catalog: Catalog): Operation[] {
  const keys = fixableOperationKeys(org, catalog);
  return operations.filter((op) => !keys.has(keyOf(op)));
}

function refusal(org: OrgConfig, unconfigured: Array<Pick<Operation, 'method' | 'template'>>): string {
  return (
    `No fix is proposed: ${unconfigured.map(keyOf).join(', ')} ${unconfigured.length === 1 ? 'is' : 'are'} not one of the operations configured for org ${org.name} ` +
    "(its `operations` list and the built-in aliases), and sr-check proposes fixes only for those. An admin who wants fixes for it adds it to the org's operations."
  );
}

/** The checks with every fix removed when the request names an unconfigured operation, each such check saying why. */
export function withConfiguredFixesOnly(
  checks: CheckResult[],
  operations: Operation[],
  org: OrgConfig,
  catalog: Catalog,
): CheckResult[] {
  const unconfigured = unconfiguredOperations(operations, org, catalog);
  if (unconfigured.length === 0) return checks;
  return checks.map((check) =>
    check.fixes.length === 0
      ? check
      : { ...check, fixes: [], evidence: [...check.evidence, refusal(org, unconfigured)] },
  );
}

/** The same rule for a stored request (server-side, when a fix is requested): its `op=`, or the org's defaults. */
export function isFixableRequest(
  check: CheckRequest,
  org: OrgConfig,
  catalog: Catalog,
): { ok: true } | { ok: false; message: string } {
  if (!check.op) return { ok: true };
  const found = lookupOperations(catalog, check.op);
  if (!found.ok)
    return {
      ok: false,
      message: `The check this fix comes from names no known operation (${found.message}); no fix is made for it.`,
    };
  const unconfigured = unconfiguredOperations(found.operations, org, catalog);
  return unconfigured.length === 0 ? { ok: true } : { ok: false, message: refusal(org, unconfigured) };
}
