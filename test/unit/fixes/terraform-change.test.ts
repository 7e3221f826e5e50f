/**
 * A verdict's fixes as the Terraform change, as a table: client-credentials vs user grants, one and several roles,
 * `*` and named divisions, the scope fix. Every printed form is read back with a real HCL parser and its names are
 * checked against the provider's documented schema (test/support/hcl.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FixProposal } from '../../../src/diagnosis/verdict';
import { hclString, isIdentifier, labelFrom } from '../../../src/fixes/as-code/hcl';
import { terraformChange, type KnownNames } from '../../../src/fixes/as-code/terraform-change';
import { parseHcl, templateLiteral, undocumentedNames, type HclJson } from '../../support/hcl';

const CLIENT = { kind: 'oauth-client' as const, id: '09f08c5e-1262-478b-9a02-ada5263d5d40' };
const USER = { kind: 'user' as const, id: '0a6883b1-084d-471d-8aaa-acc742b282e7' };
const HOME = '27558317-8891-45d1-9abc-a2de6d8a89d4';
const EMEA = '2b50f4dd-30a9-4247-8172-df57ba20ac9c';
const VIEWER = 'e0a4894c-0630-45c7-bddd-ca4d399d17ce';
const RETENTION = 'e678db74-c506-48d6-ae17-b8fffce76d41';

function grant(
  target: FixProposal['target'],
  roleId: string,
  roleName: string,
  divisionId: string,
  divisionName?: string,
  before: Array<{ roleId: string; divisionId: string }> = [],
): FixProposal {
  return {
    kind: 'grant-role',
    target,
    roleId,
    roleName,
    divisionId,
    ...(divisionName ? { divisionName } : {}),
    permission: 'recording:screenRecording:view',
    extraPermissions: 0,
    before,
    after: [...before, { roleId, divisionId }],
  };
}

interface Row {
  name: string;
  fixes: FixProposal[];
  names?: KnownNames;
  /** The resource changed: type and label. */
  resource: [string, string];
  /** Expected `roles` entries of the by-id form (client: division_id; user: division_ids). */
  roles?: Array<Record<string, unknown>>;
  /** Expected `scopes` value. */
  scopes?: string[];
  /** Data lookups of the by-name form: `type.label` → name. */
  lookups?: Record<string, string>;
  /** Lines the by-id form must contain (comments with names). */
  comments?: RegExp[];
  notes?: RegExp[];
}

