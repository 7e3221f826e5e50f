import { describe, expect, it } from 'vitest';
import { scopeCheck } from '../../../../src/diagnosis/checks/scope';
import type { Facts } from '../../../../src/diagnosis/facts';
import type { CheckStatus } from '../../../../src/diagnosis/verdict';
import { IDS, OPS, buildFacts, buildUserFacts, catalogOp, failed, oauthClient, ok, syntheticOp } from '../../../support/facts';

const read = catalogOp(OPS.listRecordings);
const write = catalogOp(OPS.updateRecording);
const noPermission = catalogOp(OPS.tokensMe);

function withApp(scope: string[] | undefined, operations = [read], grant: 'CODE' | 'TOKEN' | 'SAML2BEARER' | 'CLIENT-CREDENTIALS' = 'CODE'): Facts {
  return buildFacts({ operations, client: ok(oauthClient({ scope, authorizedGrantType: grant })) });
}

interface Case {
  name: string;
  facts: Facts;
  status: CheckStatus;
  summary: RegExp;
  evidence?: RegExp;
  addScopes?: string[];
}

const cases: Case[] = [
  { name: 'read with the full scope', facts: withApp(['recordings']), status: 'pass', summary: /cover every operation/, evidence: /has recordings\./ },
  { name: 'read with the readonly twin', facts: withApp(['recordings:readonly']), status: 'pass', summary: /cover/, evidence: /needs recordings or recordings:readonly .*has recordings:readonly/ },
  { name: 'implicit grant is user context too', facts: withApp(['recordings:readonly'], [read], 'TOKEN'), status: 'pass', summary: /cover/ },
  { name: 'SAML2 bearer is user context too', facts: withApp([], [read], 'SAML2BEARER'), status: 'warn', summary: /lacks the recordings scope/, addScopes: ['recordings'] },
  {
    name: 'write with only the readonly twin',
    facts: withApp(['recordings:readonly'], [write]),
    status: 'warn',
    summary: /lacks the recordings scope/,
    evidence: /PUT .*needs recordings \(inferred from API group RecordingApi\); the app has neither/,
    addScopes: ['recordings'],
  },
  { name: 'no scopes at all', facts: withApp(undefined), status: 'warn', summary: /lacks the recordings scope/, evidence: /no scopes/, addScopes: ['recordings'] },
  {
    name: 'two operations needing the same scope give one fix',
    facts: withApp(['users'], [read, write]),
    status: 'warn',
    summary: /recordings/,
    addScopes: ['recordings'],
  },
  { name: 'operation without a permission check needs no scope', facts: withApp([], [noPermission]), status: 'pass', summary: /cover/, evidence: /no scope needed/ },
  {
    name: 'client credentials: skipped with the reason',
    facts: withApp([], [read], 'CLIENT-CREDENTIALS'),
    status: 'skipped',
    summary: /roles, not scopes/,
    evidence: /only restrict user-context grants/,
  },
  {
    name: 'scope cannot be inferred',
    facts: withApp(['recordings'], [syntheticOp('any', ['x:y:z'], { api: 'NoSuchThingApi', template: '/api/v2/nosuchthing/x' })]),
    status: 'unknown',
    summary: /Could not tell which scope/,
    evidence: /could not infer its scope from API group NoSuchThingApi/,
  },
  {
    name: 'a missing scope outweighs an uninferable one',
    facts: withApp([], [read, syntheticOp('any', ['x:y:z'], { api: 'NoSuchThingApi', template: '/api/v2/nosuchthing/x' })]),
    status: 'warn',
    summary: /recordings/,
    addScopes: ['recordings'],
  },
  { name: 'client not named', facts: buildUserFacts({ client: undefined }), status: 'unknown', summary: /No OAuth client named/, evidence: /client=<oauthClientId>/ },
  { name: 'client unreadable', facts: buildFacts({ client: failed(403) }), status: 'unknown', summary: /Could not read the OAuth client's scopes/ },
];

describe('scopeCheck', () => {
  it.each(cases)('$name → $status', ({ facts, status, summary, evidence, addScopes }) => {
    const checked = scopeCheck(facts);
    expect(checked.id).toBe('scope');
    expect(checked.status).toBe(status);
    expect(checked.summary).toMatch(summary);
    if (evidence) expect(checked.evidence.join('\n')).toMatch(evidence);
    expect(checked.fixes.map((f) => (f.kind === 'add-scope' ? f.scope : f.kind))).toEqual(addScopes ?? []);
  });

  it('the add-scope fix replaces the readonly twin and keeps the other scopes', () => {
    const checked = scopeCheck(withApp(['recordings:readonly', 'users'], [write]));
    expect(checked.fixes).toEqual([
      {
        kind: 'add-scope',
        target: { kind: 'oauth-client', id: IDS.client },
        scope: 'recordings',
        before: ['recordings:readonly', 'users'],
        after: ['users', 'recordings'],
      },
    ]);
  });
});
