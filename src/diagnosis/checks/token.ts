/**
 * token: did the identity's roles change so recently that Genesys may not have applied the change yet?
 *
 * Help page "Edit a role": "It can take up to five minutes for permission updates to make their way through
 * Genesys Cloud and take effect." Whether an already-issued token picks up a role change is not documented, so
 * this check never claims that old tokens keep old access and never proposes refreshing credentials: it reports
 * when the roles last changed (as far as the API shows it) and what it cannot see.
 */
import type { SubjectGrant } from '../../genesys/models';
import type { Facts } from '../facts';
import { result, type CheckResult } from '../verdict';

/** The propagation time Genesys documents for permission updates. */
export const PROPAGATION_MS = 5 * 60_000;

const PROPAGATION_QUOTE =
  'Genesys: "It can take up to five minutes for permission updates to make their way through Genesys Cloud and take effect." (help page "Edit a role")';
/** Inside the window the next step is to watch the change take effect, not to refresh credentials. */
const WATCH_IT =
  'To see when it takes effect, watch: add `watch` to the command (`/sr-check … watch`, `sr-check … --watch`): it re-checks at 15 s, 30 s, 1, 2, 3, 5, 7 and 10 min and stops at the first change.';
const ROLE_EDITS_UNSEEN =
  "Not visible: edits to a role's own permissions carry no date, so a recent change to a role the identity already holds would not show here.";
const NEW_TOKEN_NEXT =
  'Whether an already-issued token picks up a role change is not documented (unconfirmed): if the integration is still refused while sr-check predicts success, a new token is the next step.';

interface LastChange {
  at: string;
  atMs: number;
  /** What the date is, for the evidence. */
  evidence: string[];
  /** Summary when the change is inside the propagation window (`ago` is "N min ago" or similar). */
  recent: (ago: string) => string;
  /** Summary when it is not. */
  settled: string;
}

function parse(date: string | undefined): number | undefined {
  if (!date) return undefined;
  const ms = Date.parse(date);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A past span in the coarsest unit that keeps it readable (floored: "2 days", never "2880 min"). */
function elapsed(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} days`;
}

function describeGrant(g: SubjectGrant): string {
  return `${g.role.name ?? g.role.id} in ${g.division.name ?? g.division.id}`;
}

export function tokenCheck(facts: Facts): CheckResult {
  let change: LastChange;
  let undated: SubjectGrant[] = [];
  if (facts.identity.kind === 'user') {
    if (!facts.subject?.ok)
      return result(
        'token',
        'unknown',
        "Could not read the user's grants",
        facts.subject ? [facts.subject.reason] : [],
      );
    const grants = facts.subject.value.grants;
    if (grants.length === 0) {
      return result('token', 'unknown', "Could not tell when the user's roles last changed: the user holds no grants", [
        'A grant that was removed leaves no date, so when the roles last changed cannot be seen.',
      ]);
    }
    const dated = grants
      .map((g) => ({ g, ms: parse(g.grantMadeAt) }))
      .filter((d): d is { g: SubjectGrant; ms: number } => d.ms !== undefined)
      .sort((a, b) => b.ms - a.ms);
    undated = grants.filter((g) => parse(g.grantMadeAt) === undefined);
    const newest = dated[0];
    if (!newest) {
      return result(
        'token',
        'unknown',
        "Could not tell when the user's roles last changed: no grant carries a readable grantMadeAt",
        [],
      );
    }
    change = {
      at: newest.g.grantMadeAt!,
      atMs: newest.ms,
      evidence: [
        `The user's newest role grant (${describeGrant(newest.g)}) was made at ${newest.g.grantMadeAt} (grantMadeAt).`,
        'Not visible: a removed grant leaves no date.',
      ],
      recent: (ago) =>
        `Roles changed ${ago}: permission updates take up to five minutes to take effect; wait and re-check`,
      settled: 'No role granted to the user in the last five minutes',
    };
  } else {
    const clientFact = facts.client;
    if (!clientFact) return result('token', 'skipped', 'No OAuth client named', []);
    if (!clientFact.ok) return result('token', 'unknown', 'Could not read the OAuth client', [clientFact.reason]);
    const modified = clientFact.value.dateModified;
    const atMs = parse(modified);
    if (atMs === undefined) {
      return result(
        'token',
        'unknown',
        "Could not tell when the OAuth client's roles last changed: it carries no readable dateModified",
        [modified ? `dateModified is "${modified}", not a date.` : 'The OAuth client carries no dateModified.'],
      );
    }
    change = {
      at: modified!,
      atMs,
      evidence: [
        `The OAuth client was last modified at ${modified} (dateModified). It moves on any edit of the client, so it is an upper bound: the client's roles last changed then or earlier.`,
      ],
      recent: (ago) =>
        `OAuth client edited ${ago} (its roles may have changed): permission updates take up to five minutes to take effect; wait and re-check`,
      settled: "No change to the OAuth client's roles in the last five minutes",
    };
  }

  const agoMs = facts.now - change.atMs;
  const evidence = [...change.evidence, PROPAGATION_QUOTE];
  if (agoMs < PROPAGATION_MS) {
    const ago =
      agoMs < 0
        ? `at ${change.at}, later than sr-check's clock`
        : agoMs < 60_000
          ? 'under a minute ago'
          : `${Math.floor(agoMs / 60_000)} min ago`;
    return result('token', 'warn', change.recent(ago), [...evidence, WATCH_IT, ROLE_EDITS_UNSEEN, NEW_TOKEN_NEXT]);
  }
  if (undated.length > 0) {
    return result('token', 'unknown', `Could not tell when ${undated.length} of the user's grants were made`, [
      ...evidence,
      `No readable grantMadeAt on: ${undated.map(describeGrant).join('; ')}.`,
    ]);
  }
  return result('token', 'pass', change.settled, [
    ...evidence,
    `That was ${elapsed(agoMs)} ago, longer than those five minutes.`,
    ROLE_EDITS_UNSEEN,
    NEW_TOKEN_NEXT,
  ]);
}