const rows: Row[] = [
  {
    name: 'client credentials, one role, named division',
    fixes: [grant(CLIENT, VIEWER, 'Screen Recording Viewer', HOME, 'Home')],
    names: { targets: { [CLIENT.id]: 'ArchiveBridge Screen Archiver' } },
    resource: ['genesyscloud_oauth_client', 'archivebridge_screen_archiver'],
    roles: [{ role_id: VIEWER, division_id: HOME }],
    lookups: {
      'genesyscloud_auth_role.screen_recording_viewer': 'Screen Recording Viewer',
      'genesyscloud_auth_division.home': 'Home',
    },
    comments: [/# role "Screen Recording Viewer" in division "Home"/, /# OAuth client "ArchiveBridge Screen Archiver"/],
    notes: [/removed by the next terraform apply/, /already be assigned to the OAuth Client used by Terraform/],
  },
  {
    name: 'client credentials, two roles, one of them in all divisions',
    fixes: [
      grant(CLIENT, VIEWER, 'Screen Recording Viewer (view only)', HOME, 'Home'),
      grant(CLIENT, RETENTION, 'Screen Recording Retention', '*'),
    ],
    resource: ['genesyscloud_oauth_client', 'oauth_client_09f08c5e'],
    roles: [
      { role_id: VIEWER, division_id: HOME },
      { role_id: RETENTION, division_id: '*' },
    ],
    lookups: {
      'genesyscloud_auth_role.screen_recording_viewer_view_only': 'Screen Recording Viewer (view only)',
      'genesyscloud_auth_role.screen_recording_retention': 'Screen Recording Retention',
      'genesyscloud_auth_division.home': 'Home',
    },
    comments: [/# role "Screen Recording Retention" in all divisions/],
  },
  {
    name: 'client credentials, a division whose name sr-check does not know keeps its id',
    fixes: [grant(CLIENT, VIEWER, 'Viewer', EMEA)],
    resource: ['genesyscloud_oauth_client', 'oauth_client_09f08c5e'],
    roles: [{ role_id: VIEWER, division_id: EMEA }],
    lookups: { 'genesyscloud_auth_role.viewer': 'Viewer' },
    comments: [new RegExp(`in division ${EMEA} \\(name not known to sr-check\\)`)],
  },
  {
    name: 'user, one role in one named division',
    fixes: [grant(USER, VIEWER, 'Screen Recording Viewer', EMEA, 'EMEA Support')],
    names: { targets: { [USER.id]: 'Dana Reyes' } },
    resource: ['genesyscloud_user_roles', 'dana_reyes'],
    roles: [{ role_id: VIEWER, division_ids: [EMEA] }],
    lookups: {
      'genesyscloud_auth_role.screen_recording_viewer': 'Screen Recording Viewer',
      'genesyscloud_auth_division.emea_support': 'EMEA Support',
    },
    notes: [/must define all roles assigned to those users/],
  },
  {
    name: 'user, two roles, one in all divisions',
    fixes: [
      grant(USER, VIEWER, 'Screen Recording Viewer', HOME, 'Home'),
      grant(USER, RETENTION, 'Screen Recording Retention', '*'),
    ],
    resource: ['genesyscloud_user_roles', 'user_0a6883b1'],
    roles: [
      { role_id: VIEWER, division_ids: [HOME] },
      { role_id: RETENTION, division_ids: ['*'] },
    ],
    lookups: {
      'genesyscloud_auth_role.screen_recording_viewer': 'Screen Recording Viewer',
      'genesyscloud_auth_role.screen_recording_retention': 'Screen Recording Retention',
      'genesyscloud_auth_division.home': 'Home',
    },
  },
  {
    name: 'user who holds the role elsewhere: one entry with every division',
    fixes: [
      grant(USER, VIEWER, 'Screen Recording Viewer', EMEA, 'EMEA Support', [{ roleId: VIEWER, divisionId: HOME }]),
    ],
    names: { divisions: { [HOME]: 'Home' } },
    resource: ['genesyscloud_user_roles', 'user_0a6883b1'],
    roles: [{ role_id: VIEWER, division_ids: [HOME, EMEA] }],
    lookups: {
      'genesyscloud_auth_role.screen_recording_viewer': 'Screen Recording Viewer',
      'genesyscloud_auth_division.home': 'Home',
      'genesyscloud_auth_division.emea_support': 'EMEA Support',
    },
    comments: [/replaces this role's existing entry \(the user holds it in division "Home"\)/],
  },
  {
    name: 'scope fix: the scopes attribute, whole new set, read-only twin replaced',
    fixes: [
      {
        kind: 'add-scope',
        target: { kind: 'oauth-client', id: 'beb23168-c35b-4472-9d41-5a9109757055' },
        scope: 'recordings',
        before: ['recordings:readonly', 'users:readonly'],
        after: ['users:readonly', 'recordings'],
      },
    ],
    names: { targets: { 'beb23168-c35b-4472-9d41-5a9109757055': 'ArchiveBridge Web' } },
    resource: ['genesyscloud_oauth_client', 'archivebridge_web'],
    scopes: ['users:readonly', 'recordings'],
    comments: [/adds "recordings" \(the full scope replaces "recordings:readonly"\)/],
    notes: [/whole new value/],
  },
];

function resourceBody(json: HclJson, [type, label]: [string, string]): Record<string, unknown> {
  const body = json.resource?.[type]?.[label]?.[0];
  expect(body, `${type}.${label} in ${JSON.stringify(json)}`).toBeDefined();
  return body!;
}

describe('terraformChange', () => {
  it.each(rows)('$name', async (row) => {
    const change = terraformChange(row.fixes, row.names);
    expect(change).toBeDefined();
    const byId = await parseHcl(change!.byId);
    const byName = await parseHcl(change!.byName);
    expect(undocumentedNames(byId)).toEqual([]);
    expect(undocumentedNames(byName)).toEqual([]);
    expect(Object.keys(byId.resource ?? {})).toEqual([row.resource[0]]);
    expect(change!.resources.map((r) => [r.type, r.label])).toEqual([row.resource]);

    const body = resourceBody(byId, row.resource);
    if (row.resource[0] === 'genesyscloud_user_roles') expect(body.user_id).toBe(row.fixes[0]!.target.id);
    if (row.roles) expect(body.roles).toEqual(row.roles);
    else expect(body.roles).toBeUndefined();
    if (row.scopes) expect(body.scopes).toEqual(row.scopes);
    else expect(body.scopes).toBeUndefined();

    // By name: each lookup's name is the role's or division's name, and the entries reference the lookups.
    const lookups: Record<string, string> = {};
    for (const [type, byLabel] of Object.entries(byName.data ?? {}))
      for (const [label, [data]] of Object.entries(byLabel)) lookups[`${type}.${label}`] = String(data?.name);
    expect(lookups).toEqual(row.lookups ?? {});
    const named = resourceBody(byName, row.resource);
    const references = JSON.stringify(named.roles ?? []);
    for (const key of Object.keys(row.lookups ?? {})) expect(references).toContain(`\${data.${key}.id}`);
    for (const comment of row.comments ?? []) expect(change!.byId).toMatch(comment);
    for (const note of row.notes ?? []) expect(change!.notes.join('\n')).toMatch(note);
  });

  it('gives nothing when no fix has a Terraform form, and names the refresh it leaves out', () => {
    const refresh: FixProposal = { kind: 'refresh-credentials', target: CLIENT, reason: 'token older than the role' };
    expect(terraformChange([refresh])).toBeUndefined();
    const change = terraformChange([refresh, grant(CLIENT, VIEWER, 'Viewer', HOME, 'Home')]);
    expect(change!.notAsCode).toEqual([expect.stringMatching(/not configuration: no Terraform change/)]);
  });

  it('writes one entry for a grant proposed twice and one resource per target', async () => {
    const twice = grant(CLIENT, VIEWER, 'Viewer', HOME, 'Home');
    const change = terraformChange([twice, twice, grant(USER, VIEWER, 'Viewer', HOME, 'Home')]);
    const json = await parseHcl(change!.byId);
    expect(json.resource?.genesyscloud_oauth_client?.oauth_client_09f08c5e?.[0]?.roles).toHaveLength(1);
    expect(Object.keys(json.resource ?? {}).sort()).toEqual(['genesyscloud_oauth_client', 'genesyscloud_user_roles']);
    // One lookup per role and division, shared by both resources.
    const byName = await parseHcl(change!.byName);
    expect(Object.keys(byName.data?.genesyscloud_auth_role ?? {})).toEqual(['viewer']);
  });

  it('keeps hostile names inside strings and comments (quotes, newlines, template sequences)', async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an HCL template sequence inside a role name, on purpose
    const hostile = 'Evil "role"\n} resource "x" "y" { ${path.cwd} %{ if true }';
    const change = terraformChange([grant(CLIENT, VIEWER, hostile, HOME, 'Home\r\n# not a comment')], {
      targets: { [CLIENT.id]: 'client\nresource "genesyscloud_oauth_client" "z" {}' },
    });
    const byId = await parseHcl(change!.byId);
    const byName = await parseHcl(change!.byName);
    expect(Object.keys(byId.resource?.genesyscloud_oauth_client ?? {})).toHaveLength(1);
    expect(Object.keys(byName.resource?.genesyscloud_oauth_client ?? {})).toHaveLength(1);
    const roleLookups = Object.values(byName.data?.genesyscloud_auth_role ?? {});
    expect(roleLookups.map(([d]) => templateLiteral(String(d?.name)))).toEqual([hostile]);
  });
});

describe('HCL writing', () => {
  // HCL normalizes every string (escapes included) to Unicode NFC, so U+F900 reads back as U+8C48: the value is the
  // text's NFC form, whatever it was made from.
  it('a quoted string reads back as exactly the text it was made from (in NFC, as HCL normalizes strings)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.string({ unit: 'binary', maxLength: 30 }),
            fc.stringMatching(/^[\\"$%{}\n\r\t a-z]{0,20}$/),
            // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL template sequences, on purpose
            fc.constantFrom('${x}', '%{if}', '$${', '%%{', '\\u0041', '$', '%', '\u2028'),
          ),
          { minLength: 1, maxLength: 8 },
        ),
        async (values) => {
          const text = values.map((v, i) => `v${i} = ${hclString(v)}`).join('\n');
          const json = (await parseHcl(text)) as Record<string, unknown>;
          expect(values.map((_, i) => templateLiteral(String(json[`v${i}`])))).toEqual(
            values.map((v) => v.normalize('NFC')),
          );
        },
      ),
      { numRuns: 40 },
    );
    // 40 parses through WebAssembly: seconds on a loaded machine, so more room than the default 20 s.
  }, 60_000);

  it('labels are Terraform identifiers whatever the name', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (name) => {
        expect(isIdentifier(labelFrom(name, 'fallback'))).toBe(true);
      }),
    );
    expect(labelFrom('3CX Bridge', 'x')).toBe('_3cx_bridge');
    expect(labelFrom('Zürich Support', 'x')).toBe('zurich_support');
    expect(labelFrom('!!!', 'role')).toBe('role');
  });
});
