import { describe, expect, it } from 'vitest';
import { scopeCheck } from '../../../../src/diagnosis/checks/scope';
import type { Facts } from '../../../../src/diagnosis/facts';
import type { CheckStatus } from '../../../../src/diagnosis/verdict';
import {
  IDS,
  OPS,
  buildFacts,
  buildUserFacts,
  catalogOp,
  failed,
  oauthClient,
  ok,
  syntheticOp,
} from '../../../support/facts';

const read = catalogOp(OPS.listRecordings);
const write = catalogOp(OPS.updateRecording);
const noPermission = catalogOp(OPS.tokensMe);
const uninferable = syntheticOp('any', ['x:y:z'], { api: 'NoSuchThingApi', template: '/api/v2/nosuchthing/x' });

type Enforcement = Facts['scopeEnforcement'];

function withApp(
  scope: string[] | undefined,
  operations = [read],
  grant: 'CODE' | 'TOKEN' | 'SAML2BEARER' | 'CLIENT-CREDENTIALS' = 'CODE',
  scopeEnforcement?: Enforcement,
): Facts {
  return buildFacts({
    operations,
    client: ok(oauthClient({ scope, authorizedGrantType: grant })),
    ...(scopeEnforcement ? { scopeEnforcement } : {}),
  });
}

interface Case {
  name: string;
  facts: Facts;
  status: CheckStatus;
  summary: RegExp;
  evidence?: RegExp;
  /** Must not appear in the evidence. */
  notEvidence?: RegExp;
  addScopes?: string[];
}

const INFERRED =
  /needs recordings or recordings:readonly \(inferred from API group RecordingApi\); the app has neither/;

const cases: Case[] = [
  {
    name: 'read with the full scope',
    facts: withApp(['recordings']),
    status: 'pass',
    summary: /cover every operation/,
    evidence: /has recordings\./,
  },
  {
    name: 'read with the readonly twin',
    facts: withApp(['recordings:readonly']),
    status: 'pass',
    summary: /cover/,
    evidence: /needs recordings or recordings:readonly .*has recordings:readonly/,
  },
  {
    name: 'implicit grant is user context too',
    facts: withApp(['recordings:readonly'], [read], 'TOKEN'),
    status: 'pass',
    summary: /cover/,
  },
  {
    name: 'scopes covered, enforcement on',
    facts: withApp(['recordings'], [read], 'CODE', 'on'),
    status: 'pass',
    summary: /cover every operation/,
  },
  {
    name: 'SAML2 bearer is user context too',
    facts: withApp([], [read], 'SAML2BEARER'),
    status: 'warn',
    summary: /lacks the recordings scope/,
    addScopes: ['recordings'],
  },

  // Enforcement unknown (no scopeEnforcement in the org's config): warn, say it is unknown and how to tell sr-check.
  {
    name: 'enforcement unknown: missing scope warns and says enforcement is unknown',
    facts: withApp(['recordings:readonly'], [write]),
    status: 'warn',
    summary: /lacks the recordings scope: refused if the org enforces scopes \(unknown\)/,
    evidence: /Whether this org enforces OAuth scopes is unknown: no API reads the setting/,
    addScopes: ['recordings'],
  },
  {
    name: 'enforcement unknown: says how to tell sr-check',
    facts: withApp([], [read]),
    status: 'warn',
    summary: /lacks the recordings scope/,
    evidence: /scopeEnforcement: on or scopeEnforcement: off to the org's entry/,
    addScopes: ['recordings'],
  },
  {
    name: 'enforcement unknown: keeps the inference note',
    facts: withApp(['recordings:readonly'], [write]),
    status: 'warn',
    summary: /recordings/,
    evidence: /PUT .*needs recordings \(inferred from API group RecordingApi\); the app has neither/,
    addScopes: ['recordings'],
  },
  {
    name: 'enforcement unknown: no claim about which 403 code a missing scope gives',
    facts: withApp([], [read]),
    status: 'warn',
    summary: /recordings/,
    notEvidence: /not\.authorized/,
    addScopes: ['recordings'],
  },
  {
    name: 'no scopes at all',
    facts: withApp(undefined),
    status: 'warn',
    summary: /lacks the recordings scope/,
    evidence: /no scopes/,
    addScopes: ['recordings'],
  },
  {
    name: 'two operations needing the same scope give one fix',
    facts: withApp(['users'], [read, write]),
    status: 'warn',
    summary: /recordings/,
    addScopes: ['recordings'],
  },

  // Enforcement on: a missing scope is a cause.
  {
    name: 'enforcement on: missing scope fails with the add-scope fix',
    facts: withApp(['recordings:readonly'], [write], 'CODE', 'on'),
    status: 'fail',
    summary: /lacks the recordings scope and this org enforces scopes/,
    evidence: /admin reports scope enforcement is on/,
    addScopes: ['recordings'],
  },
  {
    name: 'enforcement on: keeps the inference note',
    facts: withApp([], [read], 'CODE', 'on'),
    status: 'fail',
    summary: /recordings/,
    evidence: INFERRED,
    addScopes: ['recordings'],
  },
  {
    name: 'enforcement on: the 403 code stays unconfirmed',
    facts: withApp([], [read], 'CODE', 'on'),
    status: 'fail',
    summary: /recordings/,
    evidence: /403 code .* is unconfirmed/,
    notEvidence: /not\.authorized/,
    addScopes: ['recordings'],
  },
  {
    name: 'enforcement on: a missing scope outweighs an uninferable one',
    facts: withApp([], [read, uninferable], 'CODE', 'on'),
    status: 'fail',
    summary: /recordings/,
    addScopes: ['recordings'],
  },
  {
    name: 'enforcement on, scope uninferable: unknown',
    facts: withApp(['recordings'], [uninferable], 'CODE', 'on'),
    status: 'unknown',
    summary: /Could not tell which scope/,
  },

  // Enforcement off: a missing scope is not a cause.
  {
    name: 'enforcement off: missing scope passes, says so, no fix',
    facts: withApp(['recordings:readonly'], [write], 'CODE', 'off'),
    status: 'pass',
    summary: /lacks the recordings scope, but this org does not enforce scopes/,
    evidence:
      /lacks the recordings scope, but the org's admin reports scope enforcement is off .*"If scopes are not enforced, applications have the same access as the user of the application" \(help page "Enabling OAuth scope enforcement"\)/,
  },
  {
    name: 'enforcement off: keeps the inference note',
    facts: withApp([], [read], 'CODE', 'off'),
    status: 'pass',
    summary: /does not enforce/,
    evidence: INFERRED,
  },
  {
    name: 'enforcement off: an uninferable scope restricts nothing either',
    facts: withApp(['recordings'], [uninferable], 'CODE', 'off'),
    status: 'pass',
    summary: /does not enforce scopes/,
    evidence: /could not infer its scope/,
  },

  {
    name: 'operation without a permission check needs no scope',
    facts: withApp([], [noPermission]),
    status: 'pass',
    summary: /cover/,
    evidence: /no scope needed/,
  },
  {
    name: 'client credentials: skipped with the reason',
    facts: withApp([], [read], 'CLIENT-CREDENTIALS'),
    status: 'skipped',
    summary: /roles, not scopes/,
    evidence: /only restrict user-context grants/,
  },
  {
    name: 'client credentials stays skipped with enforcement on',
    facts: withApp([], [read], 'CLIENT-CREDENTIALS', 'on'),
    status: 'skipped',
    summary: /roles, not scopes/,
  },
  {
    name: 'client credentials stays skipped with enforcement off',
    facts: withApp([], [read], 'CLIENT-CREDENTIALS', 'off'),
    status: 'skipped',
    summary: /roles, not scopes/,
  },
  {
    name: 'scope cannot be inferred',
    facts: withApp(['recordings'], [uninferable]),
    status: 'unknown',
    summary: /Could not tell which scope/,
    evidence: /could not infer its scope from API group NoSuchThingApi/,
  },
  {
    name: 'a missing scope outweighs an uninferable one',
    facts: withApp([], [read, uninferable]),
    status: 'warn',
    summary: /recordings/,
    addScopes: ['recordings'],
  },
  {
    name: 'client not named',
    facts: buildUserFacts({ client: undefined }),
    status: 'unknown',
    summary: /No OAuth client named/,
    evidence: /client=<oauthClientId>/,
  },
  {
    name: 'client unreadable',
    facts: buildFacts({ client: failed(403) }),
    status: 'unknown',
    summary: /Could not read the OAuth client's scopes/,
  },
];

