/**
 * A verdict's fixes as the Terraform change to make, for orgs managed with the Genesys Cloud Terraform provider
 * (CX as Code). There a role granted live is drift: the provider manages a client's `roles` (and a user's roles in
 * `genesyscloud_user_roles`) as a set, so the next `terraform apply` removes it (facts pack, "Orgs managed as
 * code"). The change is printed twice: with the ids written out (names as comments), and with
 * `data "genesyscloud_auth_role"` / `data "genesyscloud_auth_division"` lookups by name, for codebases that do not
 * hard-code ids. Attribute and resource names are the provider's documented ones (provider-schema.ts). Pure.
 */
import type { FixProposal, FixTarget } from '../../diagnosis/verdict';
import type { RoleDivision } from '../../genesys/models';
import { scopesWith } from '../plan';
import { alignedAttributes, commentText, hclString, hclStringList, LabelBook, quotedName } from './hcl';
import {
  AUTH_DIVISION_DATA,
  AUTH_ROLE_DATA,
  OAUTH_CLIENT_RESOURCE,
  USER_ROLES_RESOURCE,
  USER_ROLES_WHOLE_SET_QUOTE,
} from './provider-schema';

/** The division id meaning every division (provider docs: "'*' may be set for all divisions"). */
export const ALL_DIVISIONS_ID = '*';

/** Names sr-check knows beyond what each fix carries (ids → names); ids are shown where a name is unknown. */
export interface KnownNames {
  roles?: Record<string, string>;
  divisions?: Record<string, string>;
  /** The targets' names, keyed by their id. */
  targets?: Record<string, string>;
}

export interface TerraformResourceChange {
  type: typeof OAUTH_CLIENT_RESOURCE.name | typeof USER_ROLES_RESOURCE.name;
  label: string;
  target: FixTarget;
}

export interface TerraformChange {
  /** HCL: the resource blocks with the entries to add, ids written out, role and division names as comments. */
  byId: string;
  /** HCL: the same entries with data lookups by name (a role or division without a known name keeps its id). */
  byName: string;
  /** What to keep in mind when applying it (plain text, one line each). */
  notes: string[];
  /** Fixes that have no Terraform form (a token refresh), in words. */
  notAsCode: string[];
  resources: TerraformResourceChange[];
}

type GrantFix = Extract<FixProposal, { kind: 'grant-role' }>;
type ScopeFix = Extract<FixProposal, { kind: 'add-scope' }>;

interface TargetFixes {
  target: FixTarget;
  grants: GrantFix[];
  scopes: ScopeFix[];
}

/** One role's entry as written in HCL, before the role and division values are chosen (id or lookup). */
interface RoleEntry {
  roleId: string;
  roleName?: string;
  divisionIds: string[];
  /** User entries: divisions the user already holds this role in (the entry replaces that one). */
  heldDivisionIds: string[];
}

/**
 * The Terraform change for `fixes` (the verdict's offered fixes), or undefined when none of them is a role grant
 * or a scope: those are the only fixes with a Terraform form.
 */
export function terraformChange(fixes: readonly FixProposal[], names: KnownNames = {}): TerraformChange | undefined {
  const byTarget = new Map<string, TargetFixes>();
  const notAsCode: string[] = [];
  for (const fix of fixes) {
    if (fix.kind === 'refresh-credentials') {
      notAsCode.push(`Refreshing a token is not configuration: no Terraform change (${fix.reason}).`);
      continue;
    }
    const key = `${fix.target.kind}:${fix.target.id}`;
    const entry = byTarget.get(key) ?? { target: fix.target, grants: [], scopes: [] };
    if (fix.kind === 'grant-role') {
      // The same grant proposed twice (two checks) is one entry.
      if (!entry.grants.some((g) => g.roleId === fix.roleId && g.divisionId === fix.divisionId)) entry.grants.push(fix);
    } else if (!entry.scopes.some((s) => s.scope === fix.scope)) entry.scopes.push(fix);
    byTarget.set(key, entry);
  }
  if (byTarget.size === 0) return undefined;

  const allNames = collectNames(fixes, names);
  const labels = new LabelBook();
  const dataLabels = new DataLabels();
  const byId: string[] = [];
  const byName: string[] = [];
  const notes: string[] = [];
  const resources: TerraformResourceChange[] = [];
  for (const target of byTarget.values()) {
    const targetName = names.targets?.[target.target.id];
    const written =
      target.target.kind === 'oauth-client'
        ? clientBlocks(target, targetName, allNames, labels, dataLabels)
        : userBlocks(target, targetName, allNames, labels, dataLabels);
    byId.push(written.byId);
    byName.push(written.byName);
    resources.push(written.resource);
    for (const note of written.notes) if (!notes.includes(note)) notes.push(note);
  }
  const data = dataLabels.blocks();
  return {
    byId: `${byId.join('\n\n')}\n`,
    byName: `${[...data, ...byName].join('\n\n')}\n`,
    notes,
    notAsCode,
    resources,
  };
}

