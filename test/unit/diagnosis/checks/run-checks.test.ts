import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../../src/catalog/catalog';
import { runChecks } from '../../../../src/diagnosis/checks';
import { CHECK_IDS, overallStatus } from '../../../../src/diagnosis/verdict';
import { IDS, buildFacts, buildUserFacts, failed, oauthClient, ok } from '../../../support/facts';

const context = { allPermissions: loadCatalog().permissions() };

function statuses(facts = buildFacts()) {
  return Object.fromEntries(runChecks(facts, context).map((c) => [c.id, c.status]));
}

describe('runChecks', () => {
  it('runs every check once, in the verdict order (the probe, which sends a request, is added by the Diagnoser)', () => {
    expect(runChecks(buildFacts(), context).map((c) => c.id)).toEqual(CHECK_IDS.filter((id) => id !== 'probe'));
  });

  it('a healthy org passes everything (a user signing in through a code-grant app)', () => {
    const results = runChecks(buildUserFacts(), context);
    expect(statuses(buildUserFacts())).toEqual({
      credentials: 'pass',
      scope: 'pass',
      role: 'pass',
      feature: 'pass',
      interaction: 'pass',
      token: 'pass',
    });
    expect(overallStatus(results)).toBe('pass');
  });

  it('without a token: credentials judged, every other check unknown (never pass)', () => {
    const results = runChecks(buildFacts({ diagnosticToken: failed(undefined, 'timeout') }), context);
    expect(results.map((c) => c.status)).toEqual(['unknown', 'unknown', 'unknown', 'unknown', 'unknown', 'unknown']);
    expect(results.slice(1).every((c) => c.evidence.join(' ').includes('did not get a token'))).toBe(true);
    expect(overallStatus(results)).toBe('unknown');
  });

  it('refused credentials make the verdict fail', () => {
    const results = runChecks(buildFacts({ diagnosticToken: failed(401, 'login', 'invalid_client') }), context);
    expect(results[0]?.status).toBe('fail');
    expect(overallStatus(results)).toBe('fail');
  });

  it('client credentials skip the scope check; the verdict still passes', () => {
    const facts = buildFacts({ client: ok(oauthClient({ authorizedGrantType: 'CLIENT-CREDENTIALS', scope: [] })) });
    const results = runChecks(facts, context);
    expect(statuses(facts).scope).toBe('skipped');
    expect(overallStatus(results)).toBe('pass');
  });

  it('a user without a named app cannot have its scopes checked', () => {
    const facts = buildUserFacts({ identity: { kind: 'user', userId: IDS.user }, client: undefined });
    expect(statuses(facts).scope).toBe('unknown');
  });
});