describe('scopeCheck', () => {
  it.each(cases)('$name → $status', ({ facts, status, summary, evidence, notEvidence, addScopes }) => {
    const checked = scopeCheck(facts);
    expect(checked.id).toBe('scope');
    expect(checked.status).toBe(status);
    expect(checked.summary).toMatch(summary);
    if (evidence) expect(checked.evidence.join('\n')).toMatch(evidence);
    if (notEvidence) expect(checked.evidence.join('\n')).not.toMatch(notEvidence);
    expect(checked.fixes.map((f) => (f.kind === 'add-scope' ? f.scope : f.kind))).toEqual(addScopes ?? []);
  });

  it.each([undefined, 'on'] as const)(
    'the add-scope fix replaces the readonly twin and keeps the other scopes (enforcement %s)',
    (scopeEnforcement) => {
      const checked = scopeCheck(withApp(['recordings:readonly', 'users'], [write], 'CODE', scopeEnforcement));
      expect(checked.fixes).toEqual([
        {
          kind: 'add-scope',
          target: { kind: 'oauth-client', id: IDS.client },
          scope: 'recordings',
          before: ['recordings:readonly', 'users'],
          after: ['users', 'recordings'],
        },
      ]);
    },
  );
});

describe("scopeCheck for an external app (not one of the org's clients, authorized in it)", () => {
  const external = (scope: string[], scopeEnforcement?: 'on' | 'off') =>
    buildUserFacts({
      client: failed(404, 'http', 'not.found'),
      authorization: ok({
        client: { id: IDS.client, name: 'Vendor Archiver', authorizedGrantType: 'CODE' },
        scope,
        state: 'Authorized',
      }),
      ...(scopeEnforcement ? { scopeEnforcement } : {}),
    });

  it('reads the scopes from the authorization', () => {
    const checked = scopeCheck(external(['recordings']));
    expect(checked.status).toBe('pass');
    expect(checked.evidence[0]).toMatch(
      /App "Vendor Archiver" \(CODE, an external app authorized in this org\) is authorized for: recordings/,
    );
  });

  it('a missing scope: no add-scope fix (the app is not ours to edit), and where it is authorized', () => {
    const checked = scopeCheck(external(['users'], 'on'));
    expect(checked.status).toBe('fail');
    expect(checked.fixes).toEqual([]);
    expect(checked.evidence.join('\n')).toMatch(/Admin > Authorized Applications/);
  });

  it('the authorization unreadable → unknown', () => {
    expect(
      scopeCheck(buildUserFacts({ client: failed(404, 'http', 'not.found'), authorization: failed(403) })).status,
    ).toBe('unknown');
  });
});
