/**
 * Least privilege: which existing roles to grant, and which permissions to name, so that every unmet
 * clause of every call is covered. Pure.
 * - Roles: the smallest set (one or more) covering every clause, by fewest permissions carried in all,
 *   then fewest roles, then name. Roles with administration permissions are never proposed.
 * - Permissions: the smallest set of permission strings that meets every clause (the headline).
 */
import { compareText } from '../catalog/text-order';
import type { Clause } from '../catalog/operation-rules';
import type { Role } from '../genesys/models';
import { grantedCount, roleMatch } from './role-evaluation';

/** Domains where any permission at all administers access: roles and grants, OAuth clients and tokens. */
const ADMIN_DOMAINS = new Set(['authorization', 'oauth']);
/**
 * Domains where anything beyond viewing lets one take over an account or sign in as someone else: directory
 * writes (add, delete, edit, setPassword, organization admin), SSO providers, MFA settings.
 */
const ACCOUNT_DOMAINS = new Set(['directory', 'sso', 'mfa']);

/**
 * Administration: anything in the `authorization` or `oauth` domains, anything but viewing in the
 * `directory`, `sso` and `mfa` domains, or a wildcard domain. A role carrying any of it can escalate (sr-check's
 * own fixer role carries authorization:grant:add), so sr-check never proposes it to cover another need, and the
 * approval service refuses to grant it however the request was made (and again right before applying).
 * Both of the role's lists count: its `permissionPolicies` and its `permissions` strings (`domain:entity:action`,
 * which GET /api/v2/authorization/roles/{roleId} returns beside the policies).
 */
export function isAdministrationRole(role: Role): boolean {
  return [...(role.permissionPolicies ?? []), ...(role.permissions ?? []).map(policyOfString)].some((p) => {
    const domain = p.domain.toLowerCase();
    if (domain === '*' || ADMIN_DOMAINS.has(domain)) return true;
    return ACCOUNT_DOMAINS.has(domain) && p.actionSet.some((action) => action.toLowerCase() !== 'view');
  });
}

/** A `domain:entity:action` string as the one-action policy it names. */
function policyOfString(permission: string): { domain: string; actionSet: string[] } {
  const [domain = '', , action = ''] = permission.split(':');
  return { domain, actionSet: [action] };
}

export interface RoleChoice {
  role: Role;
  /** The clauses this role is chosen for. */
  covers: Clause[];
  /** How many permissions the role carries in all (wildcards expanded against the catalog). */
  carried: number;
}

export interface RoleProposal {
  roles: RoleChoice[];
  /** Clauses no role of the org carries at all. */
  uncovered: Clause[];
  /** Clauses only administration roles carry (never proposed). */
  adminOnly: Clause[];
}

/** Beyond this many distinct clauses the exact search gives way to a greedy one (never reached by real calls). */
const MAX_EXACT_CLAUSES = 12;

interface Candidate {
  role: Role;
  mask: number;
  cost: number;
}

interface Cover {
  cost: number;
  roles: Candidate[];
}

function better(a: Cover, b: Cover | undefined): boolean {
  if (!b) return true;
  if (a.cost !== b.cost) return a.cost < b.cost;
  if (a.roles.length !== b.roles.length) return a.roles.length < b.roles.length;
  return names(a) < names(b);
}

function names(cover: Cover): string {
  return cover.roles
    .map((c) => c.role.name)
    .sort()
    .join('\u0000');
}

function carriesClause(role: Role, clause: Clause): boolean {
  return clause.anyOf.some((p) => roleMatch(role, p) === 'granted');
}

export function proposeRoles(unmet: Clause[], roles: Role[], allPermissions: readonly string[]): RoleProposal {
  const clauses = uniqueClauses(unmet);
  const allowed = roles.filter((r) => !isAdministrationRole(r));
  const admin = roles.filter(isAdministrationRole);
  const uncovered: Clause[] = [];
  const adminOnly: Clause[] = [];
  const coverable: Clause[] = [];
  for (const clause of clauses) {
    if (allowed.some((r) => carriesClause(r, clause))) coverable.push(clause);
    else if (admin.some((r) => carriesClause(r, clause))) adminOnly.push(clause);
    else uncovered.push(clause);
  }
  if (coverable.length === 0) return { roles: [], uncovered, adminOnly };

  // The cheapest role for each exact set of clauses it covers: nothing else can be part of a best cover.
  const cheapest = new Map<number, Candidate>();
  for (const role of allowed) {
    let mask = 0;
    coverable.forEach((clause, i) => {
      if (carriesClause(role, clause)) mask |= 1 << i;
    });
    if (mask === 0) continue;
    const candidate = { role, mask, cost: grantedCount(role, allPermissions) };
    const current = cheapest.get(mask);
    if (!current || candidate.cost < current.cost || (candidate.cost === current.cost && role.name < current.role.name))
      cheapest.set(mask, candidate);
  }
  const candidates = [...cheapest.values()];
  const chosen =
    coverable.length <= MAX_EXACT_CLAUSES
      ? exactCover(candidates, coverable.length)
      : greedyCover(candidates, coverable.length);
  // Present the roles in the order of the calls they serve (lowest covered clause first).
  const lowestBit = (mask: number) => Math.log2(mask & -mask);
  const ordered = [...chosen].sort((a, b) => lowestBit(a.mask) - lowestBit(b.mask));
  return {
    roles: ordered.map((c) => ({
      role: c.role,
      covers: coverable.filter((_, i) => (c.mask >> i) & 1),
      carried: c.cost,
    })),
    uncovered,
    adminOnly,
  };
}

