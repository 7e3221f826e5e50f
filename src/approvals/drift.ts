/**
 * Drift seen from the other side: in an org managed as code, a grant sr-check applied live (its audit log says
 * `applied`, `changed`) that the identity no longer holds was most likely removed by a `terraform apply` (the
 * provider manages roles as a set; facts pack, "Orgs managed as code"). A scheduled run whose status changes says
 * so, one line per such grant, with when sr-check last saw it in place (the newest scheduled run whose snapshot
 * shows it, else the time it was granted). A grant sr-check itself revoked (time-bound) is not drift. When the
 * identity's grants could not be read, nothing is said.
 */
import type { AuditEntry, AuditFilter } from './types';
import type { OrgConfig } from '../config/types';
import { identityGrants } from '../diagnosis/checks/identity';
import type { Facts } from '../diagnosis/facts';
import type { HistoryQuery, VerdictHistoryEntry } from '../diagnosis/history';
import type { GrantSnapshot } from '../diagnosis/snapshot';
import type { FixTarget } from '../diagnosis/verdict';
import { managedAsCode } from '../fixes/as-code/policy';

/** What finding drift needs of the shared store (both Store implementations provide it). */
export interface DriftSources {
  listAudit(filter?: AuditFilter): Promise<AuditEntry[]>;
  listHistory(org: string, query?: HistoryQuery): Promise<VerdictHistoryEntry[]>;
}

/** How far back sr-check looks: audit entries and scheduled runs (newest first). */
export const DRIFT_AUDIT_LIMIT = 500;
export const DRIFT_HISTORY_LIMIT = 200;

export interface LiveGrant {
  requestId?: string;
  target: FixTarget;
  roleId: string;
  roleName?: string;
  divisionId: string;
  divisionName?: string;
  appliedAt: number;
}

/** Grants sr-check applied live to `target` and did not take back itself, newest application per grant. */
export function liveGrants(audit: readonly AuditEntry[], target: FixTarget): LiveGrant[] {
  const revoked = new Set(
    audit.filter((e) => e.action === 'revoked' && e.requestId !== undefined).map((e) => e.requestId),
  );
  const byGrant = new Map<string, LiveGrant>();
  for (const entry of audit) {
    const plan = entry.plan;
    if (entry.action !== 'applied' || entry.result !== 'changed' || plan?.kind !== 'grant-role') continue;
    if (plan.target.kind !== target.kind || plan.target.id !== target.id) continue;
    if (entry.requestId !== undefined && revoked.has(entry.requestId)) continue;
    const key = `${plan.roleId}/${plan.divisionId}`;
    const known = byGrant.get(key);
    if (known && known.appliedAt >= entry.at) continue;
    byGrant.set(key, {
      ...(entry.requestId !== undefined ? { requestId: entry.requestId } : {}),
      target: plan.target,
      roleId: plan.roleId,
      roleName: plan.roleName,
      divisionId: plan.divisionId,
      ...(plan.divisionName ? { divisionName: plan.divisionName } : {}),
      appliedAt: entry.at,
    });
  }
  return [...byGrant.values()];
}

/** Whether a history snapshot shows the grant (snapshots name roles and divisions, else give their ids). */
function snapshotShows(grants: readonly GrantSnapshot[], grant: LiveGrant): boolean {
  const roles = new Set([grant.roleId, grant.roleName].filter((v): v is string => v !== undefined));
  const divisions = new Set([grant.divisionId, grant.divisionName].filter((v): v is string => v !== undefined));
  return grants.some((g) => roles.has(g.role) && divisions.has(g.division));
}

const iso = (ms: number) => new Date(ms).toISOString();

/** One line per live grant the identity no longer holds (plain text; the poster escapes it). */
export function driftLines(input: {
  audit: readonly AuditEntry[];
  history: readonly VerdictHistoryEntry[];
  facts: Facts;
}): string[] {
  const { facts } = input;
  const id = facts.identity.kind === 'user' ? facts.identity.userId : facts.identity.clientId;
  if (!id) return [];
  const current = identityGrants(facts);
  if (!current.ok) return [];
  const lines: string[] = [];
  for (const grant of liveGrants(input.audit, { kind: facts.identity.kind, id })) {
    if (current.value.some((g) => g.roleId === grant.roleId && g.divisionId === grant.divisionId)) continue;
    const seen = input.history.find(
      (e) => e.at > grant.appliedAt && e.snapshot?.grants.ok === true && snapshotShows(e.snapshot.grants.value, grant),
    );
    const role = grant.roleName ? `role "${grant.roleName}"` : `role ${grant.roleId}`;
    const division =
      grant.divisionId === '*'
        ? 'all divisions'
        : grant.divisionName
          ? `division "${grant.divisionName}"`
          : `division ${grant.divisionId}`;
    lines.push(
      `${role} in ${division}, granted live by sr-check at ${iso(grant.appliedAt)}, removed since ${iso(seen?.at ?? grant.appliedAt)}: likely a terraform apply. Add it to the Terraform configuration (sr-check --as-code prints it).`,
    );
  }
  return lines;
}

/** The drift lines for a scheduled run of `org` (none unless the org is managed as code). */
export async function scheduledDrift(
  sources: DriftSources,
  org: OrgConfig | undefined,
  facts: Facts,
): Promise<string[]> {
  if (!org || !managedAsCode(org)) return [];
  const [audit, history] = await Promise.all([
    sources.listAudit({ org: org.name, limit: DRIFT_AUDIT_LIMIT }),
    sources.listHistory(org.name, { source: 'schedule', limit: DRIFT_HISTORY_LIMIT }),
  ]);
  return driftLines({ audit, history, facts });
}
