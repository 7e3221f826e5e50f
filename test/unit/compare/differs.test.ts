/** Fact snapshots and what differs between a working and a broken identity, from facts alone. */
import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../../src/compare/differs';
import { snapshotFacts } from '../../../src/diagnosis/snapshot';
import {
  buildFacts,
  buildUserFacts,
  DIVISIONS,
  failed,
  IDS,
  oauthClient,
  ok,
  ROLES,
  subject,
  subjectGrant,
} from '../../support/facts';

const cc = (roleDivisions: Array<{ roleId: string; divisionId: string }>, extra = {}) =>
  buildFacts({ client: ok(oauthClient({ authorizedGrantType: 'CLIENT-CREDENTIALS', roleDivisions, ...extra })) });

describe('snapshotFacts', () => {
  it("names grants by role and division name, lists the granted roles' permissions, and keeps the settings", () => {
    const snap = snapshotFacts(
      cc([
        { roleId: ROLES.screenViewer.id, divisionId: IDS.salesDivision },
        { roleId: ROLES.employee.id, divisionId: '*' },
      ]),
    );
    expect(snap.grants).toEqual({
      ok: true,
      value: [
        { role: 'Employee', division: '*' },
        { role: ROLES.screenViewer.name, division: DIVISIONS.sales.name },
      ],
    });
    expect(snap.rolePermissions.ok && snap.rolePermissions.value.Employee).toEqual(['directory:user:view']);
    expect(snap.settings).toEqual({
      scopeEnforcement: 'unset',
      maxSimultaneousStreams: 10,
      requiredProduct: { id: IDS.product, enabled: true },
    });
    expect(snap.identity).toMatchObject({
      kind: 'oauth-client',
      id: IDS.client,
      grantType: 'CLIENT-CREDENTIALS',
      state: 'active',
    });
  });

  it('records unreadable grants as unreadable, never as none', () => {
    const snap = snapshotFacts(buildFacts({ client: failed(500) }));
    expect(snap.grants.ok).toBe(false);
    expect(snap.scopes?.ok).toBe(false);
  });

  it("a user identity: the user's grants", () => {
    const snap = snapshotFacts(
      buildUserFacts({ subject: ok(subject([subjectGrant(ROLES.screenViewer, DIVISIONS.sales)])) }),
    );
    expect(snap.grants).toEqual({
      ok: true,
      value: [{ role: ROLES.screenViewer.name, division: DIVISIONS.sales.name }],
    });
  });
});

describe('diffSnapshots', () => {
  it('names the role grant the broken side lacks, and one it holds only in another division', () => {
    const working = snapshotFacts(cc([{ roleId: ROLES.screenViewer.id, divisionId: '*' }]));
    expect(diffSnapshots(working, snapshotFacts(cc([])), { working: 'acme', broken: 'globex' })[0]!.line).toBe(
      `acme holds role "${ROLES.screenViewer.name}" in all divisions (*); globex does not`,
    );
    const elsewhere = diffSnapshots(
      working,
      snapshotFacts(cc([{ roleId: ROLES.screenViewer.id, divisionId: IDS.salesDivision }])),
    );
    expect(elsewhere[0]!.line).toContain(`broken holds it only in division "${DIVISIONS.sales.name}"`);
  });

  it('names settings, scopes and client state that differ; nothing when the facts are the same', () => {
    const grants = [{ roleId: ROLES.screenViewer.id, divisionId: '*' }];
    const working = snapshotFacts(
      buildFacts({ client: ok(oauthClient({ scope: ['recordings', 'users:readonly'] })), scopeEnforcement: 'on' }),
    );
    const broken = snapshotFacts(
      buildFacts({
        client: ok(oauthClient({ scope: ['users:readonly'], state: 'disabled' })),
        recordingSettings: ok({ maxSimultaneousStreams: 0 }),
        products: ok({ entities: [] }),
      }),
    );
    const lines = diffSnapshots(working, broken).map((d) => d.line);
    expect(lines).toContain("working's app has scope recordings; broken's does not");
    expect(lines).toContain('Enforce Scopes is on in working, not stated in broken (as configured for sr-check)');
    expect(lines).toContain(
      'screen recording streams (maxSimultaneousStreams) at 10 in working, switched off (0) in broken',
    );
    expect(lines).toContain(`product ${IDS.product} is enabled in working, not enabled in broken`);
    expect(lines).toContain('the client is active in working, disabled in broken');
    expect(diffSnapshots(snapshotFacts(cc(grants)), snapshotFacts(cc(grants)))).toEqual([]);
  });

  it('says it cannot compare what one side could not read', () => {
    const lines = diffSnapshots(snapshotFacts(cc([])), snapshotFacts(buildFacts({ client: failed(403) }))).map(
      (d) => d.line,
    );
    expect(lines.some((l) => l.startsWith('cannot compare role grants: not readable in broken'))).toBe(true);
  });
});
