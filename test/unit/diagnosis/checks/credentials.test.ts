import { describe, expect, it } from 'vitest';
import { credentialsCheck } from '../../../../src/diagnosis/checks/credentials';
import type { Facts } from '../../../../src/diagnosis/facts';
import type { CheckStatus } from '../../../../src/diagnosis/verdict';
import { IDS, buildFacts, buildUserFacts, failed, oauthClient, ok, tokenInfo } from '../../../support/facts';

interface Case {
  name: string;
  facts: Facts;
  status: CheckStatus;
  summary: RegExp;
  evidence?: RegExp;
}

const cases: Case[] = [
  {
    name: 'token, right org, active client',
    facts: buildFacts(),
    status: 'pass',
    summary: /target client is active/,
    evidence: /state active/,
  },
  {
    name: 'user identity without a named client: only the credentials are checked',
    facts: buildUserFacts({ client: undefined, identity: { kind: 'user', userId: IDS.user } }),
    status: 'pass',
    summary: /Credentials work/,
    evidence: /only the credentials were checked/,
  },
  {
    name: 'no expected org id configured: any org is accepted',
    facts: buildFacts({ expectedOrgId: undefined, tokenInfo: ok(tokenInfo(IDS.otherOrg)) }),
    status: 'pass',
    summary: /active/,
  },
  {
    name: 'expected org id compared case-insensitively',
    facts: buildFacts({ expectedOrgId: IDS.org.toUpperCase() }),
    status: 'pass',
    summary: /active/,
  },
  {
    name: 'login host refuses the credentials',
    facts: buildFacts({ diagnosticToken: failed(400, 'login', 'invalid_client') }),
    status: 'fail',
    summary: /refused by the login host/,
    evidence: /client id and secret/,
  },
  {
    name: 'token call answers 401',
    facts: buildFacts({ diagnosticToken: failed(401) }),
    status: 'fail',
    summary: /refused by the login host/,
  },
  {
    name: 'token call times out',
    facts: buildFacts({ diagnosticToken: failed(undefined, 'timeout') }),
    status: 'unknown',
    summary: /Could not get a token/,
  },
  {
    name: 'token call 503',
    facts: buildFacts({ diagnosticToken: failed(503) }),
    status: 'unknown',
    summary: /Could not get a token/,
  },
  {
    name: 'API host answers 401 to tokens/me (wrong region)',
    facts: buildFacts({ tokenInfo: failed(401) }),
    status: 'fail',
    summary: /wrong region/,
  },
  { name: 'tokens/me 500', facts: buildFacts({ tokenInfo: failed(500) }), status: 'unknown', summary: /token details/ },
  {
    name: 'token belongs to another org',
    facts: buildFacts({ tokenInfo: ok(tokenInfo(IDS.otherOrg)) }),
    status: 'fail',
    summary: /another org than acme/,
    evidence: new RegExp(`Expected org id ${IDS.org}`),
  },
  {
    name: 'client not in the org (404) and not authorized in it either',
    facts: buildFacts({ client: failed(404, 'http', 'not.found'), authorization: failed(404, 'http', 'not.found') }),
    status: 'fail',
    summary: /neither a client of this org nor an app authorized in it/,
    evidence: /another org or region/,
  },
  {
    name: 'client not in the org (404) but an external app authorized in it',
    facts: buildFacts({
      client: failed(404, 'http', 'not.found'),
      authorization: ok({
        client: { id: IDS.client, name: 'Vendor Archiver', authorizedGrantType: 'CODE' },
        scope: ['recordings'],
        state: 'Authorized',
      }),
    }),
    status: 'pass',
    summary: /External app "Vendor Archiver" is authorized in this org/,
    evidence: /state Authorized, grant type CODE, scopes recordings/,
  },
  {
    name: 'external app whose authorization was revoked',
    facts: buildFacts({
      client: failed(404, 'http', 'not.found'),
      authorization: ok({ client: { id: IDS.client, name: 'Vendor' }, state: 'Revoked' }),
    }),
    status: 'fail',
    summary: /not authorized in this org \(state Revoked\)/,
    evidence: /Authorized Applications/,
  },
  {
    name: 'client 404 and the authorization unreadable (diagnostic client lacks oauth:client:authorize)',
    facts: buildFacts({
      client: failed(404, 'http', 'not.found'),
      authorization: failed(403, 'http', 'missing.permissions'),
    }),
    status: 'unknown',
    summary: /whether it is an app authorized here could not be read/,
  },
  {
    name: 'client unreadable (403)',
    facts: buildFacts({ client: failed(403, 'http', 'missing.permissions') }),
    status: 'unknown',
    summary: /Could not read the target OAuth client/,
  },
  {
    name: 'named client not read',
    facts: buildFacts({ client: undefined }),
    status: 'unknown',
    summary: /was not read/,
  },
  {
    name: 'client disabled',
    facts: buildFacts({ client: ok(oauthClient({ state: 'disabled' })) }),
    status: 'fail',
    summary: /is disabled/,
    evidence: /re-enable/,
  },
  {
    name: 'client inactive',
    facts: buildFacts({ client: ok(oauthClient({ state: 'inactive' })) }),
    status: 'fail',
    summary: /is inactive/,
  },
  {
    name: 'client state not given',
    facts: buildFacts({ client: ok(oauthClient({ state: undefined })) }),
    status: 'unknown',
    summary: /did not say whether it is active/,
  },
];

describe('credentialsCheck', () => {
  it.each(cases)('$name → $status', ({ facts, status, summary, evidence }) => {
    const checked = credentialsCheck(facts);
    expect(checked.id).toBe('credentials');
    expect(checked.status).toBe(status);
    expect(checked.summary).toMatch(summary);
    if (evidence) expect(checked.evidence.join('\n')).toMatch(evidence);
    expect(checked.fixes).toEqual([]);
  });

  it('a failed token read carries the reason into the evidence', () => {
    const facts = buildFacts({ diagnosticToken: { ok: false, reason: 'POST /oauth/token → timed out after 10 s' } });
    expect(credentialsCheck(facts).evidence).toContain('POST /oauth/token → timed out after 10 s');
  });
});
