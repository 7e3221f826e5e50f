/**
 * "What differs": what a working identity (another org's, or another identity in the same org) has that a
 * broken one lacks, read only from the facts both verdicts already gathered (see diagnosis/snapshot.ts).
 * Roles and divisions are compared by name, because ids differ between orgs. A fact unreadable on either side
 * is reported as "cannot compare", never as a difference or as sameness.
 */
import type { FactSnapshot, GrantSnapshot } from '../diagnosis/snapshot';
import type { CheckStatus } from '../diagnosis/verdict';

export type DifferenceKind = 'role-grant' | 'role-permissions' | 'scope' | 'setting' | 'client' | 'unreadable';

export interface Difference {
  kind: DifferenceKind;
  /** One line naming what the working side has and the broken side lacks (plain text; renderers escape). */
  line: string;
}

export interface DiffOptions {
  /** The broken side's credentials check status: anything but `pass` means its login failed and nothing was read. */
  brokenCredentials?: CheckStatus;
}

/** What `working` has that `broken` lacks, most decisive first (grants, then role contents, scopes, settings). */
export function diffSnapshots(
  working: FactSnapshot,
  broken: FactSnapshot,
  labels = { working: 'working', broken: 'broken' },
  options: DiffOptions = {},
): Difference[] {
  const w = labels.working;
  const b = labels.broken;
  // Without a login the broken side read nothing: every "cannot compare" line would repeat that, and any
  // settings difference would compare configuration with nothing read.
  if (options.brokenCredentials !== undefined && options.brokenCredentials !== 'pass') {
    return [{ kind: 'unreadable', line: `login failed in ${b}: nothing to compare` }];
  }
  const out: Difference[] = [];

  if (working.grants.ok && broken.grants.ok) {
    const held = new Set(broken.grants.value.map(grantKey));
    const brokenRoles = new Set(broken.grants.value.map((g) => g.role));
    for (const grant of working.grants.value) {
      if (held.has(grantKey(grant))) continue;
      const elsewhere = brokenRoles.has(grant.role)
        ? ` (${b} holds it only in ${divisionsOf(broken.grants.value, grant.role)})`
        : '';
      out.push({
        kind: 'role-grant',
        line: `${w} holds role "${grant.role}" in ${divisionWords(grant.division)}; ${b} does not${elsewhere}`,
      });
    }
  } else {
    out.push(unreadable('role grants', working.grants, broken.grants, w, b));
  }

  if (working.rolePermissions.ok && broken.rolePermissions.ok) {
    const brokenHeld = new Set(Object.values(broken.rolePermissions.value).flat());
    for (const [role, permissions] of Object.entries(working.rolePermissions.value)) {
      const other = broken.rolePermissions.value[role];
      if (!other) continue; // a role the broken side does not hold is already named above
      const lacking = permissions.filter((p) => !other.includes(p));
      if (lacking.length > 0)
        out.push({
          kind: 'role-permissions',
          line: `role "${role}" carries ${lacking.join(', ')} in ${w}, not in ${b}`,
        });
    }
    const workingHeld = [...new Set(Object.values(working.rolePermissions.value).flat())]
      .filter((p) => !brokenHeld.has(p))
      .sort();
    if (workingHeld.length > 0 && out.some((d) => d.kind === 'role-grant' || d.kind === 'role-permissions')) {
      out.push({
        kind: 'role-permissions',
        line: `permissions ${w}'s roles carry and ${b}'s do not: ${workingHeld.join(', ')}`,
      });
    }
  }

  if (working.scopes && broken.scopes) {
    if (working.scopes.ok && broken.scopes.ok) {
      const brokenScopes = broken.scopes.value;
      const missing = working.scopes.value.filter((s) => !brokenScopes.includes(s));
      if (missing.length > 0)
        out.push({ kind: 'scope', line: `${w}'s app has scope ${missing.join(', ')}; ${b}'s does not` });
    } else {
      out.push(unreadable('app scopes', working.scopes, broken.scopes, w, b));
    }
  }

  const ws = working.settings;
  const bs = broken.settings;
  if (ws.scopeEnforcement !== bs.scopeEnforcement) {
    out.push({
      kind: 'setting',
      line: `Enforce Scopes is ${words(ws.scopeEnforcement)} in ${w}, ${words(bs.scopeEnforcement)} in ${b} (as configured for sr-check)`,
    });
  }
  if (ws.maxSimultaneousStreams !== bs.maxSimultaneousStreams) {
    out.push({
      kind: 'setting',
      line: `screen recording streams (maxSimultaneousStreams) ${streams(ws.maxSimultaneousStreams)} in ${w}, ${streams(bs.maxSimultaneousStreams)} in ${b}`,
    });
  }
  if (
    ws.requiredProduct &&
    bs.requiredProduct &&
    ws.requiredProduct.id === bs.requiredProduct.id &&
    ws.requiredProduct.enabled !== bs.requiredProduct.enabled
  ) {
    out.push({
      kind: 'setting',
      line: `product ${ws.requiredProduct.id} is ${enabled(ws.requiredProduct.enabled)} in ${w}, ${enabled(bs.requiredProduct.enabled)} in ${b}`,
    });
  }

  const wi = working.identity;
  const bi = broken.identity;
  if (wi.grantType && bi.grantType && wi.grantType !== bi.grantType) {
    out.push({ kind: 'client', line: `the client uses the ${wi.grantType} grant in ${w}, ${bi.grantType} in ${b}` });
  }
  if (wi.state && bi.state && wi.state !== bi.state) {
    out.push({ kind: 'client', line: `the client is ${wi.state} in ${w}, ${bi.state} in ${b}` });
  }
  return out;
}

function grantKey(grant: GrantSnapshot): string {
  return `${grant.role}\u0000${grant.division}`;
}

function divisionsOf(grants: GrantSnapshot[], role: string): string {
  return grants
    .filter((g) => g.role === role)
    .map((g) => divisionWords(g.division))
    .join(', ');
}

function divisionWords(division: string): string {
  if (division === '*') return 'all divisions (*)';
  if (division === '?') return 'an unstated division';
  return `division "${division}"`;
}

function unreadable(
  what: string,
  working: { ok: boolean; reason?: string },
  broken: { ok: boolean; reason?: string },
  w: string,
  b: string,
): Difference {
  const side = !working.ok && !broken.ok ? `${w} and ${b}` : !working.ok ? w : b;
  const reason = (!working.ok ? working.reason : broken.reason) ?? '';
  return { kind: 'unreadable', line: `cannot compare ${what}: not readable in ${side}${reason ? ` (${reason})` : ''}` };
}

function words(value: 'on' | 'off' | 'unset'): string {
  return value === 'unset' ? 'not stated' : value;
}

function streams(value: number | undefined): string {
  return value === undefined ? 'unknown' : value === 0 ? 'switched off (0)' : `at ${value}`;
}

function enabled(value: boolean | undefined): string {
  return value === undefined ? 'unknown' : value ? 'enabled' : 'not enabled';
}
