import { describe, expect, it } from 'vitest';
import { tokenCheck } from '../../../../src/diagnosis/checks/token';
import type { Facts } from '../../../../src/diagnosis/facts';
import type { CheckStatus } from '../../../../src/diagnosis/verdict';
import { DIVISIONS, HOUR, IDS, NOW, ROLES, buildFacts, buildUserFacts, failed, isoAgo, oauthClient, ok, subject, subjectGrant } from '../../../support/facts';

/** `validitySeconds: null` leaves accessTokenValiditySeconds out (Genesys then uses its default). */
function clientChanged(agoMs: number | undefined, validitySeconds: number | null = 3600): Facts {
  return buildFacts({
    client: ok(oauthClient({ dateModified: agoMs === undefined ? undefined : isoAgo(agoMs), accessTokenValiditySeconds: validitySeconds ?? undefined })),
  });
}

function userGranted(agos: Array<number | undefined>, overrides: Partial<Facts> = {}): Facts {
  return buildUserFacts({
    subject: ok(subject(agos.map((ago) => subjectGrant(ROLES.screenViewer, DIVISIONS.sales, ago === undefined ? undefined : isoAgo(ago))))),
    ...overrides,
  });
}

const cases: Array<{ name: string; facts: Facts; status: CheckStatus; summary: RegExp; evidence?: RegExp; refresh?: string }> = [
  { name: 'client changed long ago', facts: clientChanged(30 * 24 * HOUR), status: 'pass', summary: /current roles/, evidence: /tokens live up to 1 h/ },
  { name: 'client changed within one token lifetime', facts: clientChanged(30 * 60_000), status: 'warn', summary: /refresh them/, evidence: /still carry the old access until 2025-06-01T12:30:00.000Z/, refresh: `oauth-client:${IDS.client}` },
  { name: 'default lifetime is 24 h when the client does not say', facts: clientChanged(20 * HOUR, null), status: 'warn', summary: /refresh/, evidence: /24 h/, refresh: `oauth-client:${IDS.client}` },
  { name: 'default lifetime passed', facts: clientChanged(25 * HOUR, null), status: 'pass', summary: /current/ },
  { name: 'odd lifetime shown in minutes', facts: clientChanged(2 * HOUR, 5400), status: 'pass', summary: /current/, evidence: /90 min/ },
  { name: 'client never says when it changed', facts: clientChanged(undefined), status: 'unknown', summary: /Could not tell when the client's last change was made/ },
  { name: 'client change date unparsable', facts: buildFacts({ client: ok(oauthClient({ dateModified: 'yesterday-ish' })) }), status: 'unknown', summary: /Could not tell/ },
  { name: 'client unreadable', facts: buildFacts({ client: failed(403) }), status: 'unknown', summary: /Could not read the OAuth client/ },
  { name: 'no client named', facts: buildFacts({ client: undefined }), status: 'skipped', summary: /No OAuth client named/ },
  { name: 'user granted a role long ago', facts: userGranted([40 * 24 * HOUR, 30 * 24 * HOUR]), status: 'pass', summary: /current/ },
  { name: "user's latest grant is recent", facts: userGranted([40 * 24 * HOUR, 10 * 60_000]), status: 'warn', summary: /refresh/, evidence: /user's latest role grant was at/, refresh: `user:${IDS.user}` },
  { name: 'user grants without dates', facts: userGranted([undefined]), status: 'unknown', summary: /Could not tell when the user's latest role grant/ },
  { name: 'user without grants', facts: userGranted([]), status: 'unknown', summary: /Could not tell/ },
  { name: "user's grants unreadable", facts: userGranted([], { subject: failed(500) }), status: 'unknown', summary: /Could not read the user's grants/ },
  { name: "user's grants not read", facts: userGranted([], { subject: undefined }), status: 'unknown', summary: /Could not read the user's grants/ },
  {
    name: 'user, app unreadable: the longest lifetime (48 h) is assumed',
    facts: userGranted([30 * HOUR], { client: failed(403) }),
    status: 'warn',
    summary: /refresh/,
    evidence: /48 h \(the OAuth client was not read/,
    refresh: `user:${IDS.user}`,
  },
  { name: 'user, app unreadable, change older than 48 h', facts: userGranted([49 * HOUR], { client: failed(403) }), status: 'pass', summary: /current/ },
];

describe('tokenCheck', () => {
  it.each(cases)('$name → $status', ({ facts, status, summary, evidence, refresh }) => {
    const checked = tokenCheck(facts);
    expect(checked.id).toBe('token');
    expect(checked.status).toBe(status);
    expect(checked.summary).toMatch(summary);
    if (evidence) expect(checked.evidence.join('\n')).toMatch(evidence);
    expect(checked.fixes.map((f) => (f.kind === 'refresh-credentials' ? `${f.target.kind}:${f.target.id}` : f.kind))).toEqual(refresh ? [refresh] : []);
  });

  it('the check takes the time from the facts, not a clock', () => {
    const facts = clientChanged(30 * 60_000);
    expect(tokenCheck(facts).status).toBe('warn');
    expect(tokenCheck({ ...facts, now: NOW + HOUR }).status).toBe('pass');
  });
});
