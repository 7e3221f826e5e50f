/**
 * token: were the identity's live tokens issued before its last role change? Genesys tokens keep the access
 * they were minted with, so after a change, tokens up to one lifetime old still carry the old roles.
 */
import type { Facts } from '../facts';
import { result, type CheckResult } from '../verdict';

const DEFAULT_TOKEN_SECONDS = 86_400;
/** The longest lifetime Genesys allows (accessTokenValiditySeconds 300..172800): the safe guess when the client is unread. */
const MAX_TOKEN_SECONDS = 172_800;

function hours(seconds: number): string {
  return seconds % 3600 === 0 ? `${seconds / 3600} h` : `${Math.round(seconds / 60)} min`;
}

export function tokenCheck(facts: Facts): CheckResult {
  const clientFact = facts.client;
  // Without the client we do not know how long its tokens live: assume the longest, so "pass" is never a guess.
  const lifetimeKnown = clientFact?.ok === true;
  const lifetime = clientFact?.ok ? (clientFact.value.accessTokenValiditySeconds ?? DEFAULT_TOKEN_SECONDS) : MAX_TOKEN_SECONDS;

  let lastChange: string | undefined;
  let what: string;
  let targetId: string;
  if (facts.identity.kind === 'user') {
    if (!facts.subject?.ok) return result('token', 'unknown', "Could not read the user's grants", facts.subject ? [facts.subject.reason] : []);
    const dates = facts.subject.value.grants.map((g) => g.grantMadeAt).filter((d): d is string => !!d).sort();
    lastChange = dates[dates.length - 1];
    what = 'the user\'s latest role grant';
    targetId = facts.identity.userId!;
  } else {
    if (!clientFact) return result('token', 'skipped', 'No OAuth client named', []);
    if (!clientFact.ok) return result('token', 'unknown', 'Could not read the OAuth client', [clientFact.reason]);
    lastChange = clientFact.value.dateModified;
    what = 'the client\'s last change';
    targetId = clientFact.value.id;
  }
  if (!lastChange || Number.isNaN(Date.parse(lastChange))) {
    return result('token', 'unknown', `Could not tell when ${what} was made`, []);
  }
  const changedAt = Date.parse(lastChange);
  const staleUntil = changedAt + lifetime * 1000;
  const evidence = [
    `${capitalise(what)} was at ${lastChange}; tokens live up to ${hours(lifetime)}${lifetimeKnown ? '' : ' (the OAuth client was not read, so the longest lifetime Genesys allows is assumed)'}.`,
  ];
  if (facts.now < staleUntil) {
    evidence.push(
      `Tokens minted before ${lastChange} still carry the old access until ${new Date(staleUntil).toISOString()} at the latest.`,
    );
    return result('token', 'warn', 'Tokens issued before the last role change may still be in use: refresh them', evidence, [
      { kind: 'refresh-credentials', target: { kind: facts.identity.kind, id: targetId }, reason: `${what} at ${lastChange}` },
    ]);
  }
  evidence.push(
    'Every token still alive was minted after that change.',
    "When the integration's own tokens expire is not visible: Genesys lists no other client's tokens.",
  );
  return result('token', 'pass', 'Live tokens carry the current roles', evidence);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