interface Names {
  roles: Map<string, string>;
  divisions: Map<string, string>;
}

function collectNames(fixes: readonly FixProposal[], known: KnownNames): Names {
  const roles = new Map(Object.entries(known.roles ?? {}));
  const divisions = new Map(Object.entries(known.divisions ?? {}));
  for (const fix of fixes) {
    if (fix.kind !== 'grant-role') continue;
    if (fix.roleName && !roles.has(fix.roleId)) roles.set(fix.roleId, fix.roleName);
    if (fix.divisionName && !divisions.has(fix.divisionId)) divisions.set(fix.divisionId, fix.divisionName);
  }
  return { roles, divisions };
}

interface WrittenTarget {
  byId: string;
  byName: string;
  notes: string[];
  resource: TerraformResourceChange;
}

function targetWords(target: FixTarget, name: string | undefined): string {
  const kind = target.kind === 'user' ? 'user' : 'OAuth client';
  return name ? `${kind} ${quotedName(name)} (${target.id})` : `${kind} ${target.id}`;
}

function roleWords(roleId: string, names: Names): string {
  const name = names.roles.get(roleId);
  return name ? `role ${quotedName(name)}` : `role ${roleId} (name not known to sr-check)`;
}

function divisionWords(divisionId: string, names: Names): string {
  if (divisionId === ALL_DIVISIONS_ID) return 'all divisions';
  const name = names.divisions.get(divisionId);
  return name ? `division ${quotedName(name)}` : `division ${divisionId} (name not known to sr-check)`;
}

function clientBlocks(
  fixes: TargetFixes,
  targetName: string | undefined,
  names: Names,
  labels: LabelBook,
  data: DataLabels,
): WrittenTarget {
  const label = labels.take(targetName ?? '', `oauth_client_${fixes.target.id.slice(0, 8)}`);
  const head = [
    `# ${targetWords(fixes.target, targetName)}:`,
    '# in the resource that manages this client, add what follows and keep everything it has.',
  ];
  const idLines: string[] = [];
  const nameLines: string[] = [];
  for (const grant of fixes.grants) {
    const comment = `  # ${roleWords(grant.roleId, names)} in ${divisionWords(grant.divisionId, names)}`;
    idLines.push(
      comment,
      '  roles {',
      ...alignedAttributes(
        [
          ['role_id', hclString(grant.roleId)],
          ['division_id', hclString(grant.divisionId)],
        ],
        '    ',
      ),
      '  }',
    );
    nameLines.push(
      comment,
      '  roles {',
      ...alignedAttributes(
        [
          ['role_id', data.role(grant.roleId, names)],
          ['division_id', data.division(grant.divisionId, names)],
        ],
        '    ',
      ),
      '  }',
    );
  }
  const notes: string[] = [];
  if (fixes.grants.length > 0) {
    notes.push(
      "The provider manages a client's roles as a set: a role granted live but missing from the configuration is removed by the next terraform apply.",
      `The OAuth client Terraform runs as must itself hold ${fixes.grants.map((g) => roleWords(g.roleId, names)).join(' and ')} (provider docs: "The roles must also already be assigned to the OAuth Client used by Terraform").`,
    );
  }
  if (fixes.scopes.length > 0) {
    const first = fixes.scopes[0]!;
    const after = fixes.scopes.reduce((scopes, fix) => scopesWith(scopes, fix.scope), [...first.before]);
    const added = fixes.scopes.map((s) => `"${commentText(s.scope, 80)}"`).join(', ');
    const replaced = fixes.scopes
      .map((s) => `${s.scope}:readonly`)
      .filter((twin) => first.before.includes(twin))
      .map((twin) => `"${commentText(twin, 80)}"`);
    const scopeLines = [
      `  # scopes: adds ${added}${replaced.length > 0 ? ` (the full scope replaces ${replaced.join(', ')})` : ''}; the list is the whole new set`,
      ...alignedAttributes([['scopes', hclStringList(after)]], '  '),
    ];
    idLines.push(...scopeLines);
    nameLines.push(...scopeLines);
    notes.push(
      'scopes is a set: the list shown is the whole new value of the attribute (what the client has, plus the new scope).',
    );
  }
  const block = (body: string[]) =>
    [...head, `resource "${OAUTH_CLIENT_RESOURCE.name}" "${label}" {`, ...body, '}'].join('\n');
  return {
    byId: block(idLines),
    byName: block(nameLines),
    notes,
    resource: { type: OAUTH_CLIENT_RESOURCE.name, label, target: fixes.target },
  };
}