/** Dynamic programming over covered-clause masks: exact, and small (at most 2^clauses states). */
function exactCover(candidates: Candidate[], count: number): Candidate[] {
  const full = (1 << count) - 1;
  const best: Array<Cover | undefined> = new Array(full + 1);
  best[0] = { cost: 0, roles: [] };
  for (let mask = 0; mask <= full; mask++) {
    const from = best[mask];
    if (!from) continue;
    for (const candidate of candidates) {
      const next = mask | candidate.mask;
      if (next === mask) continue;
      const cover = { cost: from.cost + candidate.cost, roles: [...from.roles, candidate] };
      if (better(cover, best[next])) best[next] = cover;
    }
  }
  return best[full]?.roles ?? [];
}

function greedyCover(candidates: Candidate[], count: number): Candidate[] {
  const full = (1 << count) - 1;
  const chosen: Candidate[] = [];
  let covered = 0;
  while (covered !== full) {
    const gain = (c: Candidate) => bitCount(c.mask & ~covered);
    const pick = candidates
      .filter((c) => gain(c) > 0)
      .sort((a, b) => a.cost / gain(a) - b.cost / gain(b) || compareText(a.role.name, b.role.name))[0];
    if (!pick) break;
    chosen.push(pick);
    covered |= pick.mask;
  }
  return chosen;
}

function bitCount(n: number): number {
  let count = 0;
  for (let v = n; v; v &= v - 1) count++;
  return count;
}

function uniqueClauses(clauses: Clause[]): Clause[] {
  const seen = new Map<string, Clause>();
  for (const clause of clauses) {
    const key = [...clause.anyOf].sort().join('|');
    if (!seen.has(key)) seen.set(key, clause);
  }
  return [...seen.values()];
}

/**
 * The fewest permission strings that meet every clause (a hitting set), preferring the permissions
 * `preferred` accepts (those the proposed roles carry), then the order the clauses name them.
 */
export function minimalPermissionSet(
  clauses: Clause[],
  preferred: (permission: string) => boolean = () => true,
): string[] {
  const unique = uniqueClauses(clauses);
  if (unique.length === 0) return [];
  const ordered = [...new Set(unique.flatMap((c) => c.anyOf))];
  const pool = [...ordered.filter(preferred), ...ordered.filter((p) => !preferred(p))];
  const hits = (set: string[]) => unique.every((c) => c.anyOf.some((p) => set.includes(p)));
  const candidates = pool.slice(0, 24);
  for (let size = 1; size <= Math.min(unique.length, candidates.length); size++) {
    const found = firstCombination(candidates, size, hits);
    if (found) return found;
  }
  // More alternatives than searched: one permission per clause, in order.
  return [...new Set(unique.map((c) => c.anyOf.find(preferred) ?? c.anyOf[0]!))];
}

function firstCombination(items: string[], size: number, accept: (set: string[]) => boolean): string[] | undefined {
  const picked: string[] = [];
  const walk = (start: number): string[] | undefined => {
    if (picked.length === size) return accept(picked) ? [...picked] : undefined;
    for (let i = start; i <= items.length - (size - picked.length); i++) {
      picked.push(items[i]!);
      const found = walk(i + 1);
      picked.pop();
      if (found) return found;
    }
    return undefined;
  };
  return walk(0);
}

/** The org's roles (never administration ones) that alone meet every clause, fewest permissions first. */
export function rolesMeeting(clauses: Clause[], roles: Role[], allPermissions: readonly string[]): Role[] {
  return roles
    .filter((r) => !isAdministrationRole(r) && clauses.every((c) => carriesClause(r, c)))
    .sort((a, b) => grantedCount(a, allPermissions) - grantedCount(b, allPermissions) || compareText(a.name, b.name));
}
