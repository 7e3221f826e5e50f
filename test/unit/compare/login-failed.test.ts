/** An org whose login failed read nothing: "what differs" says so once, and never blames a missing client name. */
import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../../src/compare/differs';
import { runManyOrgs } from '../../../src/compare/many-orgs';
import { identityGrants } from '../../../src/diagnosis/checks/identity';
import type { DiagnoseOutcome } from '../../../src/diagnosis/diagnose';
import { snapshotFacts } from '../../../src/diagnosis/snapshot';
import type { CheckStatus, Verdict } from '../../../src/diagnosis/verdict';
import { buildFacts, failed, IDS, oauthClient, ok, ROLES } from '../../support/facts';

const withGrant = () =>
  buildFacts({
    client: ok(
      oauthClient({
        authorizedGrantType: 'CLIENT-CREDENTIALS',
        roleDivisions: [{ roleId: ROLES.screenViewer.id, divisionId: IDS.salesDivision }],
      }),
    ),
  });
// A failed login reads nothing: the named client is absent from the facts.
const loginFailed = () => buildFacts({ diagnosticToken: failed(401), client: undefined, roles: failed(401) });

describe('identity grants when the client was not read', () => {
  it('says the client could not be read when one was named', () => {
    const grants = identityGrants(loginFailed());
    expect(grants).toEqual({ ok: false, reason: 'the client could not be read' });
  });

  it('says no client was named only when none was', () => {
    const grants = identityGrants(buildFacts({ identity: { kind: 'oauth-client' }, client: undefined }));
    expect(grants).toEqual({ ok: false, reason: 'no OAuth client was named' });
  });
});

describe('what differs when the broken side could not log in', () => {
  it('prints one line and nothing else', () => {
    const lines = diffSnapshots(
      snapshotFacts(withGrant()),
      snapshotFacts(loginFailed()),
      { working: 'acme', broken: 'initech' },
      { brokenCredentials: 'fail' },
    );
    expect(lines).toEqual([{ kind: 'unreadable', line: 'login failed in initech: nothing to compare' }]);
  });

  it('compares as usual when the login passed', () => {
    const lines = diffSnapshots(
      snapshotFacts(withGrant()),
      snapshotFacts(
        buildFacts({ client: ok(oauthClient({ authorizedGrantType: 'CLIENT-CREDENTIALS', roleDivisions: [] })) }),
      ),
      { working: 'acme', broken: 'globex' },
      { brokenCredentials: 'pass' },
    );
    expect(lines[0]?.kind).toBe('role-grant');
  });

  it('org=acme,globex,initech: initech (login refused) gets the one line, globex its real differences', async () => {
    const verdict = (org: string, overall: Verdict['overall'], credentials: CheckStatus): Verdict => ({
      org,
      identity: { kind: 'oauth-client', id: IDS.client },
      operations: [],
      overall,
      checks: [
        { id: 'credentials', status: credentials, summary: 's', evidence: [], fixes: [] },
        { id: 'role', status: overall, summary: 's', evidence: [], fixes: [] },
      ],
      missingPermissions: [],
      apiCalls: 1,
      durationMs: 1,
    });
    const outcomes: Record<string, DiagnoseOutcome> = {
      acme: { ok: true, verdict: verdict('acme', 'pass', 'pass'), facts: withGrant(), fixerAvailable: false },
      globex: {
        ok: true,
        verdict: verdict('globex', 'fail', 'pass'),
        facts: buildFacts({
          client: ok(oauthClient({ authorizedGrantType: 'CLIENT-CREDENTIALS', roleDivisions: [] })),
        }),
        fixerAvailable: false,
      },
      initech: { ok: true, verdict: verdict('initech', 'fail', 'fail'), facts: loginFailed(), fixerAvailable: false },
    };
    const result = await runManyOrgs(
      {
        diagnose: async (request) => outcomes[request.org]!,
        orgNames: () => Object.keys(outcomes),
        canSee: () => true,
      },
      { orgs: ['acme', 'globex', 'initech'], request: { interaction: IDS.conversation, fresh: false } as never },
    );
    expect(result.differs.initech).toEqual([
      { kind: 'unreadable', line: 'login failed in initech: nothing to compare' },
    ]);
    expect(result.differs.globex?.[0]?.line).toContain('acme holds role');
  });
});