function userBlocks(
  fixes: TargetFixes,
  targetName: string | undefined,
  names: Names,
  labels: LabelBook,
  data: DataLabels,
): WrittenTarget {
  const label = labels.take(targetName ?? '', `user_${fixes.target.id.slice(0, 8)}`);
  const entries = userEntries(fixes.grants);
  const head = [
    `# ${targetWords(fixes.target, targetName)}:`,
    "# in the genesyscloud_user_roles resource for this user, add these roles entries and keep the user's others.",
  ];
  const idLines: string[] = [];
  const nameLines: string[] = [];
  for (const entry of entries) {
    const divisions = entry.divisionIds.map((d) => divisionWords(d, names)).join(', ');
    const comment = [`  # ${roleWords(entry.roleId, names)} in ${divisions}`];
    if (entry.heldDivisionIds.length > 0)
      comment.push(
        `  # replaces this role's existing entry (the user holds it in ${entry.heldDivisionIds.map((d) => divisionWords(d, names)).join(', ')})`,
      );
    idLines.push(
      ...comment,
      '  roles {',
      ...alignedAttributes(
        [
          ['role_id', hclString(entry.roleId)],
          ['division_ids', hclStringList(entry.divisionIds)],
        ],
        '    ',
      ),
      '  }',
    );
    nameLines.push(
      ...comment,
      '  roles {',
      ...alignedAttributes(
        [
          ['role_id', data.role(entry.roleId, names)],
          ['division_ids', `[${entry.divisionIds.map((d) => data.division(d, names)).join(', ')}]`],
        ],
        '    ',
      ),
      '  }',
    );
  }
  const block = (body: string[]) =>
    [
      ...head,
      `resource "${USER_ROLES_RESOURCE.name}" "${label}" {`,
      ...alignedAttributes([['user_id', hclString(fixes.target.id)]], '  '),
      ...body,
      '}',
    ].join('\n');
  return {
    byId: block(idLines),
    byName: block(nameLines),
    notes: [`genesyscloud_user_roles holds all of a user's roles (provider docs: "${USER_ROLES_WHOLE_SET_QUOTE}")`],
    resource: { type: USER_ROLES_RESOURCE.name, label, target: fixes.target },
  };
}

/**
 * A user's entries: one per role, with every division the role is to be held in. A role the user already holds
 * elsewhere keeps those divisions in the same entry (a roles entry names a role once, with all its divisions).
 */
function userEntries(grants: GrantFix[]): RoleEntry[] {
  const entries = new Map<string, RoleEntry>();
  for (const grant of grants) {
    let entry = entries.get(grant.roleId);
    if (!entry) {
      const held = heldDivisions(grant.before, grant.roleId);
      entry = { roleId: grant.roleId, roleName: grant.roleName, divisionIds: [...held], heldDivisionIds: held };
      entries.set(grant.roleId, entry);
    }
    if (!entry.divisionIds.includes(grant.divisionId)) entry.divisionIds.push(grant.divisionId);
  }
  return [...entries.values()];
}

function heldDivisions(before: RoleDivision[], roleId: string): string[] {
  return [...new Set(before.filter((rd) => rd.roleId === roleId).map((rd) => rd.divisionId))];
}

/** The data sources of the by-name form, one per role or division looked up, labelled from their names. */
class DataLabels {
  private readonly labels = new LabelBook();
  private readonly roles = new Map<string, { label: string; name: string }>();
  private readonly divisions = new Map<string, { label: string; name: string }>();

  /** `data.genesyscloud_auth_role.<label>.id`, or the id itself when the role's name is unknown. */
  role(roleId: string, names: Names): string {
    const name = names.roles.get(roleId);
    if (!name) return hclString(roleId);
    let found = this.roles.get(roleId);
    if (!found) {
      found = { label: this.labels.take(name, 'role'), name };
      this.roles.set(roleId, found);
    }
    return `data.${AUTH_ROLE_DATA.name}.${found.label}.id`;
  }

  division(divisionId: string, names: Names): string {
    const name = names.divisions.get(divisionId);
    if (divisionId === ALL_DIVISIONS_ID || !name) return hclString(divisionId);
    let found = this.divisions.get(divisionId);
    if (!found) {
      found = { label: this.labels.take(name, 'division'), name };
      this.divisions.set(divisionId, found);
    }
    return `data.${AUTH_DIVISION_DATA.name}.${found.label}.id`;
  }

  blocks(): string[] {
    const block = (type: string, found: { label: string; name: string }) =>
      [`data "${type}" "${found.label}" {`, `  name = ${hclString(found.name)}`, '}'].join('\n');
    return [
      ...[...this.roles.values()].map((r) => block(AUTH_ROLE_DATA.name, r)),
      ...[...this.divisions.values()].map((d) => block(AUTH_DIVISION_DATA.name, d)),
    ];
  }
}
